import { VAD_FRAME_SAMPLES } from '../../audio/common/vadTrim.js';
import type { Recognition } from '../common/sttEngine.js';
import type { TimedText } from '../common/utterance.js';

interface Captured {
  pcm: Int16Array;
  probs: Float32Array;
}

/**
 * Recognition ahead of the end of an utterance: at a pause in speech (and when the pilot lets
 * go), the audio so far is recognised straight away. If the VAD then finds no speech after that
 * snapshot, that result is the utterance's transcript and is ready at (or soon after) the
 * release; if more speech came, it is thrown away and the full utterance is recognised.
 */
export class SpeculativeStt {
  private current: { ac: AbortController; text: Promise<TimedText>; samples: number } | undefined;
  /** Counters for diagnostics and the benchmark. */
  used = 0;
  discarded = 0;

  start(snapshot: Promise<Captured>, recognise: (audio: Captured, signal: AbortSignal) => Promise<Recognition>): void {
    this.cancel();
    const ac = new AbortController();
    const entry = { ac, samples: Infinity, text: Promise.resolve<TimedText>({ text: '', startedAtMs: 0, finishedAtMs: 0 }) };
    entry.text = snapshot.then(async (audio) => {
      entry.samples = audio.pcm.length;
      const startedAtMs = performance.now();
      const heard = await recognise(audio, ac.signal);
      return { ...heard, startedAtMs, finishedAtMs: performance.now() };
    });
    entry.text.catch(() => undefined); // consumed by take(); avoid unhandled rejections when discarded
    this.current = entry;
  }

  /**
   * The full utterance arrived: the speculative transcript if the audio after its snapshot held
   * no speech (it is then the utterance's transcript), else undefined (recognise the whole).
   */
  settle(full: Captured, threshold: number): Promise<TimedText> | undefined {
    const cur = this.current;
    this.current = undefined;
    if (!cur) return undefined;
    const firstTailFrame = Math.floor(cur.samples / VAD_FRAME_SAMPLES);
    let tailSpeech = !Number.isFinite(cur.samples);
    for (let f = firstTailFrame; f < full.probs.length && !tailSpeech; f++) tailSpeech = full.probs[f]! >= threshold;
    if (tailSpeech) {
      this.discarded += 1;
      cur.ac.abort('speech after the speculative snapshot');
      return undefined;
    }
    this.used += 1;
    return cur.text;
  }

  cancel(): void {
    this.current?.ac.abort('cancelled');
    this.current = undefined;
  }
}
