import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWavTo16kMono } from '../../../core/audio/common/wav.js';
import { createTurnContext, TurnAbortedError } from '../../../core/base/common/turnContext.js';
import { buildJsgf } from '../../../core/intent/common/grammarExport.js';
import { PocketsphinxEngine } from '../../../core/speech/node/pocketsphinxEngine.js';
import { DEFAULT_STRICTNESS, thresholdsFor } from '../../../core/turn/common/trust.js';
import { espeakAvailable, speak, TEST_VOICES } from './espeakFixtures.js';

const canRun = espeakAvailable() && PocketsphinxEngine.isInstalled();
if (!canRun) console.warn('skipping pocketsphinx engine tests: needs espeak-ng, libpocketsphinx3 and pocketsphinx-en-us');

/**
 * The product's grammar: the verification scores are calibrated for it (a decoder normalises its
 * scores by the best state it keeps alive, so a much smaller grammar scores higher throughout).
 */
const GRAMMAR = buildJsgf();
/** The decide stage's thresholds as a pilot who never opened the settings has them. */
const atDefault = thresholdsFor(DEFAULT_STRICTNESS);

describe.skipIf(!canRun)('pocketsphinx in-process, with a confidence of its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-ps-'));
  const engine = new PocketsphinxEngine({ jsgf: GRAMMAR });
  const hear = (pcm: Int16Array) => engine.transcribe(pcm, createTurnContext());
  beforeAll(() => engine.start());
  afterAll(async () => {
    await engine.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hears in-grammar commands in both test voices, believes them, with the n-best behind', async () => {
    expect(engine.status().state).toBe('ready');
    const believed: string[] = [];
    for (const { voice, wpm } of TEST_VOICES) {
      for (const said of ['autopilot off', 'gear down', 'swap nav one', 'heading two seven zero']) {
        const r = await hear(speak(dir, said, voice, wpm));
        expect(r.text, `${voice}: ${said}`).toBe(said);
        expect(r.alternatives?.[0]).toEqual({ text: said, confidence: r.confidence });
        if (r.confidence! >= atDefault.rejectBelow) believed.push(`${voice}: ${said}`);
      }
    }
    // Not all: the calibration trades some said commands for no wrong ones (see the bench).
    expect(believed.length, believed.join(', ')).toBeGreaterThanOrEqual(6);
  });

  it('would never fly speech the grammar cannot hold without asking, though a closed grammar forces it onto a command', async () => {
    for (const { voice, wpm } of TEST_VOICES) {
      for (const said of ['what is the weather like in kona', 'tell me a joke', 'how far is it to the airport']) {
        const r = await hear(speak(dir, said, voice, wpm));
        expect(r.confidence ?? 0, `${voice}: "${said}" heard as "${r.text}" ${JSON.stringify(r.evidence)}`).toBeLessThan(atDefault.askBelow);
      }
    }
  });

  it('hears noise as nothing it is sure of', async () => {
    const noise = decodeWavTo16kMono(execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', '-t', 'wav', '-', 'synth', '1.2', 'pinknoise', 'vol', '0.3']));
    const r = await hear(noise);
    expect(r.confidence ?? 0).toBeLessThan(0.2);
  });

  it('keeps the model loaded across utterances, and a turn aborted mid-decode does not shift results onto the next', async () => {
    const before = engine.loadCount;
    const ac = new AbortController();
    const turn = createTurnContext({ signal: ac.signal });
    const first = engine.transcribe(speak(dir, 'gear up', 'en-us+f2', 140), turn);
    ac.abort(new Error('barge-in'));
    await expect(first).rejects.toBeInstanceOf(TurnAbortedError);
    expect((await hear(speak(dir, 'autopilot on', 'en-us+f2', 140))).text).toBe('autopilot on');
    expect(engine.loadCount).toBe(before);
  });

  it('a grammar the library cannot compile is an error status that says why, not a crash', async () => {
    const bad = new PocketsphinxEngine({ jsgf: '#JSGF V1.0;\ngrammar bad;\npublic <x> = gear flurbleword;\n' });
    try {
      await bad.start();
      expect(bad.status().state).toBe('error');
      expect(bad.status().detail).toBe("pocketsphinx failed to load: pocketsphinx could not compile the grammar: The word 'flurbleword' is missing in the dictionary");
      await expect(bad.transcribe(new Int16Array(1600), createTurnContext())).rejects.toThrow(/pocketsphinx/);
    } finally {
      await bad.dispose();
    }
  });
});
