import { VAD_FRAME_SAMPLES } from '../../audio/common/vadTrim.js';
import { TurnAbortedError } from '../../base/common/turnContext.js';

interface Captured {
  pcm: Int16Array;
  probs: Float32Array;
}

/** A speculative transcript with when its recognition ran (performance.now() ms). */
export interface TimedText {
  text: string;
  startedAtMs: number;
  finishedAtMs: number;
}

/**
 * Recognition during the release tail: when the pilot lets go, the audio so far is recognised
 * straight away. If the VAD then finds no speech in the tail, that result is the utterance's
 * result and arrives ~one tail earlier; if the tail held speech, it is thrown away and the full
 * utterance is recognised as usual.
 */
export class SpeculativeStt {
  private current: { ac: AbortController; text: Promise<TimedText>; samples: number } | undefined;
  private readonly confirmed = new WeakMap<Int16Array, { text: Promise<TimedText>; ac: AbortController }>();
  /** Counters for diagnostics and the benchmark. */
  used = 0;
  discarded = 0;

  start(snapshot: Promise<Captured>, recognise: (audio: Captured, signal: AbortSignal) => Promise<string>): void {
    this.cancel();
    const ac = new AbortController();
    const entry = { ac, samples: Infinity, text: Promise.resolve<TimedText>({ text: '', startedAtMs: 0, finishedAtMs: 0 }) };
    entry.text = snapshot.then(async (audio) => {
      entry.samples = audio.pcm.length;
      const startedAtMs = performance.now();
      const text = await recognise(audio, ac.signal);
      return { text, startedAtMs, finishedAtMs: performance.now() };
    });
    entry.text.catch(() => undefined); // consumed by take(); avoid unhandled rejections when discarded
    this.current = entry;
  }

  /** The full utterance arrived: keep the speculative result only if the tail was silence. */
  settle(full: Captured, threshold: number): void {
    const cur = this.current;
    this.current = undefined;
    if (!cur) return;
    const firstTailFrame = Math.floor(cur.samples / VAD_FRAME_SAMPLES);
    let tailSpeech = !Number.isFinite(cur.samples);
    for (let f = firstTailFrame; f < full.probs.length && !tailSpeech; f++) tailSpeech = full.probs[f]! >= threshold;
    if (tailSpeech) {
      this.discarded += 1;
      cur.ac.abort('speech in the release tail');
      return;
    }
    this.confirmed.set(full.pcm, { text: cur.text, ac: cur.ac });
  }

  /** The speculative text for this utterance, if it was confirmed; honours the turn's signal. */
  take(pcm: Int16Array, signal: AbortSignal): Promise<TimedText> | undefined {
    const c = this.confirmed.get(pcm);
    if (!c) return undefined;
    this.confirmed.delete(pcm);
    this.used += 1;
    if (signal.aborted) {
      c.ac.abort(signal.reason);
      return Promise.reject(new TurnAbortedError(signal.reason));
    }
    return new Promise<TimedText>((resolve, reject) => {
      const onAbort = (): void => {
        c.ac.abort(signal.reason);
        reject(new TurnAbortedError(signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      c.text.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  cancel(): void {
    this.current?.ac.abort('cancelled');
    this.current = undefined;
  }
}
