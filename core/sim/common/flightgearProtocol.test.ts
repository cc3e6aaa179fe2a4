import { describe, expect, it } from 'vitest';
import { genericProfile } from './aircraftProfile.js';
import { flightgearLaunchArgs, flightgearOutputFields, flightgearSetsFor, parseFlightgearLine, telnetSetLine } from './flightgearProtocol.js';
import { emptySimState } from './simState.js';

// A copilot2 row from cruise_turns.csv (recv_ms column removed): in the turn to 180 at 3709 ft.
const copilot2 = '316.58,3709.3,3653.2,100.1,180.5,-8.06,0.000,0.000,0,180.0,3500,118.300,112.00,10.05,0,0.69,1985,3674.8,-2.31,-0.23,190.0,101.8,-491,4.9,175,0.106,-0.008,-0.030,0,21.383923,-157.943222,0,0,1,0,0';
const extras = '121.900,124.850,121.500,113.90,116.90,110.30,4521,29.92,95,-500,0,8.50,1,0,1,1,1,dg-heading-hold,vertical-speed-hold,c172p';

describe('parseFlightgearLine', () => {
  it('reads a copilot2 recording line into normalised units', () => {
    const s = parseFlightgearLine(copilot2, emptySimState(), genericProfile)!;
    expect(s.simTimeS).toBe(316.58);
    expect(s.altitudeFt).toBe(3653.2); // indicated
    expect(s.verticalSpeedFpm).toBeCloseTo(-483.6, 1);
    expect(s.ap.headingDegMag).toBe(180);
    expect(s.radios.com1ActiveKhz).toBe(118300);
    expect(s.radios.nav1ActiveKhz).toBe(112000);
    expect(s.engineRunning).toBe(true);
    expect(s.fuelKg).toBeCloseTo(10.05 * 3.785411784 * 0.72, 3);
  });

  it('reads the stratus extras: standby radios, squawk, AP modes, lights, title', () => {
    expect(copilot2.split(',').length + extras.split(',').length).toBe(flightgearOutputFields.length);
    const s = parseFlightgearLine(`${copilot2},${extras}`, emptySimState(), genericProfile)!;
    expect(s.radios).toMatchObject({ com1StandbyKhz: 121900, com2ActiveKhz: 124850, nav2StandbyKhz: 110300 });
    expect(s.xpdrCode).toBe(4521);
    expect(s.ap.modes).toMatchObject({ hdg: true, vs: true, alt: false });
    expect(s.ap.master).toBe(true);
    expect(s.ap.verticalSpeedFpm).toBe(-500);
    expect(s.lights).toEqual({ landing: true, taxi: false, strobe: true, beacon: true, nav: true });
    expect(s.aircraftTitle).toBe('c172p');
  });

  it('rejects wrong field counts, non-numbers, NaN and impossible positions', () => {
    const prev = emptySimState();
    expect(parseFlightgearLine(copilot2.split(',').slice(0, 30).join(','), prev, genericProfile)).toBeUndefined();
    expect(parseFlightgearLine(copilot2.replace('100.1', 'abc'), prev, genericProfile)).toBeUndefined();
    expect(parseFlightgearLine(copilot2.replace('100.1', 'NaN'), prev, genericProfile)).toBeUndefined();
    expect(parseFlightgearLine(copilot2.replace('21.383923', '95.0'), prev, genericProfile)).toBeUndefined();
    expect(parseFlightgearLine('x'.repeat(5000), prev, genericProfile)).toBeUndefined();
  });
});

describe('FlightGear writes', () => {
  it('maps actions to property sets', () => {
    const s = emptySimState();
    s.radios.com1ActiveKhz = 118300;
    s.radios.com1StandbyKhz = 121900;
    expect(flightgearSetsFor({ type: 'apHeading', headingDegMag: 270 }, s, genericProfile)).toEqual([{ path: '/autopilot/settings/heading-bug-deg', value: '270.0' }]);
    expect(flightgearSetsFor({ type: 'radio', radio: 'com2', slot: 'standby', khz: 124850 }, s, genericProfile)).toEqual([
      { path: '/instrumentation/comm[1]/frequencies/standby-mhz', value: '124.850' },
    ]);
    expect(flightgearSetsFor({ type: 'radioSwap', radio: 'com1' }, s, genericProfile)).toEqual([
      { path: '/instrumentation/comm[0]/frequencies/selected-mhz', value: '121.900' },
      { path: '/instrumentation/comm[0]/frequencies/standby-mhz', value: '118.300' },
    ]);
    expect(flightgearSetsFor({ type: 'transponder', code: 200 }, s, genericProfile)[0]!.value).toBe('0200');
  });

  it('builds telnet lines and refuses injected newlines', () => {
    expect(telnetSetLine({ path: '/controls/flight/flaps', value: '0.333' })).toBe('set /controls/flight/flaps 0.333\r\n');
    expect(() => telnetSetLine({ path: '/a', value: '1\r\nset /b 2' })).toThrow(RangeError);
  });

  it('prints fgfs launch arguments', () => {
    expect(flightgearLaunchArgs({ host: '127.0.0.1', outPort: 5505, inPort: 5506, telnetPort: 5401, rateHz: 10 })).toEqual([
      '--generic=socket,out,10,127.0.0.1,5505,udp,stratus',
      '--generic=socket,in,10,127.0.0.1,5506,udp,stratus',
      '--telnet=socket,bi,60,127.0.0.1,5401,tcp',
    ]);
  });
});
