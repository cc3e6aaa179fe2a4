import { readFile } from 'node:fs/promises';
import type { SimCapabilities } from '../common/adapter.js';
import type { AircraftProfile } from '../common/aircraftProfile.js';
import { LinkAdapterBase } from '../common/linkAdapterBase.js';
import { parseRecordingText } from '../common/recording.js';
import type { SimAction } from '../common/simAction.js';
import { emptySimState, type SimState } from '../common/simState.js';

export interface ReplayOptions {
  file: string;
  /** 1 = real time; 10 = ten times faster. */
  speed: number;
  profile?: AircraftProfile;
  /** Start again from the beginning at the end. */
  loop?: boolean;
}

/**
 * Plays a recorded session (Stratus NDJSON or a FlightGear CSV) as if it were a live sim, paced by
 * the recording's sim time (its wall-clock time when sim time does not advance). A recording
 * cannot be changed, so it declares no writes.
 */
export class ReplayAdapter extends LinkAdapterBase {
  readonly capabilities: SimCapabilities = { reads: new Set(Object.keys(emptySimState()) as (keyof SimState)[]), writes: new Set() };
  private frames: SimState[] = [];
  private index = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private startedAt = 0;
  private baseMs = 0;

  constructor(private readonly options: ReplayOptions) {
    super({ kind: 'replay', staleAfterMs: 60_000, ...(options.profile ? { profile: options.profile } : {}) });
  }

  protected describe(): string {
    return `replay of ${this.options.file} at ${this.options.speed}x`;
  }

  async start(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.options.file, 'utf8');
    } catch (err) {
      this.setPhase('stopped', `cannot read the recording: ${(err as Error).message}`);
      return;
    }
    const rec = parseRecordingText(text);
    for (let i = 0; i < rec.dropped; i++) this.dropped();
    this.frames = rec.states;
    if (this.frames.length === 0) {
      this.setPhase('stopped', 'the recording holds no usable states');
      return;
    }
    this.begin();
  }

  /** Time of a state in ms on the recording's own clock. */
  private clockMs(i: number): number {
    const s = this.frames[i]!;
    const first = this.frames[0]!;
    const simMs = (s.simTimeS - first.simTimeS) * 1000;
    return simMs > 0 || s.simTimeS !== first.simTimeS ? simMs : s.timestampMs - first.timestampMs;
  }

  private begin(): void {
    this.index = 0;
    this.startedAt = performance.now();
    this.baseMs = this.clockMs(0);
    this.next();
  }

  private next(): void {
    if (this.disposed) return;
    while (this.index < this.frames.length) {
      const dueMs = this.startedAt + (this.clockMs(this.index) - this.baseMs) / this.options.speed;
      const waitMs = dueMs - performance.now();
      if (waitMs > 1) {
        this.timer = setTimeout(() => this.next(), waitMs);
        return;
      }
      const state = { ...this.frames[this.index++]!, timestampMs: performance.timeOrigin + performance.now() };
      this.received();
      this.publish(state);
    }
    if (this.options.loop) return this.begin();
    this.setPhase('stopped', 'end of the recording');
  }

  protected sendAction(action: SimAction): string | undefined {
    return `a recording cannot be changed (${action.type})`;
  }

  override async dispose(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await super.dispose();
  }
}
