import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '../../../core/audio/common/wav.js';
import { commandResultSchema, type EngineState } from '../../../core/api/common/contract.js';
import { startHeadless, type HeadlessServer } from '../../../core/api/node/headlessServer.js';
import { createEngine, type Engine } from '../../../core/engine.js';
import { espeakAvailable, speak } from '../speech/espeakFixtures.js';

/** A pilot's own phrase, spoken: espeak-ng audio, pocketsphinx with the grammar rebuilt live, the demo sim. */
const pocketsphinxAvailable = spawnSync('pocketsphinx_continuous', ['-h'], { stdio: 'ignore' }).error === undefined;
const ready = espeakAvailable() && pocketsphinxAvailable;
if (!ready) console.warn('skipping custom speech tests: espeak-ng or pocketsphinx is not installed (apt-get install espeak-ng pocketsphinx pocketsphinx-en-us)');

/** pocketsphinx reloads its model and grammar in about 0.5 s; a busy 2-core machine takes longer. */
const GRAMMAR_RELOAD_TIMEOUT_MS = 30_000;
/** `stratus say` starts an engine with VAD, pocketsphinx and espeak-ng from cold (tsx when dist is stale): slow on 2 shared cores. */
const SAY_TIMEOUT_MS = 120_000;
/** The live test: two or three utterances and one recogniser reload. */
const LIVE_TEST_TIMEOUT_MS = 90_000;

const home = mkdtempSync(join(tmpdir(), 'stratus-h6-speech-'));
const speechEnv = {
  STRATUS_HOME: home,
  STRATUS_AUDIO_INPUTDEVICE: 'none',
  STRATUS_AUDIO_OUTPUTDEVICE: 'none',
  STRATUS_SPEECH_STT_ENGINE: 'pocketsphinx',
  STRATUS_LLM_PROVIDER: 'none',
};
const PHRASE = 'taxi light switch on';
const COMMAND = { id: 'taxi-switch', phrase: 'taxi light switch {state}', choices: { state: { on: 1, off: 0 } }, actions: { demo: [{ demo: 'taxiLights', value: '{state}' }] } };

/** Resolves when the recogniser has gone through loading and is ready again (the grammar was rebuilt). */
function reloaded(engine: Engine): Promise<void> {
  return new Promise((resolve, reject) => {
    let sawLoading = false;
    const timer = setTimeout(() => {
      off();
      reject(new Error(`speech recognition did not reload within ${GRAMMAR_RELOAD_TIMEOUT_MS} ms`));
    }, GRAMMAR_RELOAD_TIMEOUT_MS);
    const off = engine.onState((s: EngineState) => {
      if (s.engines.stt.state === 'loading') sawLoading = true;
      else if (sawLoading && s.engines.stt.state === 'ready') {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

describe.skipIf(!ready)('a custom phrase, spoken', () => {
  let engine: Engine;
  let server: HeadlessServer;
  const wavDir = join(home, 'wav');
  beforeAll(async () => {
    engine = await createEngine({ configPath: join(home, 'config.json'), sim: 'demo', env: speechEnv });
    await engine.ready();
    server = await startHeadless({ engine, rendererDir: home, version: 'test' });
  });
  afterAll(async () => {
    await server?.close();
    await engine?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  const post = (path: string, body: Buffer, type: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', body: body as unknown as BodyInit, headers: { authorization: `Bearer ${server.token}`, 'content-type': type } });

  it('is not heard before it is added, and is recognised and applied once added live (no restart)', async () => {
    const wav = Buffer.from(encodeWav16(speak(wavDir, PHRASE, 'en-us+f2', 140), 16000));
    const before = commandResultSchema.parse(await (await post('/api/utterance', wav, 'audio/wav')).json());
    expect(before.intent).not.toMatch(/^custom/);
    expect(engine.state().telemetry.lightsOn).not.toContain('taxi');

    const rebuilt = reloaded(engine);
    const saved = await post('/api/custom-commands', Buffer.from(JSON.stringify({ command: COMMAND })), 'application/json');
    expect(saved.status).toBe(200);
    await rebuilt;

    let result = commandResultSchema.parse(await (await post('/api/utterance', wav, 'audio/wav')).json());
    expect(result.transcript).toBe(PHRASE);
    expect(result.intent).toBe(`custom taxi-switch ${PHRASE}`);
    if (result.outcome.status === 'confirming') {
      // Heard without near certainty: read back as a question, nothing done until "affirm".
      expect(engine.state().telemetry.lightsOn).not.toContain('taxi');
      const affirm = Buffer.from(encodeWav16(speak(wavDir, 'affirm', 'en-us+f2', 140), 16000));
      result = commandResultSchema.parse(await (await post('/api/utterance', affirm, 'audio/wav')).json());
    }
    expect(result.outcome.status).toBe('applied');
    expect(engine.state().telemetry.lightsOn).toContain('taxi');
  }, LIVE_TEST_TIMEOUT_MS);

  it('stratus say with a config folder holding the command flies it', () => {
    const dir = mkdtempSync(join(home, 'say-'));
    writeFileSync(join(dir, 'config.json'), '{}');
    writeFileSync(join(dir, 'custom-commands.yaml'), JSON.stringify({ version: 1, commands: [COMMAND] }));
    const file = join(dir, 'say.wav');
    writeFileSync(file, encodeWav16(speak(wavDir, PHRASE, 'en-us+f2', 140), 16000));
    const r = spawnSync(process.execPath, ['bin/stratus.js', 'say', '--config', join(dir, 'config.json'), file], { encoding: 'utf8', env: { ...process.env, ...speechEnv }, timeout: SAY_TIMEOUT_MS });
    const result = commandResultSchema.parse(JSON.parse(r.stdout));
    expect(result.transcript, r.stderr).toBe(PHRASE);
    expect(result.intent).toBe(`custom taxi-switch ${PHRASE}`);
    // A fresh engine: applied, or asked back first (then nothing flew and the CLI exits 1 as for any unconfirmed command).
    expect(['applied', 'confirming']).toContain(result.outcome.status);
  }, SAY_TIMEOUT_MS + 10_000);
});
