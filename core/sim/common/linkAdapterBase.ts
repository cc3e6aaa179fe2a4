import type { SimAdapter, SimCapabilities, SimConnection, SimConnectionPhase, SimKind, Unsubscribe } from './adapter.js';
import { ReadbackTracker, WRITE_READBACK_DEADLINE_MS } from './adapterBase.js';
import { Emitter } from '../../base/common/emitter.js';
import { genericProfile, type AircraftProfile } from './aircraftProfile.js';
import type { SimAction, WriteOutcome } from './simAction.js';
import { emptySimState, type SimState } from './simState.js';
import { MAX_STATUS_CHARS, sanitiseText, TelemetrySanitiser } from './telemetrySanitiser.js';

/** How often the link checks for silence; stale/lost are detected within this of their threshold. */
const WATCH_INTERVAL_MS = 250;
/** A link silent for this many stale periods counts as lost (sim closed, aircraft reloading). */
const LOST_AFTER_STALE_PERIODS = 3;

export interface LinkCounts {
  received: number;
  /** Packets not used: malformed, or foreign (these are counted here too). */
  dropped: number;
  /** Packets from an address/port other than the sim's (spoofed or stray). */
  foreign?: number;
  /** Values outside their plausible range, made unknown (telemetrySanitiser.ts). */
  rejected?: number;
}

export interface LinkAdapterOptions {
  kind: SimKind;
  staleAfterMs: number;
  profile?: AircraftProfile;
  deadlineMs?: number;
  now?: () => number;
}

/**
 * Shared plumbing for adapters that talk to a running sim: state and connection emitters,
 * readback tracking, received/dropped counts, and the connection state machine
 * searching -> connected -> stale -> lost -> reconnecting -> connected, driven by packet arrival.
 * Subclasses call `received()`/`dropped()` per packet, `publish(state)` per decoded state, and
 * implement `sendAction()`; `onLost()` lets them re-subscribe.
 *
 * At 60 packets a second the per-packet cost is mostly memory the CPU has to fetch again after
 * sleeping between packets, so subclasses on the hot path update `current` in place and call
 * `publish()` without allocating. Listeners therefore get the live object: copy what you keep
 * (the telemetry worker copies each state into the shared snapshot).
 */
export abstract class LinkAdapterBase implements SimAdapter {
  readonly kind: SimKind;
  abstract readonly capabilities: SimCapabilities;
  protected current: SimState = emptySimState();
  protected profile: AircraftProfile;
  protected readonly counts: Required<LinkCounts> = { received: 0, dropped: 0, foreign: 0, rejected: 0 };
  private readonly sanitiser = new TelemetrySanitiser();
  protected readonly readbacks: ReadbackTracker;
  protected readonly now: () => number;
  private readonly states = new Emitter<SimState>();
  private readonly connections = new Emitter<SimConnection>();
  private readonly titles = new Emitter<string>();
  private conn: SimConnection | undefined; // created on first use: describe() needs the subclass's fields
  private lastPacketAt = -Infinity;
  private lastTitle = '';
  private watchTimer: ReturnType<typeof setInterval> | undefined;
  protected disposed = false;

  constructor(private readonly linkOptions: LinkAdapterOptions) {
    this.kind = linkOptions.kind;
    this.profile = linkOptions.profile ?? genericProfile;
    this.now = linkOptions.now ?? (() => performance.now());
    this.readbacks = new ReadbackTracker(this.now, linkOptions.deadlineMs ?? WRITE_READBACK_DEADLINE_MS);
  }

  abstract start(): Promise<void>;
  /** Human-readable target ("X-Plane at 127.0.0.1:49000"). */
  protected abstract describe(): string;
  /** Sends the write to the sim; returns a reason when it cannot. */
  protected abstract sendAction(action: SimAction): string | undefined;
  /** Called once when the link goes from stale to lost: re-subscribe, re-open. */
  protected onLost(): void {}
  /** Called on every watch tick while searching, stale or reconnecting. */
  protected onRetry(): void {}

  state(): SimState {
    return this.current;
  }
  connection(): SimConnection {
    this.conn ??= { kind: this.kind, phase: 'searching', detail: sanitiseText(this.describe(), MAX_STATUS_CHARS) };
    return this.conn;
  }
  stats(): LinkCounts {
    return { ...this.counts };
  }
  onState(listener: (state: SimState) => void): Unsubscribe {
    return this.states.on(listener);
  }
  onConnection(listener: (conn: SimConnection) => void): Unsubscribe {
    return this.connections.on(listener);
  }
  onTitle(listener: (title: string) => void): Unsubscribe {
    return this.titles.on(listener);
  }
  setProfile(profile: AircraftProfile): void {
    this.profile = profile;
  }

  write(action: SimAction, signal?: AbortSignal): Promise<WriteOutcome> {
    if (this.disposed) return Promise.resolve({ status: 'refused', action, reason: 'the sim link is closed' });
    if (!this.capabilities.writes.has(action.type)) {
      return Promise.resolve({ status: 'refused', action, reason: `${this.describe()} cannot set ${action.type}` });
    }
    const phase = this.connection().phase;
    if (phase !== 'connected' && phase !== 'stale') {
      return Promise.resolve({ status: 'refused', action, reason: `not connected (${phase})` });
    }
    const before = cloneState(this.current); // current changes in place; the readback compares against this moment
    const outcome = this.readbacks.track(action, before, signal);
    let reason: string | undefined;
    try {
      reason = this.sendAction(action);
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
    }
    if (reason !== undefined) this.readbacks.failAll(reason);
    // Already true (heading bug already there, gear already down): confirmed by the current state.
    else this.readbacks.observe(this.current);
    return outcome;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = undefined;
    this.readbacks.failAll('sim link closed');
    this.setPhase('stopped');
    this.states.clear();
    this.connections.clear();
    this.titles.clear();
  }

  protected startWatch(): void {
    if (this.watchTimer) return;
    this.watchTimer = setInterval(() => this.watch(), WATCH_INTERVAL_MS);
    (this.watchTimer as { unref?: () => void }).unref?.();
  }

  /** A packet arrived and decoded: the link is alive. */
  protected received(): void {
    this.counts.received++;
    this.lastPacketAt = this.now();
    if (this.connection().phase !== 'connected') this.setPhase('connected');
  }

  /** A packet arrived that could not be trusted. */
  protected dropped(): void {
    this.counts.dropped++;
  }

  /**
   * Runs a socket or frame handler: whatever a payload makes it throw is counted as a dropped
   * packet, never thrown out of the event handler (where it would end the worker's socket).
   */
  protected safely(handle: () => void): void {
    try {
      handle();
    } catch {
      this.dropped();
    }
  }

  /** A packet arrived from somewhere other than the sim (spoofed or stray): dropped unread. */
  protected foreign(): void {
    this.counts.foreign++;
    this.counts.dropped++;
  }

  /**
   * Publishes `state` (by default `current`, updated in place) as the newest, after every value
   * in it has been checked: implausible ones become unknown (telemetrySanitiser.ts).
   */
  protected publish(state: SimState = this.current): void {
    this.counts.rejected += this.sanitiser.apply(state);
    if (state.aircraftTitle !== this.lastTitle) {
      this.lastTitle = state.aircraftTitle;
      this.titles.emit(state.aircraftTitle);
    }
    this.current = state;
    this.readbacks.observe(state);
    this.states.emit(state);
  }

  protected setPhase(phase: SimConnectionPhase, reason?: string): void {
    // Reasons quote sim and socket errors: capped and stripped before they reach every state message.
    const safeReason = reason === undefined ? undefined : sanitiseText(reason, MAX_STATUS_CHARS);
    const next: SimConnection = { kind: this.kind, phase, detail: sanitiseText(this.describe(), MAX_STATUS_CHARS), ...(safeReason ? { reason: safeReason } : {}) };
    const prev = this.connection();
    if (next.phase === prev.phase && next.reason === prev.reason && next.detail === prev.detail) return;
    this.conn = next;
    this.connections.emit(next);
  }

  private watch(): void {
    if (this.disposed) return;
    const silentMs = this.now() - this.lastPacketAt;
    const staleMs = this.linkOptions.staleAfterMs;
    const phase = this.connection().phase;
    if (phase === 'connected' && silentMs > staleMs) {
      this.setPhase('stale', `no data for ${Math.round(silentMs)} ms`);
    } else if (phase === 'stale' && silentMs > staleMs * LOST_AFTER_STALE_PERIODS) {
      this.setPhase('lost', `no data for ${(silentMs / 1000).toFixed(1)} s`);
      this.readbacks.failAll('connection lost');
      this.onLost();
      this.setPhase('reconnecting', 'sim went quiet; re-subscribing');
    } else if (phase === 'reconnecting' || phase === 'searching' || phase === 'stale') {
      // Stale too: a sim that restarted quickly answers as soon as it hears from us again.
      this.onRetry();
    }
  }
}

/** Fast structural copy of a SimState (plain data, three nested objects). */
export function cloneState(s: SimState): SimState {
  return { ...s, ap: { ...s.ap, modes: { ...s.ap.modes } }, radios: { ...s.radios }, lights: { ...s.lights } };
}
