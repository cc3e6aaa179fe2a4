import { apModes, lightNames, type SimState } from '../../sim/common/simState.js';
import type { Telemetry } from './contract.js';

/** Rounds to a step and drops binary noise (95.60000000000001 -> 95.6). */
const round = (v: number, step: number): number => Number((Math.round(v / step) * step).toFixed(Math.max(0, -Math.floor(Math.log10(step)))));

/** The overlay's telemetry subset of a SimState, rounded to what a display shows. */
export function toTelemetry(s: SimState): Telemetry {
  return {
    simTimeS: round(s.simTimeS, 0.1),
    altitudeFt: Math.round(s.altitudeFt),
    altitudeAglFt: Math.round(s.altitudeAglFt),
    iasKt: round(s.iasKt, 0.1),
    groundSpeedKt: round(s.groundSpeedKt, 0.1),
    headingDegMag: round(s.headingDegMag, 0.1),
    verticalSpeedFpm: round(s.verticalSpeedFpm, 10),
    latDeg: round(s.latDeg, 1e-5),
    lonDeg: round(s.lonDeg, 1e-5),
    flapsIndex: s.flapsIndex,
    flapsRatio: round(s.flapsRatio, 0.01),
    gearDown: s.gearDown,
    onGround: s.onGround,
    fuelKg: round(s.fuelKg, 0.1),
    apMaster: s.ap.master,
    apHeadingDegMag: Math.round(s.ap.headingDegMag),
    apAltitudeFt: Math.round(s.ap.altitudeFt),
    apSpeedKt: Math.round(s.ap.speedKt),
    apVerticalSpeedFpm: Math.round(s.ap.verticalSpeedFpm),
    apModes: apModes.filter((m) => s.ap.modes[m]),
    com1ActiveKhz: s.radios.com1ActiveKhz,
    com1StandbyKhz: s.radios.com1StandbyKhz,
    xpdrCode: s.xpdrCode,
    paused: s.paused,
    lightsOn: lightNames.filter((l) => s.lights[l]),
  };
}
