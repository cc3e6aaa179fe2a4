import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUtterance } from '../../../core/intent/common/parser.js';
import { createTurnContext } from '../../../core/base/common/turnContext.js';
import { recognise } from '../../../core/turn/common/stages.js';
import { PocketsphinxEngine } from '../../../core/speech/node/pocketsphinxEngine.js';
import { SpeechService } from '../../../core/speech/node/speechService.js';
import { corpusSample, espeakAvailable, speak, TEST_VOICES } from './espeakFixtures.js';
import { RecordingEvents, commandGrammar, speechTestConfig } from './testConfig.js';

const canRun = espeakAvailable() && PocketsphinxEngine.isInstalled();
if (!canRun) console.warn('skipping recognition accuracy: needs espeak-ng and pocketsphinx + pocketsphinx-en-us');

/** Commands (not llm/invalid lines) spoken by espeak-ng, recognised by pocketsphinx with the intent grammar. */
describe.skipIf(!canRun)('real speech through pocketsphinx + intent grammar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-speech-'));
  const events = new RecordingEvents();
  const service = new SpeechService(speechTestConfig(), events, { modelsDir: join(dir, 'models'), grammar: commandGrammar });
  const lines = corpusSample().filter((l) => !l.expected.startsWith('llm') && !l.expected.startsWith('invalid'));

  beforeAll(async () => {
    await service.start();
  });
  afterAll(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts with pocketsphinx and Silero', () => {
    const s = service.statuses();
    expect(s.stt.state).toBe('ready');
    expect(s.stt.detail).toMatch(/pocketsphinx/);
    expect(s.vad).toEqual({ state: 'ready', detail: 'Silero VAD v5' });
    expect(s.audio.state).toBe('disabled');
  });

  it('recognises most corpus commands from two synthetic voices', async () => {
    let correct = 0;
    const misses: string[] = [];
    for (const { voice, wpm } of TEST_VOICES) {
      for (const line of lines) {
        const pcm = speak(join(dir, 'wav'), line.utterance, voice, wpm);
        const turn = createTurnContext();
        const { text } = await recognise({ pcm, releasedAtMs: performance.now(), source: 'api' }, service, turn);
        // Checklist answers only mean something while a checklist runs.
        const notation = parseUtterance(text, { checklistActive: line.expected.startsWith('checklist') && !line.expected.includes('start') }).notation;
        if (notation === line.expected) correct += 1;
        else misses.push(`${voice}: "${line.utterance}" -> "${text}" (${notation})`);
        expect(turn.metrics.all().map((m) => m.stage)).toEqual(['vad', 'stt']);
      }
    }
    const total = lines.length * TEST_VOICES.length;
    const accuracy = correct / total;
    console.log(`command accuracy ${correct}/${total} = ${(accuracy * 100).toFixed(1)}%\n  misses:\n  ${misses.join('\n  ')}`);
    expect(total).toBeGreaterThanOrEqual(40);
    expect(accuracy).toBeGreaterThanOrEqual(0.7);
  }, 180_000);
});
