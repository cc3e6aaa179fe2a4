import { describe, expect, it } from 'vitest';
import { genericProfile } from './aircraftProfile.js';
import { demoInitialState } from './demoFlightModel.js';
import { emptySimState } from './simState.js';
import { checkedFields, knownValue, MAX_STATUS_CHARS, MAX_TITLE_CHARS, sanitiseConnection, sanitiseText, TelemetrySanitiser, unknownFromMask, unknownMask } from './telemetrySanitiser.js';

describe('TelemetrySanitiser', () => {
  it('leaves the demo aircraft and realistic values from every sim alone', () => {
    const s = demoInitialState(genericProfile);
    s.simTimeS = 63_871_000_000; // MSFS ABSOLUTE TIME: seconds since the year 1
    s.iasKt = -3; // X-Plane, parked with a tailwind
    s.altitudeFt = -1_350; // the Dead Sea
    s.radios.com2ActiveKhz = 0; // not reported
    s.radios.nav2StandbyKhz = 117_950;
    s.ap.speedKt = 0.78; // a Mach dial
    s.xpdrCode = 7_700;
    expect(new TelemetrySanitiser().apply(s)).toBe(0);
    expect(s.unknownFields).toBeUndefined();
  });

  it('passes plausible values through untouched and marks nothing unknown', () => {
    const s = { ...emptySimState(), altitudeFt: 5500, verticalSpeedFpm: -700, iasKt: 110, headingDegMag: 359.9 };
    s.radios.com1ActiveKhz = 118300;
    const san = new TelemetrySanitiser();
    expect(san.apply(s)).toBe(0);
    expect(s.altitudeFt).toBe(5500);
    expect(s.unknownFields).toBeUndefined();
  });

  it('makes NaN, infinities and absurd values unknown, keeping the last plausible value', () => {
    const san = new TelemetrySanitiser();
    const s = { ...emptySimState(), altitudeFt: 5500, verticalSpeedFpm: 500 };
    san.apply(s);
    s.altitudeFt = 1e308;
    s.verticalSpeedFpm = -Infinity;
    s.iasKt = NaN;
    s.flapsRatio = 1.5;
    s.radios.com1ActiveKhz = 99_999_999;
    s.xpdrCode = 7778; // 8 is not an octal digit
    expect(san.apply(s)).toBe(6);
    expect(s.altitudeFt).toBe(5500);
    expect(s.verticalSpeedFpm).toBe(500);
    expect(s.iasKt).toBe(0);
    expect(s.unknownFields).toEqual(['altitudeFt', 'iasKt', 'verticalSpeedFpm', 'flapsRatio', 'radios.com1ActiveKhz', 'xpdrCode']);
    expect(san.rejected).toBe(6);
    expect(knownValue(s, 'altitudeFt')).toBeUndefined();
    // The sim sends a good value again: the field is known again.
    s.altitudeFt = 6000;
    s.verticalSpeedFpm = 0;
    s.iasKt = 100;
    s.flapsRatio = 0.5;
    s.radios.com1ActiveKhz = 121500;
    s.xpdrCode = 7000;
    expect(san.apply(s)).toBe(0);
    expect(s.unknownFields).toBeUndefined();
    expect(knownValue(s, 'altitudeFt')).toBe(6000);
  });

  it('strips control characters from the aircraft title and caps its length', () => {
    const san = new TelemetrySanitiser();
    const s = { ...emptySimState(), aircraftTitle: `Spoofed\u0000\u001b[31mCessna\u202e${'x'.repeat(5000)}` };
    san.apply(s);
    expect(s.aircraftTitle.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(s.aircraftTitle).toMatch(/^Spoofed \[31mCessna x+…$/);
  });

  it('every checked field rejects NaN and ±Infinity', () => {
    for (const field of checkedFields) {
      for (const bad of [NaN, Infinity, -Infinity, 1e308, -1e308]) {
        const s = emptySimState();
        field.set(s, bad);
        new TelemetrySanitiser().apply(s);
        expect(Number.isFinite(field.get(s)), `${field.name} = ${bad}`).toBe(true);
        expect(s.unknownFields, `${field.name} = ${bad}`).toContain(field.name);
      }
    }
  });

  it('round-trips the unknown list through a bit mask', () => {
    const names = checkedFields.filter((_, i) => i % 3 === 0).map((c) => c.name);
    expect(unknownFromMask(unknownMask({ ...emptySimState(), unknownFields: names }))).toEqual(names);
  });
});

describe('status text', () => {
  it('caps and strips sim error text', () => {
    const text = sanitiseText(`refused\r\n${'A'.repeat(1_000_000)}\u0007`, MAX_STATUS_CHARS);
    expect(text.length).toBe(MAX_STATUS_CHARS);
    expect([...text].some((ch) => ch.charCodeAt(0) < 0x20)).toBe(false);
    const c = sanitiseConnection({ kind: 'xplane-web', phase: 'reconnecting', detail: 'X-Plane', reason: `bad\u0000${'z'.repeat(10_000)}` });
    expect(c.reason!.length).toBeLessThanOrEqual(MAX_STATUS_CHARS);
    expect(c.reason).toMatch(/^bad z+…$/);
  });
});
