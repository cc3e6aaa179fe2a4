import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLI_TEST_TIMEOUT_MS, removeHome, startCli, tempHome, type CliHost } from './cliHost.js';
import { waitForStt, writeLmggRandom, writeSpeechConfig } from './modelsHelpers.js';

/** A WebSocket command is answered well within this (a 1 MB download from loopback included). */
const REPLY_TIMEOUT_MS = 30_000;
/** `stratus model use` checks a file and exits within this. */
const CLI_RUN_TIMEOUT_MS = 60_000;
const DAMAGED = /model file .* is damaged: .*; download it again or choose another file/;

describe('a corrupt whisper model (lmgg + random bytes) never takes the host down (built CLI)', () => {
  const homes: string[] = [];
  const hosts: CliHost[] = [];
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      const body = Buffer.concat([Buffer.from('lmgg'), Buffer.alloc(1 << 20, 0x5a)]);
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop();
    for (const d of homes.splice(0)) removeHome(d);
  });

  async function start(home: string): Promise<CliHost> {
    const host = await startCli({ home });
    hosts.push(host);
    return host;
  }

  it(
    'selected in settings: the host stays up with a status that says what to do, and a restart with it comes up',
    async () => {
      const home = tempHome('stratus-models-');
      homes.push(home);
      const bad = join(home, 'ggml-bad.bin');
      writeLmggRandom(bad);
      writeSpeechConfig(home, { engine: 'pocketsphinx' });
      const host = await start(home);
      await waitForStt(host, 'pocketsphinx ready', (s) => s.state === 'ready');
      const patch = await host.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ speech: { stt: { engine: 'whisper', modelPath: bad } } }) });
      expect(patch.status).toBe(200);
      const s = await waitForStt(host, 'the bad model refused', (x) => DAMAGED.test(x.detail));
      expect(s.detail).toContain(bad);
      expect(s.detail).toMatch(/Using pocketsphinx \(grammar\) meanwhile/);
      expect((await host.api('/api/health')).status).toBe(200);
      expect(await host.stop()).toBe(0);
      hosts.splice(0);

      // The setting stays; the next start must come up with the same clear status.
      const again = await start(home);
      const s2 = await waitForStt(again, 'the bad model refused again', (x) => DAMAGED.test(x.detail));
      expect(s2.state).toBe('missing');
      expect((await again.api('/api/health')).status).toBe(200);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'by `stratus model use`: refused with what is wrong, the config untouched',
    () => {
      const home = tempHome('stratus-models-');
      homes.push(home);
      const bad = join(home, 'ggml-bad.bin');
      writeLmggRandom(bad);
      writeSpeechConfig(home, { engine: 'pocketsphinx' });
      const before = readFileSync(join(home, 'config.json'), 'utf8');
      const r = spawnSync(process.execPath, ['bin/stratus.js', 'model', 'use', bad, '--config', join(home, 'config.json')], {
        encoding: 'utf8',
        env: { ...process.env, STRATUS_HOME: home, HOME: home },
        timeout: CLI_RUN_TIMEOUT_MS,
      });
      expect(r.status, r.stdout).not.toBe(0);
      expect(r.signal).toBeNull();
      expect(r.stderr).toMatch(DAMAGED);
      expect(readFileSync(join(home, 'config.json'), 'utf8')).toBe(before);
    },
    CLI_TEST_TIMEOUT_MS,
  );

  it(
    'by a WebSocket modelDownload: the damaged download is deleted, nothing is selected, a catalogue name with a URL is refused',
    async () => {
      const home = tempHome('stratus-models-');
      homes.push(home);
      writeSpeechConfig(home, { engine: 'pocketsphinx' });
      const host = await start(home);
      const ws = new WebSocket(`${host.url.replace('http', 'ws')}/ws?token=${host.token}`);
      const replies = new Map<number, { ok: boolean; error?: string }>();
      ws.on('message', (d: Buffer) => {
        const m = JSON.parse(d.toString()) as { kind: string; id: number; ok: boolean; error?: string };
        if (m.kind === 'reply') replies.set(m.id, m);
      });
      await new Promise((r, j) => ws.once('open', r).once('error', j));
      const send = async (id: number, command: unknown): Promise<{ ok: boolean; error?: string }> => {
        ws.send(JSON.stringify({ id, command }));
        const until = Date.now() + REPLY_TIMEOUT_MS;
        while (!replies.has(id)) {
          if (Date.now() > until) throw new Error(`no reply to ${id} within ${REPLY_TIMEOUT_MS} ms`);
          if (ws.readyState !== WebSocket.OPEN) throw new Error(`the host closed the WebSocket before replying to ${id}`);
          await new Promise<void>((r) => {
            const next = (): void => {
              ws.off('message', next).off('close', next);
              r();
            };
            ws.on('message', next).on('close', next);
          });
        }
        return replies.get(id)!;
      };
      try {
        const url = `http://127.0.0.1:${port}/ggml-evil.bin`;
        const r = await send(1, { type: 'modelDownload', id: 'evil', url });
        expect(r.ok).toBe(false);
        expect(r.error).toMatch(/the download of evil is not a usable whisper model \(header: .*\); the file was deleted/);
        expect(existsSync(join(home, 'models', 'ggml-evil.bin'))).toBe(false);
        const catalogue = await send(2, { type: 'modelDownload', id: 'base.en', url });
        expect(catalogue.ok).toBe(false);
        expect(catalogue.error).toMatch(/catalogue/);
        const settings = (await host.api('/api/settings')).body as { speech: { stt: { engine: string; whisperModel: string } } };
        expect(settings.speech.stt.engine).toBe('pocketsphinx');
        expect(settings.speech.stt.whisperModel).not.toBe('evil');
        expect((await host.api('/api/health')).status).toBe(200);
      } finally {
        ws.close();
      }
    },
    CLI_TEST_TIMEOUT_MS,
  );
});
