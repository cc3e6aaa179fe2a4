import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUtterance } from '../../core/intent/common/parser.js';
import { createTurnContext } from '../../core/base/common/turnContext.js';
import { recognise } from '../../core/turn/common/stages.js';
import { VAD_FRAME_SAMPLES } from '../../core/audio/common/vadTrim.js';
import { SileroVad } from '../../core/audio/node/sileroVad.js';
import { SpeechService } from '../../core/speech/node/speechService.js';
import { concat, corpusSample, silence, speak, TEST_VOICES } from '../integration/speech/espeakFixtures.js';
import { RecordingEvents, commandGrammar, speechTestConfig } from '../integration/speech/testConfig.js';
import { fakeAlsaHome } from '../peers/fakeAlsa.js';
import { below, percentile, threadCpuMs, type BenchResult } from './harness.js';

/**
 * CPU time (ms) of every thread but the main one: the audio worker, PortAudio's thread and the
 * native pools. The main thread runs this benchmark's real-time feeder.
 */
function otherThreadsCpuMs(): number {
  let ms = 0;
  for (const [tid, threadMs] of threadCpuMs()) if (tid !== String(process.pid)) ms += threadMs;
  return ms;
}

/** How long the idle-listening CPU is sampled. */
const IDLE_SAMPLE_MS = 5000;

/**
 * The speech path end to end with pocketsphinx and espeak-ng: PortAudio capture from the fake
 * ALSA mic (a FIFO this benchmark writes), push-to-talk with the real release tail, Silero VAD,
 * pocketsphinx, intent parse, espeak-ng reply to the (paced) null output.
 */
export default async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-speech-bench-'));
  const { home, fifo } = fakeAlsaHome(dir);
  process.env.HOME = home; // read by ALSA when PortAudio initialises in the audio worker

  const events = new RecordingEvents();
  const config = speechTestConfig({ audio: { inputDevice: 'mic' }, speech: { tts: { radioEffect: true } } });
  const service = new SpeechService(config, events, { modelsDir: join(dir, 'models'), grammar: commandGrammar });
  const writer = open(fifo, 'w');
  await service.start();
  const mic = await writer;
  const results: BenchResult[] = [];
  try {
    // Commands of 1.5-3 s, both voices.
    const clips = TEST_VOICES.flatMap((v) =>
      corpusSample()
        .filter((l) => !l.expected.startsWith('llm'))
        .map((l) => speak(join(dir, 'wav'), l.utterance, v.voice, v.wpm))
        .filter((pcm) => pcm.length >= 1.5 * 16000 && pcm.length <= 3 * 16000),
    );
    const toTranscript: number[] = [];
    const toFirstAudio: number[] = [];
    const arrivalMs: number[] = [];
    const sttMs: number[] = [];
    let written = 0;
    const feed = async (pcm: Int16Array): Promise<void> => {
      await mic.write(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
      written += pcm.length;
    };
    for (const clip of clips) {
      await feed(silence(300));
      const utterance = events.next('utterance');
      service.pttDown('key');
      await feed(concat(clip, silence(100)));
      // The FIFO has no clock: keep the mic flowing until the worker has read all of the speech,
      // as a real microphone would have by the time the pilot lets go.
      const target = written;
      while (service.capturedSamples < target) {
        await feed(silence(32));
        await new Promise((r) => setTimeout(r, 32)); // the mic's clock: 32 ms of audio per 32 ms
      }
      service.pttUp('key');
      await feed(silence(1000)); // the mic keeps delivering during the tail
      await utterance;
      const u = events.utterances.at(-1)!;
      const turn = createTurnContext({ originMs: u.releasedAtMs });
      const { text } = await recognise(u, service, turn);
      toTranscript.push(turn.now());
      arrivalMs.push(turn.metrics.all()[0]?.startedAt ?? NaN);
      sttMs.push(turn.metrics.all().find((m) => m.stage === 'stt')?.durationMs ?? NaN);
      parseUtterance(text);
      const { firstAudioAtMs } = await service.speak(['Heading two seven zero.'], turn);
      if (firstAudioAtMs !== undefined) toFirstAudio.push(firstAudioAtMs);
    }
    toTranscript.sort((a, b) => a - b);
    toFirstAudio.sort((a, b) => a - b);
    arrivalMs.sort((a, b) => a - b);
    sttMs.sort((a, b) => a - b);
    const n = `${toTranscript.length} utterances of 1.5-3 s; release tail ${config.ptt.releaseTailMs} ms included (utterance handed over at p50 ${percentile(arrivalMs, 50).toFixed(0)} ms, pocketsphinx run p50 ${percentile(sttMs, 50).toFixed(0)} ms; recognised during the tail ${service.speculation.used}, redone ${service.speculation.discarded})`;
    results.push(below('speech: release to transcript p50 (pocketsphinx)', percentile(toTranscript, 50), 'ms', 400, n));
    results.push(below('speech: release to transcript p95 (pocketsphinx)', percentile(toTranscript, 95), 'ms', 700, n));
    results.push(below('speech: release to first reply audio p50 (espeak-ng)', percentile(toFirstAudio, 50), 'ms', 600, `p95 ${percentile(toFirstAudio, 95).toFixed(0)} ms`));
    results.push(below('speech: STT model loads after the first turn', service.sttLoadCount - 1, 'loads', 1, `${clips.length} turns`));

    // Idle listening: mic streaming in real time, no press (hold mode: no VAD work).
    // Fed in 320 ms writes (the feeder's own file writes run on libuv's pool, counted below).
    const chunk = silence(320);
    const cpu0 = process.cpuUsage();
    const threads0 = otherThreadsCpuMs();
    const t0 = performance.now();
    let next = t0;
    while (performance.now() - t0 < IDLE_SAMPLE_MS) {
      await feed(chunk);
      next += 320;
      await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
    }
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - t0;
    const wholePct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    const audioPct = ((otherThreadsCpuMs() - threads0) / wallMs) * 100;
    results.push(
      below('speech: idle-listening CPU of audio worker + PortAudio threads', audioPct, '% of a core', 2, `whole process incl. the benchmark's own feeder: ${wholePct.toFixed(1)} %`),
    );

    // Silero VAD per 32 ms frame on real speech.
    const vad = await SileroVad.load();
    const speech = concat(...clips.slice(0, 10));
    const frameMs: number[] = [];
    for (let o = 0; o + VAD_FRAME_SAMPLES <= speech.length; o += VAD_FRAME_SAMPLES) {
      const f0 = performance.now();
      await vad.process(speech.subarray(o, o + VAD_FRAME_SAMPLES));
      frameMs.push(performance.now() - f0);
    }
    await vad.dispose();
    frameMs.sort((a, b) => a - b);
    results.push(below('speech: Silero VAD per 32 ms frame p50', percentile(frameMs, 50), 'ms', 1, `p95 ${percentile(frameMs, 95).toFixed(2)} ms over ${frameMs.length} frames`));
  } finally {
    await mic.close();
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
