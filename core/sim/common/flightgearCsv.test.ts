import { describe, expect, it } from 'vitest';
import { parseFlightgearCsv } from './flightgearCsv.js';

/** The header and two rows of test/fixtures/flightgear/takeoff.csv (parked; just after liftoff). */
const header = 'recv_ms[ms unix epoch],t[s sim elapsed],alt_ft[ft MSL],ind_alt_ft[ft],ias_kt[kt],hdg_deg[deg magnetic],vs_fps[ft/s],flaps[0-1 cmd],flap_pos[0-1],gear_down[bool],hdg_bug[deg],ap_alt[ft],com1[MHz],nav1[MHz],fuel_gal[US gal],wow[bool nose],throttle[0-1],rpm[rpm],agl_ft[ft AGL],pitch_deg[deg],roll_deg[deg right+],hdg_true_deg[deg true],gs_kt[kt],vsi_fpm[ft/min],wind_kt[kt],wind_from_deg[deg true],elevator[-1..1 neg=nose up],aileron[-1..1],elev_trim[-1..1],brake_parking[0/1],lat_deg[deg],lon_deg[deg],wow_left[bool],wow_right[bool],running[bool],ap_hdg_lock[bool],ap_alt_lock[bool]';
const parked = '1795932076910,46.99,21.9,-26.7,0.0,80.5,-0.00,0.000,0.000,0,0.0,0,123.900,112.00,10.75,1,0.00,0,4.0,4.54,-0.09,90.0,0.0,-11,3.0,150,0.000,0.000,0.000,1,21.325247,-157.943192,1,1,0,0,0';
const airborne = '1795932166585,136.67,22.8,-25.9,56.9,81.2,1.84,0.000,0.000,0,80.0,1500,123.900,112.00,10.67,0,1.00,2423,4.5,6.22,-1.60,90.7,56.3,62,3.0,150,-0.087,0.119,0.000,0,21.325245,-157.940720,0,0,1,0,0';

describe('parseFlightgearCsv', () => {
  it('maps the copilot2 columns to SimState units', () => {
    const { states, dropped } = parseFlightgearCsv([header, parked, airborne].join('\n'));
    expect(dropped).toBe(0);
    const first = states[0]!;
    expect(first.simTimeS).toBeCloseTo(46.99, 2);
    expect(first.timestampMs).toBe(1795932076910);
    expect(first.onGround).toBe(true);
    expect(first.gearDown).toBe(true); // c172p fixed gear although gear_down is 0
    expect(first.radios.com1ActiveKhz).toBe(123900);
    expect(first.radios.nav1ActiveKhz).toBe(112000);
    // 10.75 US gal of avgas at 0.72 kg/l
    expect(first.fuelKg).toBeCloseTo(10.75 * 3.785411784 * 0.72, 3);
    const second = states[1]!;
    expect(second.onGround).toBe(false);
    const vsFps = Number(airborne.split(',')[6]);
    expect(second.verticalSpeedFpm).toBeCloseTo(vsFps * 60, 6);
  });

  it('counts malformed rows instead of throwing', () => {
    const text = [header, parked, 'garbage', parked.replace('21.9', 'abc'), parked.split(',').slice(0, 5).join(','), '', parked].join('\n');
    const { states, dropped } = parseFlightgearCsv(text);
    expect(states.length).toBe(2);
    expect(dropped).toBe(3);
  });

  it('drops every row when required columns are missing and handles empty input', () => {
    expect(parseFlightgearCsv('a,b\n1,2\n3,4')).toEqual({ states: [], dropped: 2 });
    expect(parseFlightgearCsv('')).toEqual({ states: [], dropped: 0 });
  });

  it('reads gear_down when the aircraft has retractable gear', () => {
    const { states } = parseFlightgearCsv([header, parked].join('\n'), { retractableGear: true });
    expect(states[0]!.gearDown).toBe(false);
  });
});
