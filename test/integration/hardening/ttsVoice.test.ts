import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { commandResultSchema, engineStateSchema, serverMessageSchema, type ServerMessage } from '../../../core/api/common/contract.js';
import { startHeadlessHost, type HeadlessHost } from '../../e2e/helpers/headlessHost.js';

/**
 * Issue 14, point 1, through the built CLI (`bin/stratus.js headless --sim demo`): a voice that
 * is a path is refused, and a synthesiser that fails never turns an applied command into an
 * error nor reaches a client with what it printed.
 */

/** The real espeak-ng, which lists the installed voices; without it there is nothing to validate against. */
const espeak = spawnSync('sh', ['-c', 'command -v espeak-ng'], { encoding: 'utf8' }).stdout.trim();
/** What the broken synthesiser prints on stderr: must never reach an API answer or the state. */
const STDERR_MARKER = 'root:x:0:0:root:/root:/bin/bash STDERR-MARKER-7f3a';
/** A command's answer on a loaded box: the demo sim confirms within a second; this is slack. */
const WS_EVENT_TIMEOUT_MS = 15_000;

async function api(host: HeadlessHost, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${host.origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, text: await res.text() };
}

describe.skipIf(!espeak)('speech.tts.voice through the headless CLI', () => {
  if (!espeak) console.warn('skipped: espeak-ng is not installed (apt install espeak-ng), so there are no installed voices to validate against');
  let host: HeadlessHost;
  beforeAll(async () => {
    host = await startHeadlessHost();
  });
  afterAll(async () => {
    await host?.dispose();
  });

  it('refuses a voice that is a path with 400, naming installed voices, and keeps the saved voice', async () => {
    const before = await host.get<{ speech: { tts: { voice: string } } }>('/api/settings');
    const res = await api(host, 'PATCH', '/api/settings', { speech: { tts: { voice: '../../../../../../etc/passwd' } } });
    expect(res.status, res.text).toBe(400);
    expect(res.text).toMatch(/speech\.tts\.voice/);
    expect(res.text).toMatch(/en-us/); // a few installed voices are offered
    expect(res.text).not.toContain('root:x:0:0');
    const after = await host.get<{ speech: { tts: { voice: string } } }>('/api/settings');
    expect(after.speech.tts.voice).toBe(before.speech.tts.voice);
  });

  it('refuses a voice that is not installed, and one that looks like an option', async () => {
    for (const voice of ['xx-nonexistent', '--stdout', 'en-us+nosuchvariant']) {
      const res = await api(host, 'PATCH', '/api/settings', { speech: { tts: { voice } } });
      expect(res.status, `${voice}: ${res.text}`).toBe(400);
    }
  });

  it('accepts an installed voice with a variant', async () => {
    const res = await api(host, 'PATCH', '/api/settings', { speech: { tts: { voice: 'en-gb+f2' } } });
    expect(res.status, res.text).toBe(200);
    const s = await host.get<{ speech: { tts: { voice: string } } }>('/api/settings');
    expect(s.speech.tts.voice).toBe('en-gb+f2');
  });
});

describe.skipIf(!espeak)('a config file whose voice is not installed', () => {
  let dir: string;
  let host: HeadlessHost;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stratus-tts-config-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ speech: { tts: { voice: 'xx-notinstalled+m3' } }, overlay: { opacity: 0.5 } }));
    host = await startHeadlessHost([], dir);
  });
  afterAll(async () => {
    await host?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with the default voice and a visible warning, keeping every other setting', async () => {
    const socket = await openSocket(host);
    try {
      // The voice check runs beside start-up: wait for its warning to reach the state.
      const warned = (m: ServerMessage): boolean => (m.kind === 'state' || m.kind === 'hello') && m.state.warnings.some((w) => w.id === 'tts-voice');
      const msg = await socket.until(warned, 'the voice warning in the state');
      const state = msg.kind === 'state' || msg.kind === 'hello' ? msg.state : undefined;
      expect(state?.warnings.find((w) => w.id === 'tts-voice')?.message).toMatch(/"xx-notinstalled\+m3" is not installed.*en-us\+m3/);
      const settings = await host.get<{ overlay: { opacity: number } }>('/api/settings');
      expect(settings.overlay.opacity).toBe(0.5);
      const tts = await socket.until((m) => (m.kind === 'state' || m.kind === 'hello') && m.state.engines.tts.state === 'ready', 'the voice ready');
      expect(tts.kind === 'state' || tts.kind === 'hello' ? tts.state.engines.tts.detail : '').toContain('using en-us+m3');
    } finally {
      socket.close();
    }
  });
});

describe.skipIf(!espeak)('a synthesiser that fails, through the headless CLI', () => {
  let host: HeadlessHost;
  let bin: string;
  beforeAll(async () => {
    // Failure injection through PATH (no test hook in the product): an espeak-ng that lists the
    // real installed voices but fails every synthesis with stderr text, as a broken install does.
    bin = mkdtempSync(join(tmpdir(), 'stratus-tts-broken-'));
    const script = join(bin, 'espeak-ng');
    writeFileSync(
      script,
      `#!/bin/sh\ncase "$1" in --voices*|--version) exec "${espeak}" "$@";; esac\necho "Bad voice attribute: ${STDERR_MARKER}" >&2\nexit 1\n`,
    );
    chmodSync(script, 0o755);
    host = await startHeadlessHost([], undefined, { PATH: `${bin}:${process.env.PATH ?? ''}` });
  });
  afterAll(async () => {
    await host?.dispose();
    rmSync(bin, { recursive: true, force: true });
  });

  it('answers 200 with the command applied exactly once, flagged as not spoken, with no stderr text anywhere', async () => {
    const patched = await api(host, 'PATCH', '/api/settings', { speech: { tts: { voice: 'en-gb' } } });
    expect(patched.status, patched.text).toBe(200);
    const socket = await openSocket(host);
    try {
      const res = await api(host, 'POST', '/api/command', { text: 'heading two seven zero' });
      expect(res.status, res.text).toBe(200);
      expect(res.text).not.toContain('STDERR-MARKER');
      expect(res.text).not.toContain('root:x');
      const result = commandResultSchema.parse(JSON.parse(res.text));
      expect(result.outcome.status).toBe('applied');
      expect(result.reply.toLowerCase()).toContain('heading two seven zero');
      expect(result.spoken).toBe(false);
      expect(result.warning).toMatch(/speech output failed/i);

      await socket.until((m) => m.kind === 'event' && m.event.type === 'turnEnded' && m.event.turnId === result.turnId, 'turnEnded over the WebSocket');
      const applied = socket.messages.filter((m) => m.kind === 'event' && m.event.type === 'actionApplied' && m.event.notation === 'set ap.heading 270');
      expect(applied).toHaveLength(1);

      const state = await api(host, 'GET', '/api/state');
      expect(state.text).not.toContain('STDERR-MARKER');
      const parsed = engineStateSchema.parse(JSON.parse(state.text));
      expect(parsed.telemetry.apHeadingDegMag).toBe(270);
      expect(parsed.warnings.some((w) => /speech output failed/i.test(w.message))).toBe(true);

      // A voice preview fails, with the plain reason and not the synthesiser's output.
      socket.send({ id: 7, command: { type: 'voicePreview' } });
      const reply = await socket.until((m) => m.kind === 'reply' && m.id === 7, 'the voice preview reply');
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/speech output failed/i) as unknown });
      expect(socket.raw.join('\n')).not.toContain('STDERR-MARKER');
    } finally {
      socket.close();
    }
  });
});

interface Socket {
  messages: ServerMessage[];
  raw: string[];
  send(msg: unknown): void;
  until(match: (m: ServerMessage) => boolean, what: string): Promise<ServerMessage>;
  close(): void;
}

/** The contract over the host's WebSocket: every message kept, and a wait for one that matches. */
async function openSocket(host: HeadlessHost): Promise<Socket> {
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ws?token=${host.token}`);
  const messages: ServerMessage[] = [];
  const raw: string[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    raw.push(data.toString());
    messages.push(serverMessageSchema.parse(JSON.parse(data.toString())));
    for (const w of [...waiters]) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    messages,
    raw,
    send: (msg) => ws.send(JSON.stringify(msg)),
    until: (match, what) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = messages.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}`));
        }, WS_EVENT_TIMEOUT_MS);
        waiters.add(check);
        check();
      }),
    close: () => ws.close(),
  };
}
