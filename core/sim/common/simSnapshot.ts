import { emptySimState, type SimState } from './simState.js';
import { unknownFromMask, unknownMask } from './telemetrySanitiser.js';

/**
 * The newest SimState in a SharedArrayBuffer, written by the telemetry worker and read by any
 * thread without messages or copies. A seqlock guards it: the writer makes the sequence odd,
 * writes the fields, then makes it even; a reader retries when the sequence was odd or changed
 * while it read. Layout: Int32[0] = sequence, Uint32[1] = packets received, Uint32[2] = packets
 * dropped (counters, each stored atomically, outside the seqlock), Int32[3] = reserved, then one
 * Float64 per field in `snapshotFields` order. Strings (the aircraft title) do not live here; the
 * worker sends them as a message when they change.
 */

type NumGetter = (s: SimState) => number;
type NumSetter = (s: SimState, v: number) => void;
interface Field {
  name: string;
  get: NumGetter;
  set: NumSetter;
}

const num = (name: string, get: NumGetter, set: NumSetter): Field => ({ name, get, set });
const flag = (name: string, get: (s: SimState) => boolean, set: (s: SimState, v: boolean) => void): Field => ({
  name,
  get: (s) => (get(s) ? 1 : 0),
  set: (s, v) => set(s, v !== 0),
});

export const snapshotFields: readonly Field[] = [
  num('simTimeS', (s) => s.simTimeS, (s, v) => (s.simTimeS = v)),
  num('timestampMs', (s) => s.timestampMs, (s, v) => (s.timestampMs = v)),
  num('latDeg', (s) => s.latDeg, (s, v) => (s.latDeg = v)),
  num('lonDeg', (s) => s.lonDeg, (s, v) => (s.lonDeg = v)),
  num('altitudeFt', (s) => s.altitudeFt, (s, v) => (s.altitudeFt = v)),
  num('altitudeAglFt', (s) => s.altitudeAglFt, (s, v) => (s.altitudeAglFt = v)),
  num('iasKt', (s) => s.iasKt, (s, v) => (s.iasKt = v)),
  num('groundSpeedKt', (s) => s.groundSpeedKt, (s, v) => (s.groundSpeedKt = v)),
  num('headingDegMag', (s) => s.headingDegMag, (s, v) => (s.headingDegMag = v)),
  num('verticalSpeedFpm', (s) => s.verticalSpeedFpm, (s, v) => (s.verticalSpeedFpm = v)),
  num('pitchDeg', (s) => s.pitchDeg, (s, v) => (s.pitchDeg = v)),
  num('rollDeg', (s) => s.rollDeg, (s, v) => (s.rollDeg = v)),
  num('flapsIndex', (s) => s.flapsIndex, (s, v) => (s.flapsIndex = v)),
  num('flapsRatio', (s) => s.flapsRatio, (s, v) => (s.flapsRatio = v)),
  flag('gearDown', (s) => s.gearDown, (s, v) => (s.gearDown = v)),
  flag('onGround', (s) => s.onGround, (s, v) => (s.onGround = v)),
  flag('paused', (s) => s.paused, (s, v) => (s.paused = v)),
  flag('engineRunning', (s) => s.engineRunning, (s, v) => (s.engineRunning = v)),
  num('fuelKg', (s) => s.fuelKg, (s, v) => (s.fuelKg = v)),
  num('fuelFlowKgPerH', (s) => s.fuelFlowKgPerH, (s, v) => (s.fuelFlowKgPerH = v)),
  num('windFromDegTrue', (s) => s.windFromDegTrue, (s, v) => (s.windFromDegTrue = v)),
  num('windSpeedKt', (s) => s.windSpeedKt, (s, v) => (s.windSpeedKt = v)),
  num('altimeterInHg', (s) => s.altimeterInHg, (s, v) => (s.altimeterInHg = v)),
  flag('ap.master', (s) => s.ap.master, (s, v) => (s.ap.master = v)),
  num('ap.headingDegMag', (s) => s.ap.headingDegMag, (s, v) => (s.ap.headingDegMag = v)),
  num('ap.altitudeFt', (s) => s.ap.altitudeFt, (s, v) => (s.ap.altitudeFt = v)),
  num('ap.speedKt', (s) => s.ap.speedKt, (s, v) => (s.ap.speedKt = v)),
  num('ap.verticalSpeedFpm', (s) => s.ap.verticalSpeedFpm, (s, v) => (s.ap.verticalSpeedFpm = v)),
  flag('ap.modes.hdg', (s) => s.ap.modes.hdg, (s, v) => (s.ap.modes.hdg = v)),
  flag('ap.modes.nav', (s) => s.ap.modes.nav, (s, v) => (s.ap.modes.nav = v)),
  flag('ap.modes.apr', (s) => s.ap.modes.apr, (s, v) => (s.ap.modes.apr = v)),
  flag('ap.modes.alt', (s) => s.ap.modes.alt, (s, v) => (s.ap.modes.alt = v)),
  flag('ap.modes.vs', (s) => s.ap.modes.vs, (s, v) => (s.ap.modes.vs = v)),
  flag('ap.modes.flc', (s) => s.ap.modes.flc, (s, v) => (s.ap.modes.flc = v)),
  num('radios.com1ActiveKhz', (s) => s.radios.com1ActiveKhz, (s, v) => (s.radios.com1ActiveKhz = v)),
  num('radios.com1StandbyKhz', (s) => s.radios.com1StandbyKhz, (s, v) => (s.radios.com1StandbyKhz = v)),
  num('radios.com2ActiveKhz', (s) => s.radios.com2ActiveKhz, (s, v) => (s.radios.com2ActiveKhz = v)),
  num('radios.com2StandbyKhz', (s) => s.radios.com2StandbyKhz, (s, v) => (s.radios.com2StandbyKhz = v)),
  num('radios.nav1ActiveKhz', (s) => s.radios.nav1ActiveKhz, (s, v) => (s.radios.nav1ActiveKhz = v)),
  num('radios.nav1StandbyKhz', (s) => s.radios.nav1StandbyKhz, (s, v) => (s.radios.nav1StandbyKhz = v)),
  num('radios.nav2ActiveKhz', (s) => s.radios.nav2ActiveKhz, (s, v) => (s.radios.nav2ActiveKhz = v)),
  num('radios.nav2StandbyKhz', (s) => s.radios.nav2StandbyKhz, (s, v) => (s.radios.nav2StandbyKhz = v)),
  num('xpdrCode', (s) => s.xpdrCode, (s, v) => (s.xpdrCode = v)),
  flag('lights.landing', (s) => s.lights.landing, (s, v) => (s.lights.landing = v)),
  flag('lights.taxi', (s) => s.lights.taxi, (s, v) => (s.lights.taxi = v)),
  flag('lights.strobe', (s) => s.lights.strobe, (s, v) => (s.lights.strobe = v)),
  flag('lights.beacon', (s) => s.lights.beacon, (s, v) => (s.lights.beacon = v)),
  flag('lights.nav', (s) => s.lights.nav, (s, v) => (s.lights.nav = v)),
  // Which fields are unknown (telemetrySanitiser.ts), as a bit mask: exact in a Float64 below 2^53.
  num('unknownFields', unknownMask, (s, v) => {
    const list = unknownFromMask(v);
    if (list) s.unknownFields = list;
    else delete s.unknownFields;
  }),
];

const HEADER_BYTES = 16;
export const SNAPSHOT_BYTES = HEADER_BYTES + 8 * snapshotFields.length;
/** A reader gives up retrying after this many torn reads and keeps its previous copy. */
const MAX_READ_RETRIES = 64;

export function createSnapshotBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SNAPSHOT_BYTES);
}

/** The worker's side. Only one writer may exist per buffer. */
export class SnapshotWriter {
  private readonly seq: Int32Array;
  private readonly counters: Uint32Array;
  private readonly values: Float64Array;

  constructor(buffer: SharedArrayBuffer) {
    if (buffer.byteLength < SNAPSHOT_BYTES) throw new RangeError('snapshot buffer too small');
    this.seq = new Int32Array(buffer, 0, 1);
    this.counters = new Uint32Array(buffer, 4, 2);
    this.values = new Float64Array(buffer, HEADER_BYTES, snapshotFields.length);
    // A previous writer (a worker that crashed mid-write) may have left the sequence odd.
    if (Atomics.load(this.seq, 0) & 1) Atomics.add(this.seq, 0, 1);
  }

  /** Packet counters (wrap at 2^32, about two years at 60 Hz). */
  counts(received: number, dropped: number): void {
    Atomics.store(this.counters, 0, received);
    Atomics.store(this.counters, 1, dropped);
  }

  write(state: SimState): number {
    const seq = this.seq;
    Atomics.add(seq, 0, 1); // odd: write in progress
    for (let i = 0; i < snapshotFields.length; i++) this.values[i] = snapshotFields[i]!.get(state);
    const next = Atomics.add(seq, 0, 1) + 1; // even: complete
    Atomics.notify(seq, 0);
    return next;
  }
}

/** Any thread's side: `read()` returns the newest complete state (a cached object when unchanged). */
export class SnapshotReader {
  private readonly seq: Int32Array;
  private readonly counters: Uint32Array;
  private readonly values: Float64Array;
  private readonly scratch: Float64Array;
  private lastSeq = -1;
  private cached: SimState = emptySimState();
  /** Set from the worker's title message; merged into every state read. */
  aircraftTitle = '';

  constructor(buffer: SharedArrayBuffer) {
    this.seq = new Int32Array(buffer, 0, 1);
    this.counters = new Uint32Array(buffer, 4, 2);
    this.values = new Float64Array(buffer, HEADER_BYTES, snapshotFields.length);
    this.scratch = new Float64Array(snapshotFields.length);
  }

  counts(): { received: number; dropped: number } {
    return { received: Atomics.load(this.counters, 0), dropped: Atomics.load(this.counters, 1) };
  }

  /** The sequence number of the newest complete write (even), for change detection. */
  sequence(): number {
    return Atomics.load(this.seq, 0) & ~1;
  }

  read(): SimState {
    for (let attempt = 0; attempt < MAX_READ_RETRIES; attempt++) {
      const before = Atomics.load(this.seq, 0);
      if (before & 1) continue;
      if (before === this.lastSeq && this.cached.aircraftTitle === this.aircraftTitle) return this.cached;
      this.scratch.set(this.values);
      if (Atomics.load(this.seq, 0) !== before) continue;
      const s = emptySimState();
      for (let i = 0; i < snapshotFields.length; i++) snapshotFields[i]!.set(s, this.scratch[i]!);
      s.aircraftTitle = this.aircraftTitle;
      this.cached = s;
      this.lastSeq = before;
      return s;
    }
    return this.cached;
  }

  /**
   * Blocks-free wait for the next write after `seq` (Atomics.waitAsync where available).
   * Resolves with the new sequence, or the same one on timeout.
   */
  async waitForChange(seq: number, timeoutMs: number): Promise<number> {
    const r = Atomics.waitAsync(this.seq, 0, seq, timeoutMs);
    if (r.async) await r.value;
    return this.sequence();
  }
}
