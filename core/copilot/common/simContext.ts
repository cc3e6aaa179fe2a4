import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import type { ChecklistProgress } from './checklistRunner.js';
import type { Phase } from './phaseDetector.js';

/**
 * The compact, current picture of the flight sent with every question, so every answer is
 * grounded in live telemetry. Plain lines, units spelled out, a few hundred characters.
 */
export interface ContextInput {
  state: SimState;
  profile: AircraftProfile;
  phase?: Phase;
  checklist?: ChecklistProgress;
}

const pad3 = (deg: number): string => String(Math.round(deg) % 360 || (deg > 0 ? 360 : 0)).padStart(3, '0');
const mhz = (khz: number): string => (khz / 1000).toFixed(3);
const signed = (n: number): string => `${n >= 0 ? '+' : '-'}${Math.abs(Math.round(n))}`;

function latLon(latDeg: number, lonDeg: number): string {
  return `${Math.abs(latDeg).toFixed(4)}${latDeg >= 0 ? 'N' : 'S'} ${Math.abs(lonDeg).toFixed(4)}${lonDeg >= 0 ? 'E' : 'W'}`;
}

function endurance(s: SimState): string {
  if (s.fuelFlowKgPerH <= 0.1) return 'fuel flow not reported, endurance unknown';
  const h = s.fuelKg / s.fuelFlowKgPerH;
  const hours = Math.floor(h);
  const minutes = Math.round((h - hours) * 60);
  const rangeNm = Math.round(h * s.groundSpeedKt);
  return `flow ${s.fuelFlowKgPerH.toFixed(1)} kg/h, endurance ${hours} h ${minutes} min, still-air range at current ground speed ${rangeNm} nm (no reserve)`;
}

export function buildSimContext({ state: s, profile: p, phase, checklist }: ContextInput): string {
  const ap = s.ap;
  const modes = Object.entries(ap.modes).filter(([, on]) => on).map(([m]) => m.toUpperCase());
  const lights = Object.entries(s.lights).filter(([, on]) => on).map(([l]) => l);
  const flapName = p.flaps[s.flapsIndex]?.name ?? String(s.flapsIndex);
  const speeds = [
    `Vr ${p.speeds.vrKt}`,
    p.speeds.v1Kt ? `V1 ${p.speeds.v1Kt}` : '',
    p.speeds.v2Kt ? `V2 ${p.speeds.v2Kt}` : '',
    p.speeds.vyKt ? `Vy ${p.speeds.vyKt}` : '',
    `Vs1 ${p.speeds.vs1Kt}`,
    `Vso ${p.speeds.vsoKt}`,
    p.speeds.vmoKt ? `Vmo ${p.speeds.vmoKt}` : `Vne ${p.speeds.vneKt}`,
  ].filter(Boolean);
  const lines = [
    `Aircraft: ${p.name} (${p.category}, ${p.retractableGear ? 'retractable' : 'fixed'} gear); speeds kt: ${speeds.join(', ')}.`,
    `Phase: ${phase ?? 'unknown'}${s.paused ? ', sim paused' : ''}; ${s.onGround ? 'on the ground' : 'airborne'}; sim time ${s.simTimeS.toFixed(0)} s.`,
    `Position ${latLon(s.latDeg, s.lonDeg)}; altitude ${Math.round(s.altitudeFt)} ft MSL, ${Math.round(s.altitudeAglFt)} ft AGL; vertical speed ${signed(s.verticalSpeedFpm)} fpm.`,
    `IAS ${Math.round(s.iasKt)} kt, ground speed ${Math.round(s.groundSpeedKt)} kt, heading ${pad3(s.headingDegMag)} magnetic, pitch ${signed(s.pitchDeg)}, bank ${Math.round(Math.abs(s.rollDeg))} ${s.rollDeg >= 0 ? 'right' : 'left'}.`,
    `Flaps ${flapName} (detent ${s.flapsIndex} of ${p.flaps.length - 1}); gear ${s.gearDown ? 'down' : 'up'}; engine ${s.engineRunning ? 'running' : 'stopped'}.`,
    `Autopilot ${ap.master ? 'engaged' : 'off'}${modes.length ? ` (${modes.join(' ')})` : ''}; selected heading ${pad3(ap.headingDegMag)}, altitude ${Math.round(ap.altitudeFt)} ft, speed ${Math.round(ap.speedKt)} kt, vertical speed ${signed(ap.verticalSpeedFpm)} fpm.`,
    `Fuel ${s.fuelKg.toFixed(1)} kg (low-fuel warning below ${p.lowFuelKg} kg); ${endurance(s)}.`,
    `Wind from ${pad3(s.windFromDegTrue)} true at ${Math.round(s.windSpeedKt)} kt; altimeter ${s.altimeterInHg.toFixed(2)} inHg.`,
    `COM1 ${mhz(s.radios.com1ActiveKhz)} (standby ${mhz(s.radios.com1StandbyKhz)}), COM2 ${mhz(s.radios.com2ActiveKhz)}, NAV1 ${mhz(s.radios.nav1ActiveKhz)}; squawk ${String(s.xpdrCode).padStart(4, '0')}; lights on: ${lights.length ? lights.join(', ') : 'none'}.`,
  ];
  if (checklist && !checklist.done) {
    const item = checklist.items[checklist.index];
    lines.push(`Checklist in progress: ${checklist.title}, item ${checklist.index + 1} of ${checklist.items.length}${item ? ` (${item.challenge})` : ''}.`);
  }
  return lines.join('\n');
}

export const systemPrompt = [
  'You are the first officer in the right seat of a flight simulator, talking to the captain over the intercom.',
  'Answer in radio style: brief, one to three short sentences, plain words, no lists, no markdown, no emojis.',
  'Everything you say about this aircraft must come from the live data below. If the data does not tell you, say you do not know; never guess a number.',
  'To change anything in the aircraft you must call one of the tools; say it is done only when the tool result says so, and pass on a refusal and its reason.',
  'Do not call a tool unless the captain asked for that change.',
].join(' ');
