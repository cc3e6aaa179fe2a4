import { applyVolume, RadioEffect } from '../../audio/common/radioEffect.js';
import type { AudioSink } from '../../audio/node/audioOutput.js';
import type { SynthesizedAudio, TtsEngine } from '../common/ttsEngine.js';
import { TurnAbortedError } from '../../base/common/turnContext.js';

/** Audio is handed to the output in blocks this long: small enough that stop() cuts quickly. */
const BLOCK_MS = 40;

export interface SpeakOptions {
  radioEffect: boolean;
  volume: number;
  signal: AbortSignal;
  onFirstAudio(): void;
}

/**
 * Sentence-by-sentence streaming: sentence n+1 is synthesised while sentence n plays, so the
 * first words start after one sentence's synthesis, not the whole reply's.
 */
export async function speakSentences(
  sentences: AsyncIterable<string> | Iterable<string>,
  tts: TtsEngine,
  sink: AudioSink,
  opts: SpeakOptions,
): Promise<{ sentences: number; samples: number }> {
  const { signal } = opts;
  let effect: RadioEffect | undefined;
  let rate = 0;
  let first = true;
  let count = 0;
  let samples = 0;
  let next: { audio: Promise<SynthesizedAudio> } | undefined;
  const iterator = toAsyncIterator(sentences);
  const pull = async (): Promise<{ audio: Promise<SynthesizedAudio> } | undefined> => {
    for (;;) {
      const r = await iterator.next();
      if (r.done) return undefined;
      const text = r.value.trim();
      if (text) {
        const p = tts.synthesize(text, signal);
        p.catch(() => undefined); // awaited below; avoid an unhandled rejection if we stop early
        return { audio: p };
      }
    }
  };
  next = await pull();
  const onAbort = (): void => sink.stop();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (next) {
      const audio = await next.audio;
      if (signal.aborted) throw new TurnAbortedError(signal.reason);
      next = await pull(); // start synthesising the next sentence while this one plays
      if (opts.radioEffect && (!effect || rate !== audio.sampleRateHz)) effect = new RadioEffect({ sampleRateHz: audio.sampleRateHz });
      rate = audio.sampleRateHz;
      const processed = applyVolume(opts.radioEffect && effect ? effect.process(audio.samples) : audio.samples.slice(), opts.volume);
      const block = Math.max(1, Math.round((BLOCK_MS / 1000) * audio.sampleRateHz));
      for (let o = 0; o < processed.length; o += block) {
        if (signal.aborted) throw new TurnAbortedError(signal.reason);
        const chunk = processed.subarray(o, o + block);
        const played = sink.play(chunk, audio.sampleRateHz);
        if (first) {
          first = false;
          opts.onFirstAudio();
        }
        await played;
        samples += chunk.length;
      }
      count += 1;
    }
    if (effect && !signal.aborted) await sink.play(applyVolume(effect.squelchTail(), opts.volume), rate);
    if (!signal.aborted) await sink.drain();
    if (signal.aborted) throw new TurnAbortedError(signal.reason);
    return { sentences: count, samples };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function toAsyncIterator(src: AsyncIterable<string> | Iterable<string>): AsyncIterator<string> {
  if (Symbol.asyncIterator in src) return src[Symbol.asyncIterator]();
  const it = src[Symbol.iterator]();
  return { next: async () => it.next() };
}
