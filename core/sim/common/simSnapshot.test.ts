import { describe, expect, it } from 'vitest';
import { genericProfile } from './aircraftProfile.js';
import { demoInitialState } from './demoFlightModel.js';
import { createSnapshotBuffer, SNAPSHOT_BYTES, snapshotFields, SnapshotReader, SnapshotWriter } from './simSnapshot.js';
import { emptySimState, simStateSchema } from './simState.js';

describe('seqlock snapshot', () => {
  it('covers every numeric and boolean SimState field exactly once', () => {
    const leaves: string[] = [];
    const walk = (o: Record<string, unknown>, prefix: string): void => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>, `${prefix}${k}.`);
        else if (typeof v !== 'string') leaves.push(`${prefix}${k}`);
      }
    };
    walk(emptySimState(), '');
    leaves.push('unknownFields'); // optional (absent when all is known): travels as a bit mask
    expect(snapshotFields.map((f) => f.name).sort()).toEqual(leaves.sort());
  });

  it('carries which fields are unknown', () => {
    const buf = createSnapshotBuffer();
    const writer = new SnapshotWriter(buf);
    const reader = new SnapshotReader(buf);
    const state = { ...emptySimState(), unknownFields: ['verticalSpeedFpm', 'radios.nav2StandbyKhz', 'xpdrCode'] };
    writer.write(state);
    expect(reader.read().unknownFields).toEqual(['verticalSpeedFpm', 'radios.nav2StandbyKhz', 'xpdrCode']);
    writer.write(emptySimState());
    expect(reader.read().unknownFields).toBeUndefined();
  });

  it('round-trips a full state; the title comes from the message side', () => {
    const buf = createSnapshotBuffer();
    const writer = new SnapshotWriter(buf);
    const reader = new SnapshotReader(buf);
    const state = demoInitialState(genericProfile);
    state.ap.modes.apr = true;
    state.lights.landing = true;
    writer.write(state);
    reader.aircraftTitle = state.aircraftTitle;
    const read = reader.read();
    expect(read).toEqual(state);
    expect(simStateSchema.safeParse(read).success).toBe(true);
  });

  it('bumps the sequence by two per write and returns the cached object while unchanged', () => {
    const buf = createSnapshotBuffer();
    const writer = new SnapshotWriter(buf);
    const reader = new SnapshotReader(buf);
    expect(writer.write(emptySimState())).toBe(2);
    const a = reader.read();
    expect(reader.read()).toBe(a);
    const next = emptySimState();
    next.altitudeFt = 1234;
    expect(writer.write(next)).toBe(4);
    expect(reader.sequence()).toBe(4);
    const b = reader.read();
    expect(b).not.toBe(a);
    expect(b.altitudeFt).toBe(1234);
  });

  it('never returns a half-written state: a reader seeing an odd sequence keeps its last copy', () => {
    const buf = createSnapshotBuffer();
    const writer = new SnapshotWriter(buf);
    const reader = new SnapshotReader(buf);
    const s = emptySimState();
    s.iasKt = 100;
    writer.write(s);
    expect(reader.read().iasKt).toBe(100);
    // Simulate a writer stopped mid-write: sequence odd, fields partly changed.
    const seq = new Int32Array(buf, 0, 1);
    Atomics.add(seq, 0, 1);
    const values = new Float64Array(buf, SNAPSHOT_BYTES - 8 * snapshotFields.length, snapshotFields.length);
    values[snapshotFields.findIndex((f) => f.name === 'iasKt')] = 999;
    expect(reader.read().iasKt).toBe(100);
    // The writer finishes: the new value shows.
    Atomics.add(seq, 0, 1);
    expect(reader.read().iasKt).toBe(999);
  });

  it('a new writer (a restarted worker) recovers a sequence its crashed predecessor left odd', () => {
    const buf = createSnapshotBuffer();
    const reader = new SnapshotReader(buf);
    new SnapshotWriter(buf).write(emptySimState());
    Atomics.add(new Int32Array(buf, 0, 1), 0, 1); // died mid-write
    const next = emptySimState();
    next.iasKt = 120;
    expect(new SnapshotWriter(buf).write(next) % 2).toBe(0);
    expect(reader.read().iasKt).toBe(120);
  });

  it('carries the packet counters beside the state without touching the sequence', () => {
    const buf = createSnapshotBuffer();
    const writer = new SnapshotWriter(buf);
    const reader = new SnapshotReader(buf);
    expect(reader.counts()).toEqual({ received: 0, dropped: 0 });
    writer.counts(123_456, 7);
    expect(reader.counts()).toEqual({ received: 123_456, dropped: 7 });
    expect(reader.sequence()).toBe(0);
    writer.write(emptySimState());
    expect(reader.counts()).toEqual({ received: 123_456, dropped: 7 });
  });
});
