import type { Recognition } from './sttEngine.js';

/** A transcript recognised ahead of the turn (during a pause or the release tail), with when it ran (performance.now() ms). */
export interface TimedText extends Recognition {
  startedAtMs: number;
  finishedAtMs: number;
}

/**
 * One push-to-talk utterance as speech hands it to the turn runner: everything the VAD and STT
 * stages need travels with it, nothing is looked up elsewhere.
 */
export interface Utterance {
  /** 16 kHz mono, pre-roll included. */
  pcm: Int16Array;
  /** The live VAD's speech probability per 512-sample frame, when the audio worker scored it. */
  vadProbs?: Float32Array;
  /** A transcript of all the speech in `pcm`, recognised before the release ended (confirmed: no speech after it). */
  early?: Promise<TimedText>;
  /** When the pilot let go (or the VAD heard the end), on performance.now(). */
  releasedAtMs: number;
  source: string;
}
