import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTurnContext } from '../../../core/base/common/turnContext.js';
import { buildGbnf } from '../../../core/intent/common/grammarExport.js';
import type { Transcript } from '../../../core/speech/common/sttEngine.js';
import { compileGbnf } from '../../../core/speech/common/whisperGrammar.js';
import { GrammarMatcher } from '../../../core/speech/common/whisperGrammarMatch.js';
import { WhisperEngine } from '../../../core/speech/node/whisperEngine.js';
import { useLeakCheck } from '../../helpers/leakCheck.js';
import { writeRandomWhisperModel } from './randomWhisperModel.js';

// A randomly initialised model: the text is garbage, so these tests check plumbing only.
describe('WhisperEngine (random model)', () => {
  useLeakCheck();
  const dir = mkdtempSync(join(tmpdir(), 'stratus-whisper-'));
  const modelPath = join(dir, 'ggml-random.bin');
  let engine: WhisperEngine;
  /** What the engine's grammar option returns ('' = open decoding). */
  let grammar = '';
  const pcm = Int16Array.from({ length: 16000 }, (_, i) => Math.round(3000 * Math.sin(i / 5)));

  beforeAll(async () => {
    writeRandomWhisperModel(modelPath);
    engine = new WhisperEngine({ modelPath, label: 'whisper random', prompt: () => 'heading altitude flaps', grammar: () => grammar, threads: 1 });
    await engine.start();
  });
  afterAll(async () => {
    grammar = '';
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
      expectScored(t);
    }
    expect(engine.loadCount).toBe(1);
    expect(engine.lastLoadMs).toBeGreaterThan(0);
    console.log(`whisper (random model): load ${engine.lastLoadMs.toFixed(0)} ms once; turns ${turnMs.map((m) => m.toFixed(0)).join(', ')} ms`);
  });

  it('decodes inside a one-phrase grammar: the random model must say exactly "gear down"', async () => {
    grammar = 'root ::= " gear down"\n';
    const t = await engine.transcribe(pcm, createTurnContext({ turnId: 'g1' }));
    expect(t.text).toBe('gear down');
    expectScored(t);
    // The grammar forced every token; the model itself (random weights) believed none of them.
    expect(t.evidence?.grammarMeanLogP).toBeCloseTo(0, 3);
    expect(t.evidence?.meanLogP).toBeLessThan(Math.log(0.01));
    expect(t.confidence).toBeLessThan(0.01);
    expect(engine.loadCount).toBe(1);
  });

  it('keeps the output inside the intent grammar (buildGbnf)', async () => {
    grammar = buildGbnf();
    const matcher = new GrammarMatcher(compileGbnf(grammar));
    for (let i = 0; i < 2; i++) {
      const t0 = performance.now();
      const t = await engine.transcribe(pcm, createTurnContext({ turnId: `c${i}` }));
      console.log(`whisper (random model, intent grammar): "${t.text}" in ${(performance.now() - t0).toFixed(0)} ms (whisper_full ${engine.lastDecodeMs.toFixed(0)} ms)`);
      expect(matcher.matches(` ${t.text}`)).toBe(true);
      expectScored(t);
    }
    expect(engine.loadCount).toBe(1);
  });

  it('honours abort during grammar decoding', async () => {
    grammar = buildGbnf();
    const ac = new AbortController();
    const pending = engine.transcribe(Int16Array.from({ length: 16000 * 8 }, (_, i) => Math.round(3000 * Math.sin(i / 7))), createTurnContext({ signal: ac.signal }));
    setTimeout(() => ac.abort('barge-in'), 50);
    await expect(pending).rejects.toThrow(/aborted/);
    const after = await engine.transcribe(pcm, createTurnContext());
    expectScored(after);
    grammar = '';
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

  it('stops a decode in flight on dispose', async () => {
    const other = new WhisperEngine({ modelPath, label: 'whisper random 2', threads: 1 });
    await other.start();
    const pending = other.transcribe(Int16Array.from({ length: 16000 * 8 }, (_, i) => Math.round(3000 * Math.sin(i / 7))), createTurnContext());
    const rejected = expect(pending).rejects.toThrow(/disposed/);
    const t0 = performance.now();
    await other.dispose();
    await rejected;
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('reports a missing model file as a status, not a throw', async () => {
    const missing = new WhisperEngine({ modelPath: join(dir, 'nope.bin'), label: 'whisper base.en' });
    await missing.start();
    expect(missing.status().state).toBe('missing');
    await missing.dispose();
  });
});

/** Every whisper transcript carries a confidence in [0, 1] and the evidence behind it. */
function expectScored(t: Transcript): void {
  expect(t.confidence).toBeGreaterThanOrEqual(0);
  expect(t.confidence).toBeLessThanOrEqual(1);
  expect(t.alternatives?.[0]).toEqual({ text: t.text, confidence: t.confidence });
  for (const k of ['meanLogP', 'minP', 'noSpeechProb']) expect(Number.isFinite(t.evidence?.[k]), k).toBe(true);
  expect(t.evidence?.noSpeechProb).toBeGreaterThanOrEqual(0);
  expect(t.evidence?.noSpeechProb).toBeLessThanOrEqual(1);
}
