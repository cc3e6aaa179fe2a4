import type { TurnContext } from '../../base/common/turnContext.js';
import type { Hypothesis, Recognition } from '../../speech/common/sttEngine.js';
import { SynthesisError } from '../../speech/common/ttsErrors.js';
import type { SpeechPort } from '../common/turnRunner.js';

/**
 * A speech port for turn tests and demos: recognition answers with scripted text (optionally
 * held until released), replies are recorded and "play" until stopped or released. Never used
 * by the product.
 */
export class ScriptedSpeech implements SpeechPort {
  readonly spoken: string[] = [];
  transcribed = 0;
  analysed = 0;
  stops = 0;
  /** Text the next transcribe() returns. */
  text = '';
  /** The recogniser's confidence in it (undefined: the engine gives none). */
  confidence: number | undefined = 1;
  /** Alternatives after the best (n-best), as the recogniser would list them. */
  alternatives: Hypothesis[] = [];
  /** When set, transcribe() waits for release() (or the turn's abort). */
  holdRecognition = false;
  /** When set, speak() keeps "playing" until release(), stop or abort. */
  holdReply = false;
  /** When set, the voice fails (as a synthesiser does, stderr in `detail`) after speaking this many sentences. */
  failAfterSentences: number | undefined;
  /** What the failing voice "printed": must reach the log only. */
  failureDetail = 'Bad voice attribute: root:x:0:0:root:/root:/bin/bash';
  private releases: Array<() => void> = [];

  async analyse(pcm: Int16Array): Promise<Float32Array> {
    this.analysed += 1;
    // Speech wherever the samples are loud: enough for trimToSpeech.
    return Float32Array.from({ length: Math.floor(pcm.length / 512) }, (_, f) => (Math.abs(pcm[f * 512 + 256] ?? 0) > 1000 ? 0.9 : 0.05));
  }

  async transcribe(_pcm: Int16Array, turn: TurnContext): Promise<Recognition> {
    this.transcribed += 1;
    if (this.holdRecognition) await this.held(turn.signal);
    const best = this.confidence === undefined ? [] : [{ text: this.text, confidence: this.confidence }];
    return {
      text: this.text,
      ...(this.confidence !== undefined ? { confidence: this.confidence } : {}),
      ...(this.alternatives.length ? { alternatives: [...best, ...this.alternatives] } : {}),
    };
  }

  vadThreshold(): number {
    return 0.5;
  }

  async speak(sentences: AsyncIterable<string>, turn: TurnContext): Promise<{ firstAudioAtMs?: number }> {
    let first: number | undefined;
    for await (const s of sentences) {
      if (this.failAfterSentences !== undefined && this.spoken.length >= this.failAfterSentences) {
        throw new SynthesisError('espeak-ng failed (exit 1)', this.failureDetail);
      }
      first ??= turn.now();
      this.spoken.push(s);
    }
    if (this.holdReply) await this.held(turn.signal);
    return first === undefined ? {} : { firstAudioAtMs: first };
  }

  stopSpeaking(): void {
    this.stops += 1;
    this.release();
  }

  /** Lets held recognition and replies finish. */
  release(): void {
    for (const r of this.releases.splice(0)) r();
  }

  /** Resolves when something is waiting on release(). */
  async waiting(): Promise<void> {
    while (this.releases.length === 0) await new Promise((r) => setImmediate(r));
  }

  private held(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      this.releases.push(resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }
}
