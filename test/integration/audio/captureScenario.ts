/**
 * Run by capture.test.ts in its own Node process with HOME pointing at a fake ALSA config (ALSA
 * reads ~/.asoundrc from the C environment, which a vitest worker cannot change). The fake mic
 * reads a FIFO, so this script is the microphone's clock. Prints one JSON result line.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { CAPTURE_CHUNK_MS } from '../../../native/portAudio.js';
import { createTurnContext } from '../../../core/base/common/turnContext.js';
import { recognise } from '../../../core/turn/common/stages.js';
import { SpeechService } from '../../../core/speech/node/speechService.js';
import { concat, silence, speak } from '../speech/espeakFixtures.js';
import { RecordingEvents, commandGrammar, speechTestConfig } from '../speech/testConfig.js';

const [dir = '', fifo = ''] = process.argv.slice(2);
const events = new RecordingEvents();
const service = new SpeechService(speechTestConfig({ audio: { inputDevice: 'mic', preRollMs: 300 } }), events, { modelsDir: dir, grammar: commandGrammar });
// Opening the capture device opens the FIFO for reading, which waits for this writer.
const writer = open(fifo, 'w');
await service.start();
const mic = await writer;
const result: Record<string, unknown> = { startStatus: service.statuses().audio };

const words = speak(join(dir, 'wav'), 'set heading two seven zero', 'en-us+f2', 140);
await mic.write(Buffer.from(silence(500).buffer)); // room noise before the press
const utterance = events.next('utterance');
const pressedAt = performance.now();
service.pttDown('key');
const level = events.next('level');
const speech = concat(words, silence(300));
await mic.write(Buffer.from(speech.buffer));
await level; // samples flow through the worker while listening
service.pttUp('key');
await mic.write(Buffer.from(silence(1000).buffer)); // a real mic keeps delivering during the release tail
await utterance;
const got = events.utterances[0]!;
const { text } = await recognise(got, service, createTurnContext());
Object.assign(result, {
  source: got.source,
  releasedAfterPress: got.releasedAtMs > pressedAt,
  utteranceSamples: got.pcm.length,
  speechSamples: speech.length,
  levels: events.levels.length,
  stages: events.stages,
  text,
});

// Voice-activated mode: no press; the mic is fed in real time, one capture period per period, so
// the VAD's silence timing is real (ALSA's file device pads a short read of its FIFO with zeros).
await service.updateConfig(speechTestConfig({ ptt: { mode: 'voice' }, audio: { inputDevice: 'mic', preRollMs: 400 }, speech: { vad: { silenceMs: 500 } } }));
const realTime = async (pcm: Int16Array): Promise<void> => {
  const period = (CAPTURE_CHUNK_MS / 1000) * 16000;
  for (let o = 0; o < pcm.length; o += period) {
    await mic.write(Buffer.from(pcm.buffer, pcm.byteOffset + o * 2, Math.min(period, pcm.length - o) * 2));
    await new Promise((r) => setTimeout(r, CAPTURE_CHUNK_MS)); // the microphone's clock
  }
};
// While a turn runs (or Stratus talks), speech must not start an utterance: it would be its own reply.
events.active = true;
const stagesBeforeBusy = events.stages.length;
await realTime(concat(silence(300), speak(join(dir, 'wav'), 'gear up', 'en-us+f2', 140), silence(800)));
result.voiceWhileBusy = events.stages.slice(stagesBeforeBusy);
events.active = false;
const voiceUtterance = events.next('utterance');
await realTime(concat(silence(500), speak(join(dir, 'wav'), 'landing gear down', 'en-us+f2', 140), silence(1500)));
await voiceUtterance;
const voice = events.utterances[1]!;
result.voice = { source: voice.source, text: (await recognise(voice, service, createTurnContext())).text };

await service.updateConfig(speechTestConfig({ audio: { inputDevice: 'No Such Headset' } }));
while (service.statuses().audio.state !== 'error') await events.next('status');
result.unknownDeviceStatus = service.statuses().audio;

await mic.close();
await service.dispose();
process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
