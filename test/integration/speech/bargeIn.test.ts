import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTurnContext } from '../../../core/base/common/turnContext.js';
import { PocketsphinxEngine } from '../../../core/speech/node/pocketsphinxEngine.js';
import { SpeechService } from '../../../core/speech/node/speechService.js';
import { espeakAvailable } from './espeakFixtures.js';
import { RecordingEvents, commandGrammar, speechTestConfig } from './testConfig.js';

const canRun = espeakAvailable() && PocketsphinxEngine.isInstalled();
if (!canRun) console.warn('skipping speak/barge-in tests: needs espeak-ng and pocketsphinx');

describe.skipIf(!canRun)('speak() and barge-in (espeak-ng, paced null output)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-barge-'));
  const events = new RecordingEvents();
  const service = new SpeechService(speechTestConfig({ speech: { tts: { radioEffect: true } } }), events, { modelsDir: dir, grammar: commandGrammar });

  beforeAll(async () => {
    await service.start();
  });
  afterAll(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('speaks sentence by sentence and reports first audio', async () => {
    expect(service.statuses().tts.state).toBe('ready');
    const turn = createTurnContext();
    const t0 = performance.now();
    const { firstAudioAtMs } = await service.speak(['Heading two seven zero.', 'Climbing to five thousand.'], turn);
    const totalMs = performance.now() - t0;
    expect(firstAudioAtMs).toBeGreaterThan(0);
    // The reply lasts ~2 s of audio: first audio must come long before the end.
    expect(firstAudioAtMs!).toBeLessThan(totalMs / 2);
    const tts = turn.metrics.all().find((m) => m.stage === 'tts');
    expect(tts).toMatchObject({ cancelled: false });
    expect(tts?.ttfbMs).toBeGreaterThan(0);
    expect(service.isSpeaking).toBe(false);
  });

  it('a press while speaking stops the audio within 50 ms and asks to abort the turn', async () => {
    const ac = new AbortController();
    const turn = createTurnContext({ signal: ac.signal });
    events.onBargeIn = () => {
      events.bargeIns += 1;
      ac.abort('barge-in');
    };
    let firstSentenceSynthesised!: () => void;
    const synthesised = new Promise<void>((r) => (firstSentenceSynthesised = r));
    async function* reply(): AsyncGenerator<string> {
      yield 'This is a long reply that keeps talking for several seconds so the pilot can interrupt it.';
      firstSentenceSynthesised(); // the speaker asks for sentence 2 right as sentence 1 starts playing
      yield 'And a second sentence.';
    }
    const speaking = service.speak(reply(), turn).then(
      () => 'finished',
      (e: Error) => e.name,
    );
    await synthesised;
    await new Promise<void>((r) => setImmediate(r)); // let the first block reach the output
    const pressAt = performance.now();
    service.pttDown('key');
    const outcome = await speaking;
    const stopMs = performance.now() - pressAt;
    service.pttUp('key');
    expect(outcome).toBe('AbortError');
    expect(events.bargeIns).toBe(1);
    expect(stopMs).toBeLessThan(50);
    const tts = turn.metrics.all().find((m) => m.stage === 'tts');
    expect(tts?.cancelled).toBe(true);
    expect(tts?.ttfbMs).toBeDefined(); // audio had started before the press
  });
});
