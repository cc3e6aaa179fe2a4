import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { modelEntrySchema, type EngineEvent } from '../../../core/api/common/contract.js';
import { createEngine, type Engine } from '../../../core/engine.js';
import { writeRandomWhisperModel } from './randomWhisperModel.js';

/** The settings window's model download, through the engine's contract commands. */
const home = mkdtempSync(join(tmpdir(), 'stratus-model-download-'));
let server: Server;
let engine: Engine;
const events: EngineEvent[] = [];
let release: (() => void) | undefined;
let model: Buffer;
/** Switching recognition loads the model in the engine's child process: ~1 s, more on a busy machine. */
const STT_SWITCH_TIMEOUT_MS = 30_000;

beforeAll(async () => {
  const file = join(home, 'random.bin');
  writeRandomWhisperModel(file);
  model = readFileSync(file);
  server = createServer((req, res) => {
    res.writeHead(200, { 'content-length': model.length });
    if (req.url === '/slow.bin') {
      // Half the file, then wait until the test has cancelled.
      res.write(model.subarray(0, model.length / 2));
      release = () => res.destroy();
      return;
    }
    res.end(model);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  // In the config file, not the environment: an environment override would outrank the download's choice.
  writeFileSync(
    join(home, 'config.json'),
    JSON.stringify({ audio: { inputDevice: 'none', outputDevice: 'none' }, llm: { provider: 'none' }, speech: { stt: { engine: 'pocketsphinx' } } }),
  );
  engine = await createEngine({ configPath: join(home, 'config.json'), sim: 'demo', env: { STRATUS_HOME: home } });
  engine.onEvent((e) => events.push(e));
  await engine.ready();
});

afterAll(async () => {
  release?.();
  await engine.dispose();
  await new Promise((r) => server.close(r));
  rmSync(home, { recursive: true, force: true });
});

const url = (path: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;

describe('model download through the engine', () => {
  it('lists the known models, none installed', async () => {
    const list = modelEntrySchema.array().parse(await engine.execute({ type: 'modelList' }));
    expect(list.map((m) => m.id)).toEqual(expect.arrayContaining(['tiny.en', 'base.en', 'small.en']));
    expect(list.every((m) => !m.installed && m.bytes === 0)).toBe(true);
  });

  it('downloads a custom model with progress, installs it with its SHA-256 but leaves selecting it to the pilot', async () => {
    const list = modelEntrySchema.array().parse(await engine.execute({ type: 'modelDownload', id: 'test-model', url: url('/model.bin') }));
    const entry = list.find((m) => m.id === 'test-model')!;
    expect(entry).toMatchObject({ installed: true, selected: false, downloading: false, custom: true, sha256: createHash('sha256').update(model).digest('hex') });
    expect(entry.bytes).toBeGreaterThan(1_000_000);
    const progress = events.filter((e) => e.type === 'modelProgress');
    expect(progress.at(-1)).toMatchObject({ id: 'test-model', state: 'installed', sha256: entry.sha256 });
    expect(engine.settings().speech.stt.engine).toBe('pocketsphinx');
    // The pilot selects it: recognition switches to it.
    await engine.updateSettings({ speech: { stt: { engine: 'whisper', whisperModel: 'test-model', modelPath: null } } });
    await vi.waitFor(() => expect(engine.state().engines.stt).toMatchObject({ state: 'ready', detail: expect.stringMatching(/whisper/) as unknown }), { timeout: STT_SWITCH_TIMEOUT_MS, interval: 50 });
  });

  it('cancels a download on request and says so', async () => {
    const done = engine.execute({ type: 'modelDownload', id: 'slow-model', url: url('/slow.bin') });
    await new Promise<void>((resolve) => {
      const off = engine.onEvent((e) => {
        if (e.type === 'modelProgress' && e.id === 'slow-model') {
          off();
          resolve();
        }
      });
    });
    await engine.execute({ type: 'modelCancel', id: 'slow-model' });
    await expect(done).rejects.toThrow();
    expect(events.filter((e) => e.type === 'modelProgress' && e.id === 'slow-model').at(-1)).toMatchObject({ state: 'cancelled' });
  });

  it('previews the voice', async () => {
    await expect(engine.execute({ type: 'voicePreview', text: 'radio check' })).resolves.toBeDefined();
  });
});
