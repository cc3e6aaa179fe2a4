import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTurnContext } from '../../../core/base/common/turnContext.js';
import { recognise } from '../../../core/turn/common/stages.js';
import { PocketsphinxEngine } from '../../../core/speech/node/pocketsphinxEngine.js';
import { SpeechService } from '../../../core/speech/node/speechService.js';
import { espeakAvailable, speak } from './espeakFixtures.js';
import { writeRandomWhisperModel } from './randomWhisperModel.js';
import { RecordingEvents, commandGrammar, speechTestConfig } from './testConfig.js';

const canRun = espeakAvailable() && PocketsphinxEngine.isInstalled();
if (!canRun) console.warn('skipping STT selection tests: needs espeak-ng and pocketsphinx');

describe.skipIf(!canRun)('STT engine choice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-stt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without a whisper model: status says what to download and pocketsphinx takes over', async () => {
    const service = new SpeechService(speechTestConfig({ speech: { stt: { engine: 'whisper', whisperModel: 'base.en' } } }), new RecordingEvents(), { modelsDir: join(dir, 'empty'), grammar: commandGrammar });
    try {
      await service.start();
      const stt = service.statuses().stt;
      expect(stt.state).toBe('missing');
      expect(stt.detail).toBe('no model: download base.en (142 MB)? Using pocketsphinx (grammar) meanwhile');
      const { text, confidence } = await recognise({ pcm: speak(join(dir, 'wav'), 'gear down', 'en-us+f2', 140), releasedAtMs: performance.now(), source: 'api' }, service, createTurnContext());
      expect(text).toBe('gear down');
      // The recogniser scores itself: a clean, in-grammar command is heard with high confidence.
      expect(confidence).toBeGreaterThan(0.8);
    } finally {
      await service.dispose();
    }
  });

  it('with a model file in the models folder: whisper is used and stays loaded', async () => {
    const models = join(dir, 'models');
    mkdirSync(models);
    writeRandomWhisperModel(join(models, 'ggml-base.en.bin'));
    const service = new SpeechService(speechTestConfig({ speech: { stt: { engine: 'whisper', whisperModel: 'base.en' } } }), new RecordingEvents(), { modelsDir: models, grammar: commandGrammar });
    try {
      await service.start();
      expect(service.statuses().stt).toEqual({ state: 'ready', detail: 'whisper base.en' });
      const pcm = speak(join(dir, 'wav'), 'gear down', 'en-us+f2', 140);
      for (let i = 0; i < 2; i++) {
        const turn = createTurnContext();
        await recognise({ pcm, releasedAtMs: performance.now(), source: 'api' }, service, turn); // random weights: the text is garbage, the plumbing is real
        expect(turn.metrics.all().map((m) => m.stage)).toEqual(['vad', 'stt']);
      }
      expect(service.sttLoadCount).toBe(1);
    } finally {
      await service.dispose();
    }
  });

  it('an empty or silent utterance skips recognition', async () => {
    const service = new SpeechService(speechTestConfig(), new RecordingEvents(), { modelsDir: join(dir, 'empty'), grammar: commandGrammar });
    try {
      await service.start();
      const turn = createTurnContext();
      expect(await recognise({ pcm: new Int16Array(16000), releasedAtMs: performance.now(), source: 'api' }, service, turn)).toEqual({ text: '' });
      expect(turn.metrics.all().map((m) => m.stage)).toEqual(['vad']);
    } finally {
      await service.dispose();
    }
  });
});
