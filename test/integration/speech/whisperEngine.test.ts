import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTurnContext } from '../../../core/base/common/turnContext.js';
import { WhisperEngine } from '../../../core/speech/node/whisperEngine.js';
import { useLeakCheck } from '../../helpers/leakCheck.js';
import { writeRandomWhisperModel } from './randomWhisperModel.js';

// A randomly initialised model: the text is garbage, so these tests check plumbing only.
describe('WhisperEngine (random model)', () => {
  useLeakCheck();
  const dir = mkdtempSync(join(tmpdir(), 'stratus-whisper-'));
  const modelPath = join(dir, 'ggml-random.bin');
  let engine: WhisperEngine;
  const pcm = Int16Array.from({ length: 16000 }, (_, i) => Math.round(3000 * Math.sin(i / 5)));

  beforeAll(async () => {
    writeRandomWhisperModel(modelPath);
    engine = new WhisperEngine({ modelPath, label: 'whisper random', prompt: () => 'heading altitude flaps', threads: 1 });
    await engine.start();
  });
  afterAll(async () => {
    await engine?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads once and transcribes several turns with the resident model', async () => {
    expect(engine.status().state).toBe('ready');
    const turnMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const t = await engine.transcribe(pcm, createTurnContext({ turnId: `w${i}` }));
      turnMs.push(performance.now() - t0);
      expect(t.turnId).toBe(`w${i}`);
      expect(typeof t.text).toBe('string');
    }
    expect(engine.loadCount).toBe(1);
    expect(engine.lastLoadMs).toBeGreaterThan(0);
    console.log(`whisper (random model): load ${engine.lastLoadMs.toFixed(0)} ms once; turns ${turnMs.map((m) => m.toFixed(0)).join(', ')} ms`);
  });

  it('honours abort and keeps working afterwards', async () => {
    const ac = new AbortController();
    const pending = engine.transcribe(Int16Array.from({ length: 16000 * 8 }, (_, i) => Math.round(3000 * Math.sin(i / 7))), createTurnContext({ signal: ac.signal }));
    setTimeout(() => ac.abort('barge-in'), 50);
    const t0 = performance.now();
    await expect(pending).rejects.toThrow(/aborted/);
    expect(performance.now() - t0).toBeLessThan(2000);
    const after = await engine.transcribe(pcm, createTurnContext());
    expect(typeof after.text).toBe('string');
    expect(engine.loadCount).toBe(1);
  });

  it('reports a missing model file as a status, not a throw', async () => {
    const missing = new WhisperEngine({ modelPath: join(dir, 'nope.bin'), label: 'whisper base.en' });
    await missing.start();
    expect(missing.status().state).toBe('missing');
    await missing.dispose();
  });
});
