/**
 * Push-to-talk state machine (pure: time comes in with every event, effects go out as values).
 * Modes: 'hold' (speak while pressed), 'toggle' (press to start, press again or VAD silence to
 * end), 'voice' (VAD starts and ends utterances; a press still works like hold). A release keeps
 * listening for `releaseTailMs` so the last syllable is not clipped — unless the VAD already heard
 * the pilot stop (`pauseMs` of silence after speech): then the utterance is final at release, and
 * its recognition started during that pause. A new press while a turn runs or speaks is a barge-in.
 * Every press has a holder (a key, a joystick, one WebSocket client): the holder going away
 * releases it, and a press held past `maxHoldMs` is taken as stuck and released.
 */
export type PttMode = 'hold' | 'toggle' | 'voice';
export type PttSource = 'api' | 'button' | 'key' | 'joystick' | 'vad';

export interface PttOptions {
  mode: PttMode;
  releaseTailMs: number;
  maxUtteranceMs: number;
  /** VAD silence that ends an utterance in toggle/voice mode. */
  silenceMs: number;
  /** Silence after speech, while held, after which the pilot is taken to have finished (default 200 ms). */
  pauseMs?: number;
  /** A press held this long is stuck (a key left down, a client gone quiet): it is released. */
  maxHoldMs?: number;
}

/** Silence after speech that makes a release final at once: a breath between words is shorter. */
export const DEFAULT_PAUSE_MS = 200;
/** Default longest hold before a press counts as stuck. */
export const DEFAULT_MAX_HOLD_MS = 30_000;

export type PttEffect =
  | { type: 'begin'; atMs: number; source: PttSource }
  | { type: 'bargeIn'; atMs: number; source: PttSource }
  /** The pilot let go and the release tail started: the audio so far can be recognised speculatively. */
  | { type: 'release'; atMs: number; source: PttSource }
  /** The pilot has been silent `pauseMs` after speech while still holding: recognise what was said so far. */
  | { type: 'pause'; atMs: number; source: PttSource }
  /** A press was held past maxHoldMs and has been released (`holder` is the press that got stuck). */
  | { type: 'stuck'; atMs: number; source: PttSource; holder: string }
  | {
      type: 'end';
      /** When the pilot let go (or VAD heard the end); the release tail runs after this. */
      releasedAtMs: number;
      atMs: number;
      source: PttSource;
      reason: 'release' | 'toggle' | 'silence' | 'max-length' | 'max-hold';
      /** The VAD had heard the pilot finish before the release: no tail was waited for. */
      afterPause?: boolean;
    };

type State =
  | { kind: 'idle' }
  | { kind: 'listening'; startedAtMs: number; source: PttSource; pressed: Set<string>; heardSpeech: boolean; silenceSinceMs?: number; paused?: boolean }
  | { kind: 'tail'; startedAtMs: number; source: PttSource; releasedAtMs: number; tailEndsAtMs: number; reason: 'release' | 'toggle' };

export class PttMachine {
  private state: State = { kind: 'idle' };
  /** Who holds push-to-talk down, since when: the holder key is a client id or the source. */
  private readonly held = new Map<string, { source: PttSource; sinceMs: number }>();
  /** Set by the owner while a turn is running or speaking: a new press then barges in. */
  turnActive = false;

  constructor(private opts: PttOptions) {}

  setOptions(opts: PttOptions): void {
    this.opts = opts;
  }

  get listening(): boolean {
    return this.state.kind !== 'idle';
  }

  /** Some holder has push-to-talk down (in toggle mode a press is not held). */
  get pressed(): boolean {
    return this.held.size > 0;
  }

  private get pauseMs(): number {
    return this.opts.pauseMs ?? DEFAULT_PAUSE_MS;
  }

  private get maxHoldMs(): number {
    return this.opts.maxHoldMs ?? DEFAULT_MAX_HOLD_MS;
  }

  down(source: PttSource, atMs: number, holder: string = source): PttEffect[] {
    if (this.opts.mode !== 'toggle') {
      if (this.held.has(holder)) return []; // key repeat
      this.held.set(holder, { source, sinceMs: atMs });
    }
    const s = this.state;
    if (s.kind === 'listening') {
      if (this.opts.mode === 'toggle') return this.release(s, atMs, 'toggle');
      s.pressed.add(holder);
      return [];
    }
    if (s.kind === 'tail') {
      // Pressed again within the tail: the pilot is still talking, keep the same utterance.
      this.state = { kind: 'listening', startedAtMs: s.startedAtMs, source: s.source, pressed: new Set(this.opts.mode === 'toggle' ? [] : [holder]), heardSpeech: true };
      return [];
    }
    const effects: PttEffect[] = [];
    if (this.turnActive) effects.push({ type: 'bargeIn', atMs, source });
    this.state = { kind: 'listening', startedAtMs: atMs, source, pressed: new Set(this.opts.mode === 'toggle' ? [] : [holder]), heardSpeech: false };
    effects.push({ type: 'begin', atMs, source });
    return effects;
  }

  up(_source: PttSource, atMs: number, holder: string = _source): PttEffect[] {
    if (!this.held.delete(holder)) return [];
    return this.letGo(holder, atMs, 'release');
  }

  /** Every press whose holder `matches` (the presses of a client that went away) is released. */
  releaseHolders(matches: (holder: string) => boolean, atMs: number): PttEffect[] {
    const effects: PttEffect[] = [];
    for (const holder of [...this.held.keys()]) {
      if (!matches(holder)) continue;
      this.held.delete(holder);
      effects.push(...this.letGo(holder, atMs, 'release'));
    }
    return effects;
  }

  private letGo(holder: string, atMs: number, reason: 'release' | 'max-hold'): PttEffect[] {
    const s = this.state;
    if (s.kind !== 'listening' || this.opts.mode === 'toggle') return [];
    if (!s.pressed.delete(holder) || s.pressed.size > 0) return [];
    return this.release(s, atMs, reason);
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
      delete s.paused;
      return [];
    }
    if (s.silenceSinceMs === undefined) s.silenceSinceMs = atMs;
    return this.silenceEffects(s, atMs);
  }

  /** In toggle/voice mode (nothing held), enough silence after speech ends the utterance. */
  private silenceDeadline(s: Extract<State, { kind: 'listening' }>): number | undefined {
    const endsOnSilence = s.pressed.size === 0 && s.heardSpeech && (this.opts.mode === 'toggle' || this.opts.mode === 'voice');
    return endsOnSilence && s.silenceSinceMs !== undefined ? s.silenceSinceMs + this.opts.silenceMs : undefined;
  }

  /** When a pause after speech will have lasted long enough to recognise what was said so far. */
  private pauseDeadline(s: Extract<State, { kind: 'listening' }>): number | undefined {
    return s.heardSpeech && !s.paused && s.silenceSinceMs !== undefined ? s.silenceSinceMs + this.pauseMs : undefined;
  }

  private silenceEffects(s: Extract<State, { kind: 'listening' }>, atMs: number): PttEffect[] {
    const deadline = this.silenceDeadline(s);
    if (deadline !== undefined && atMs >= deadline) {
      // The silence itself was the tail: no release tail needed.
      this.state = { kind: 'idle' };
      return [{ type: 'end', releasedAtMs: atMs, atMs, source: s.source, reason: 'silence', afterPause: true }];
    }
    const pauseAt = this.pauseDeadline(s);
    if (pauseAt !== undefined && atMs >= pauseAt) {
      s.paused = true;
      return [{ type: 'pause', atMs, source: s.source }];
    }
    return [];
  }

  /** Advances time: ends the tail, releases stuck presses and enforces the maximum utterance length. */
  tick(atMs: number): PttEffect[] {
    const effects: PttEffect[] = [];
    for (const [holder, h] of [...this.held]) {
      if (atMs - h.sinceMs < this.maxHoldMs) continue;
      this.held.delete(holder);
      effects.push({ type: 'stuck', atMs, source: h.source, holder }, ...this.letGo(holder, atMs, 'max-hold'));
    }
    const s = this.state;
    if (s.kind === 'idle') return effects;
    if (atMs - s.startedAtMs >= this.opts.maxUtteranceMs) {
      this.state = { kind: 'idle' };
      const releasedAtMs = s.kind === 'tail' ? s.releasedAtMs : atMs;
      return [...effects, { type: 'end', releasedAtMs, atMs, source: s.source, reason: 'max-length' }];
    }
    if (s.kind === 'tail' && atMs >= s.tailEndsAtMs) {
      this.state = { kind: 'idle' };
      return [...effects, { type: 'end', releasedAtMs: s.releasedAtMs, atMs, source: s.source, reason: s.reason }];
    }
    return s.kind === 'listening' ? [...effects, ...this.silenceEffects(s, atMs)] : effects;
  }

  /** When the owner should call tick() next (undefined: nothing pending). */
  nextDeadlineMs(): number | undefined {
    let next = Infinity;
    for (const h of this.held.values()) next = Math.min(next, h.sinceMs + this.maxHoldMs);
    const s = this.state;
    if (s.kind !== 'idle') {
      next = Math.min(next, s.startedAtMs + this.opts.maxUtteranceMs);
      if (s.kind === 'tail') next = Math.min(next, s.tailEndsAtMs);
      else next = Math.min(next, this.silenceDeadline(s) ?? Infinity, this.pauseDeadline(s) ?? Infinity);
    }
    return Number.isFinite(next) ? next : undefined;
  }

  /** Drops the current utterance and every press without emitting anything (device lost, dispose). */
  reset(): void {
    this.state = { kind: 'idle' };
    this.held.clear();
  }

  private release(s: Extract<State, { kind: 'listening' }>, atMs: number, reason: 'release' | 'toggle' | 'max-hold'): PttEffect[] {
    // The VAD heard the pilot finish before letting go: recognition already ran on the pause.
    const finished = s.heardSpeech && s.silenceSinceMs !== undefined && atMs - s.silenceSinceMs >= this.pauseMs;
    if (this.opts.releaseTailMs <= 0 || finished || reason === 'max-hold') {
      this.state = { kind: 'idle' };
      return [{ type: 'end', releasedAtMs: atMs, atMs, source: s.source, reason, ...(finished ? { afterPause: true } : {}) }];
    }
    this.state = { kind: 'tail', startedAtMs: s.startedAtMs, source: s.source, releasedAtMs: atMs, tailEndsAtMs: atMs + this.opts.releaseTailMs, reason };
    return [{ type: 'release', atMs, source: s.source }];
  }
}
