import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import { knownValue } from '../../sim/common/telemetrySanitiser.js';
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

/** Said for a value the sim did not send plausibly (telemetrySanitiser.ts): the LLM must not guess it. */
const UNKNOWN = 'unknown';

function endurance(s: SimState): string {
  const flow = knownValue(s, 'fuelFlowKgPerH');
  const fuel = knownValue(s, 'fuelKg');
  if (flow === undefined || fuel === undefined || flow <= 0.1) return 'fuel flow not reported, endurance unknown';
  const h = fuel / flow;
  const hours = Math.floor(h);
  const minutes = Math.round((h - hours) * 60);
  const gs = knownValue(s, 'groundSpeedKt');
  const range = gs === undefined ? '' : `, still-air range at current ground speed ${Math.round(h * gs)} nm (no reserve)`;
  return `flow ${flow.toFixed(1)} kg/h, endurance ${hours} h ${minutes} min${range}`;
}

/**
 * Every number the LLM sees: formatted when the sim sent it plausibly, else "unknown" (the
 * system prompt tells the model to say it does not know rather than guess).
 */
function known(s: SimState, name: string, format: (v: number) => string): string {
  const v = knownValue(s, name);
  return v === undefined ? UNKNOWN : format(v);
}

export function buildSimContext({ state: s, profile: p, phase, checklist }: ContextInput): string {
  const ap = s.ap;
  const modes = Object.entries(ap.modes).filter(([, on]) => on).map(([m]) => m.toUpperCase());
  const lights = Object.entries(s.lights).filter(([, on]) => on).map(([l]) => l);
  const flapsIndex = knownValue(s, 'flapsIndex');
  const flapName = flapsIndex === undefined ? UNKNOWN : (p.flaps[flapsIndex]?.name ?? String(flapsIndex));
  const speeds = [
    `Vr ${p.speeds.vrKt}`,
    p.speeds.v1Kt ? `V1 ${p.speeds.v1Kt}` : '',
    p.speeds.v2Kt ? `V2 ${p.speeds.v2Kt}` : '',
    p.speeds.vyKt ? `Vy ${p.speeds.vyKt}` : '',
    `Vs1 ${p.speeds.vs1Kt}`,
    `Vso ${p.speeds.vsoKt}`,
    p.speeds.vmoKt ? `Vmo ${p.speeds.vmoKt}` : `Vne ${p.speeds.vneKt}`,
  ].filter(Boolean);
  const n = (name: string, format: (v: number) => string): string => known(s, name, format);
  const round = (v: number): string => String(Math.round(v));
  const lat = knownValue(s, 'latDeg');
  const lon = knownValue(s, 'lonDeg');
  const roll = knownValue(s, 'rollDeg');
  const lines = [
    `Aircraft: ${p.name} (${p.category}, ${p.retractableGear ? 'retractable' : 'fixed'} gear); speeds kt: ${speeds.join(', ')}.`,
    `Phase: ${phase ?? 'unknown'}${s.paused ? ', sim paused' : ''}; ${s.onGround ? 'on the ground' : 'airborne'}; sim time ${n('simTimeS', (v) => v.toFixed(0))} s.`,
    `Position ${lat === undefined || lon === undefined ? UNKNOWN : latLon(lat, lon)}; altitude ${n('altitudeFt', round)} ft MSL, ${n('altitudeAglFt', round)} ft AGL; vertical speed ${n('verticalSpeedFpm', signed)} fpm.`,
    `IAS ${n('iasKt', round)} kt, ground speed ${n('groundSpeedKt', round)} kt, heading ${n('headingDegMag', pad3)} magnetic, pitch ${n('pitchDeg', signed)}, bank ${roll === undefined ? UNKNOWN : `${Math.round(Math.abs(roll))} ${roll >= 0 ? 'right' : 'left'}`}.`,
    `Flaps ${flapName} (detent ${flapsIndex ?? UNKNOWN} of ${p.flaps.length - 1}); gear ${s.gearDown ? 'down' : 'up'}; engine ${s.engineRunning ? 'running' : 'stopped'}.`,
    `Autopilot ${ap.master ? 'engaged' : 'off'}${modes.length ? ` (${modes.join(' ')})` : ''}; selected heading ${n('ap.headingDegMag', pad3)}, altitude ${n('ap.altitudeFt', round)} ft, speed ${n('ap.speedKt', round)} kt, vertical speed ${n('ap.verticalSpeedFpm', signed)} fpm.`,
    `Fuel ${n('fuelKg', (v) => v.toFixed(1))} kg (low-fuel warning below ${p.lowFuelKg} kg); ${endurance(s)}.`,
    `Wind from ${n('windFromDegTrue', pad3)} true at ${n('windSpeedKt', round)} kt; altimeter ${n('altimeterInHg', (v) => v.toFixed(2))} inHg.`,
    `COM1 ${n('radios.com1ActiveKhz', mhz)} (standby ${n('radios.com1StandbyKhz', mhz)}), COM2 ${n('radios.com2ActiveKhz', mhz)}, NAV1 ${n('radios.nav1ActiveKhz', mhz)}; squawk ${n('xpdrCode', (v) => String(v).padStart(4, '0'))}; lights on: ${lights.length ? lights.join(', ') : 'none'}.`,
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
