import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModelCli } from '../../../core/api/node/commands/modelCli.js';
import { writeRandomWhisperModel } from './randomWhisperModel.js';

const home = mkdtempSync(join(tmpdir(), 'stratus-model-cli-'));
let server: Server;
let model: Buffer;

beforeAll(async () => {
  process.env.STRATUS_HOME = home;
  const file = join(home, 'random.bin');
  writeRandomWhisperModel(file);
  model = readFileSync(file);
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-length': model.length });
    res.end(model);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(home, { recursive: true, force: true });
});

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe('stratus model', () => {
  it('downloads a model from the pilot\'s URL with progress, checks it, prints its SHA-256 and selects nothing', async () => {
    const t = io();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ggml-custom.bin`;
    expect(await runModelCli(['download', 'custom', '--url', url], t.io)).toBe(0);
    expect(t.err.at(-1)).toMatch(/100%/);
    const installed = join(home, 'models', 'ggml-custom.bin');
    expect(readFileSync(installed).equals(model)).toBe(true);
    expect(t.out.join('\n')).toContain(`SHA-256 ${createHash('sha256').update(model).digest('hex')}`);
    expect(t.out.join('\n')).toContain(`stratus model use ${installed}`);
    expect(existsSync(join(home, 'config.json'))).toBe(false); // nothing selected
  });

  it('refuses a custom URL under a catalogue name', async () => {
    await expect(runModelCli(['download', 'base.en', '--url', 'http://127.0.0.1:9/x.bin'], io().io)).rejects.toThrow(/catalogue/);
  });

  it('uses a local model file after checking it is a whisper model', async () => {
    const t = io();
    expect(await runModelCli(['use', join(home, 'random.bin')], t.io)).toBe(0);
    const config = JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')) as { speech: { stt: { modelPath: string } } };
    expect(existsSync(config.speech.stt.modelPath)).toBe(true);
    await expect(runModelCli(['use', join(home, 'config.json')], io().io)).rejects.toThrow(/ggml|GGUF|whisper/i);
  });

  it('lists the known models with their sizes', async () => {
    const t = io();
    expect(await runModelCli(['list'], t.io)).toBe(0);
    expect(t.out.join('\n')).toMatch(/base\.en\s+142 MB/);
  });

  it('refuses usage errors', async () => {
    await expect(runModelCli(['download'], io().io)).rejects.toThrow(/one model id/);
    await expect(runModelCli(['fly'], io().io)).rejects.toThrow(/list, download/);
  });
});
