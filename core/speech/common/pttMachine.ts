/**
 * Push-to-talk state machine (pure: time comes in with every event, effects go out as values).
 * Modes: 'hold' (speak while pressed), 'toggle' (press to start, press again or VAD silence to
 * end), 'voice' (VAD starts and ends utterances; a press still works like hold). A release keeps
 * listening for `releaseTailMs` so the last syllable is not clipped; a new press while a turn
 * runs or speaks is a barge-in.
 */
export type PttMode = 'hold' | 'toggle' | 'voice';
export type PttSource = 'api' | 'button' | 'key' | 'joystick' | 'vad';

export interface PttOptions {
  mode: PttMode;
  releaseTailMs: number;
  maxUtteranceMs: number;
  /** VAD silence that ends an utterance in toggle/voice mode. */
  silenceMs: number;
}

export type PttEffect =
  | { type: 'begin'; atMs: number; source: PttSource }
  | { type: 'bargeIn'; atMs: number; source: PttSource }
  /** The pilot let go and the release tail started: the audio so far can be recognised speculatively. */
  | { type: 'release'; atMs: number; source: PttSource }
  | {
      type: 'end';
      /** When the pilot let go (or VAD heard the end); the release tail runs after this. */
      releasedAtMs: number;
      atMs: number;
      source: PttSource;
      reason: 'release' | 'toggle' | 'silence' | 'max-length';
    };

type State =
  | { kind: 'idle' }
  | { kind: 'listening'; startedAtMs: number; source: PttSource; pressed: Set<string>; heardSpeech: boolean; silenceSinceMs?: number }
  | { kind: 'tail'; startedAtMs: number; source: PttSource; releasedAtMs: number; tailEndsAtMs: number; reason: 'release' | 'toggle' | 'silence' };

export class PttMachine {
  private state: State = { kind: 'idle' };
  /** Set by the owner while a turn is running or speaking: a new press then barges in. */
  turnActive = false;

  constructor(private opts: PttOptions) {}

  setOptions(opts: PttOptions): void {
    this.opts = opts;
  }

  get listening(): boolean {
    return this.state.kind !== 'idle';
  }

  get pressed(): boolean {
    return this.state.kind === 'listening' && this.state.pressed.size > 0;
  }

  down(source: PttSource, atMs: number): PttEffect[] {
    const s = this.state;
    if (s.kind === 'listening') {
      if (this.opts.mode === 'toggle' && !s.pressed.has(source)) {
        return this.release(s, atMs, 'toggle');
      }
      s.pressed.add(source);
      return [];
    }
    if (s.kind === 'tail') {
      // Pressed again within the tail: the pilot is still talking, keep the same utterance.
      this.state = { kind: 'listening', startedAtMs: s.startedAtMs, source: s.source, pressed: new Set([source]), heardSpeech: true };
      return [];
    }
    const effects: PttEffect[] = [];
    if (this.turnActive) effects.push({ type: 'bargeIn', atMs, source });
    this.state = { kind: 'listening', startedAtMs: atMs, source, pressed: new Set(this.opts.mode === 'toggle' ? [] : [source]), heardSpeech: false };
    effects.push({ type: 'begin', atMs, source });
    return effects;
  }

  up(source: PttSource, atMs: number): PttEffect[] {
    const s = this.state;
    if (s.kind !== 'listening' || this.opts.mode === 'toggle') return [];
    if (!s.pressed.delete(source)) return [];
    if (s.pressed.size > 0) return [];
    return this.release(s, atMs, 'release');
  }

  /** VAD verdict for one frame ending at `atMs`. */
  vad(speech: boolean, atMs: number): PttEffect[] {
    const s = this.state;
    if (s.kind === 'idle') {
      if (this.opts.mode === 'voice' && speech && !this.turnActive) {
        this.state = { kind: 'listening', startedAtMs: atMs, source: 'vad', pressed: new Set(), heardSpeech: true };
        return [{ type: 'begin', atMs, source: 'vad' }];
      }
      return [];
    }
    if (s.kind !== 'listening') return [];
    if (speech) {
      s.heardSpeech = true;
      delete s.silenceSinceMs;
      return [];
    }
    if (s.silenceSinceMs === undefined) s.silenceSinceMs = atMs;
    return this.silenceEnd(s, atMs);
  }

  /** In toggle/voice mode (nothing held), enough silence after speech ends the utterance. */
  private silenceDeadline(s: Extract<State, { kind: 'listening' }>): number | undefined {
    const endsOnSilence = s.pressed.size === 0 && s.heardSpeech && (this.opts.mode === 'toggle' || this.opts.mode === 'voice');
    return endsOnSilence && s.silenceSinceMs !== undefined ? s.silenceSinceMs + this.opts.silenceMs : undefined;
  }

  private silenceEnd(s: Extract<State, { kind: 'listening' }>, atMs: number): PttEffect[] {
    const deadline = this.silenceDeadline(s);
    if (deadline === undefined || atMs < deadline) return [];
    // The silence itself was the tail: no release tail needed.
    this.state = { kind: 'idle' };
    return [{ type: 'end', releasedAtMs: atMs, atMs, source: s.source, reason: 'silence' }];
  }

  /** Advances time: ends the tail and enforces the maximum utterance length. */
  tick(atMs: number): PttEffect[] {
    const s = this.state;
    if (s.kind === 'idle') return [];
    if (atMs - s.startedAtMs >= this.opts.maxUtteranceMs) {
      this.state = { kind: 'idle' };
      const releasedAtMs = s.kind === 'tail' ? s.releasedAtMs : atMs;
      return [{ type: 'end', releasedAtMs, atMs, source: s.source, reason: 'max-length' }];
    }
    if (s.kind === 'tail' && atMs >= s.tailEndsAtMs) {
      this.state = { kind: 'idle' };
      return [{ type: 'end', releasedAtMs: s.releasedAtMs, atMs, source: s.source, reason: s.reason }];
    }
    return s.kind === 'listening' ? this.silenceEnd(s, atMs) : [];
  }

  /** When the owner should call tick() next (undefined: nothing pending). */
  nextDeadlineMs(): number | undefined {
    const s = this.state;
    if (s.kind === 'idle') return undefined;
    const maxAt = s.startedAtMs + this.opts.maxUtteranceMs;
    if (s.kind === 'tail') return Math.min(s.tailEndsAtMs, maxAt);
    return Math.min(this.silenceDeadline(s) ?? Infinity, maxAt);
  }

  /** Drops the current utterance without emitting it (device lost, dispose). */
  reset(): void {
    this.state = { kind: 'idle' };
  }

  private release(s: Extract<State, { kind: 'listening' }>, atMs: number, reason: 'release' | 'toggle'): PttEffect[] {
    if (this.opts.releaseTailMs <= 0) {
      this.state = { kind: 'idle' };
      return [{ type: 'end', releasedAtMs: atMs, atMs, source: s.source, reason }];
    }
    this.state = { kind: 'tail', startedAtMs: s.startedAtMs, source: s.source, releasedAtMs: atMs, tailEndsAtMs: atMs + this.opts.releaseTailMs, reason };
    return [{ type: 'release', atMs, source: s.source }];
  }
}
