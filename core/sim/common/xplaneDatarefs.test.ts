import { describe, expect, it } from 'vitest';
import { aircraftProfileSchema, genericProfile } from './aircraftProfile.js';
import { emptySimState } from './simState.js';
import { applyXplaneValues, XPLANE_SUBSCRIPTION_COUNT, xplaneNumericDatarefs, xplaneSubscriptions, xplaneTitle, xplaneWritesFor } from './xplaneDatarefs.js';

const indexOf = (path: string): number => xplaneNumericDatarefs.findIndex((d) => d.path === path);

describe('X-Plane dataref mapping', () => {
  it('subscribes every numeric dataref plus the identity bytes, with unique indices and paths', () => {
    const subs = xplaneSubscriptions();
    expect(subs).toHaveLength(XPLANE_SUBSCRIPTION_COUNT);
    expect(new Set(subs.map((s) => s.index)).size).toBe(subs.length);
    expect(new Set(subs.map((s) => s.path)).size).toBe(subs.length);
    expect(subs.every((s) => s.path.length < 400)).toBe(true);
  });

  it('normalises units: metres, m/s, NAV 10 kHz units, magnetic wind to true', () => {
    const raw = new Float64Array(XPLANE_SUBSCRIPTION_COUNT);
    const seen = new Uint8Array(XPLANE_SUBSCRIPTION_COUNT);
    const set = (path: string, v: number): void => {
      raw[indexOf(path)] = v;
      seen[indexOf(path)] = 1;
    };
    set('sim/flightmodel/position/y_agl', 100);
    set('sim/flightmodel/position/groundspeed', 50);
    set('sim/cockpit2/radios/actuators/nav1_frequency_hz', 11080);
    set('sim/flightmodel/position/mag_psi', 80);
    set('sim/flightmodel/position/psi', 90);
    set('sim/cockpit2/gauges/indicators/wind_heading_deg_mag', 350);
    set('sim/cockpit2/controls/flap_handle_request_ratio', 0.66);
    const s = emptySimState();
    applyXplaneValues(s, raw, seen, genericProfile);
    expect(s.altitudeAglFt).toBeCloseTo(328.08, 1);
    expect(s.groundSpeedKt).toBeCloseTo(97.19, 1);
    expect(s.radios.nav1ActiveKhz).toBe(110800);
    expect(s.windFromDegTrue).toBe(0); // 350 mag + 10 variation
    expect(s.flapsIndex).toBe(2);
    expect(s.altitudeFt).toBe(0); // never sent: unchanged
  });

  it('reads the title from the identity bytes', () => {
    const raw = new Float64Array(XPLANE_SUBSCRIPTION_COUNT);
    const n = xplaneNumericDatarefs.length;
    [...'B738'].forEach((c, i) => (raw[n + i] = c.charCodeAt(0)));
    [...'Boeing 737-800'].forEach((c, i) => (raw[n + 8 + i] = c.charCodeAt(0)));
    expect(xplaneTitle(raw)).toBe('Boeing 737-800 (B738)');
  });

  it('maps writes to DREF/CMND, sending toggles only when needed', () => {
    const s = emptySimState();
    expect(xplaneWritesFor({ type: 'apHeading', headingDegMag: 270 }, s, genericProfile)).toEqual([
      { kind: 'dref', path: 'sim/cockpit2/autopilot/heading_dial_deg_mag_pilot', value: 270 },
    ]);
    expect(xplaneWritesFor({ type: 'radio', radio: 'nav2', slot: 'standby', khz: 110500 }, s, genericProfile)).toEqual([
      { kind: 'dref', path: 'sim/cockpit2/radios/actuators/nav2_standby_frequency_hz', value: 11050 },
    ]);
    expect(xplaneWritesFor({ type: 'radioSwap', radio: 'com1' }, s, genericProfile)).toEqual([{ kind: 'cmnd', command: 'sim/radios/com1_standy_flip' }]);
    expect(xplaneWritesFor({ type: 'apMaster', on: false }, s, genericProfile)).toEqual([]);
    s.ap.modes.hdg = true;
    expect(xplaneWritesFor({ type: 'apMode', mode: 'hdg' }, s, genericProfile)).toEqual([]);
  });

  it('honours profile overrides: another dataref, or flaps by command steps', () => {
    const s = emptySimState();
    const b737 = aircraftProfileSchema.parse({ ...genericProfile, id: 'b737', overrides: { xplane: { apHeading: 'laminar/B738/autopilot/mcp_hdg_dial', flaps: 'commands' } } });
    expect(xplaneWritesFor({ type: 'apHeading', headingDegMag: 90 }, s, b737)[0]).toEqual({ kind: 'dref', path: 'laminar/B738/autopilot/mcp_hdg_dial', value: 90 });
    s.flapsIndex = 3;
    expect(xplaneWritesFor({ type: 'flaps', index: 1, ratio: 1 / 3 }, s, b737)).toEqual([
      { kind: 'cmnd', command: 'sim/flight_controls/flaps_up' },
      { kind: 'cmnd', command: 'sim/flight_controls/flaps_up' },
    ]);
  });
});
