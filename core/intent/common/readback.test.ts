import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { emptySimState } from '../../sim/common/simState.js';
import { allComChannelsKhz } from './frequency.js';
import { checklistNames, type Intent } from './intents.js';
import { parseUtterance } from './parser.js';
import { answerQuery, readbackFor } from './readback.js';

const octal = fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 4, maxLength: 4 }).map((d) => Number(d.join('')));
const channels = allComChannelsKhz();

/** Every intent a readback is spoken for. */
const readbackable: fc.Arbitrary<Intent> = fc.oneof(
  fc.integer({ min: 1, max: 360 }).map((h): Intent => ({ kind: 'apHeading', headingDegMag: h })),
  fc.record({ h: fc.integer({ min: 1, max: 360 }), turn: fc.constantFrom('left' as const, 'right' as const) }).map(({ h, turn }): Intent => ({ kind: 'apHeading', headingDegMag: h, turn })),
  fc.integer({ min: 0, max: 5000 }).map((a): Intent => ({ kind: 'apAltitude', altitudeFt: a * 10 })),
  fc.integer({ min: 10, max: 500 }).map((fl): Intent => ({ kind: 'apAltitude', altitudeFt: fl * 100, reference: 'fl' })),
  fc.integer({ min: 30, max: 500 }).map((s): Intent => ({ kind: 'apSpeed', speedKt: s })),
  fc.integer({ min: -8000, max: 8000 }).map((v): Intent => ({ kind: 'apVerticalSpeed', verticalSpeedFpm: v })),
  fc.boolean().map((on): Intent => ({ kind: 'apMaster', on })),
  fc.constantFrom('hdg', 'nav', 'apr', 'alt', 'vs', 'flc').map((mode): Intent => ({ kind: 'apMode', mode })),
  // Setting 0 is not here: "flaps zero" re-parses as flaps up (the retracted detent), tested in parser.carrier.test.ts.
  fc.oneof(fc.constantFrom('up' as const, 'full' as const), fc.integer({ min: 1, max: 40 })).map((setting): Intent => ({ kind: 'flaps', setting })),
  fc.boolean().map((down): Intent => ({ kind: 'gear', down })),
  fc.record({ light: fc.constantFrom('landing', 'taxi', 'strobe', 'beacon', 'nav'), on: fc.boolean() }).map((l): Intent => ({ kind: 'light', ...l })),
  fc
    .record({ radio: fc.constantFrom('com1', 'com2'), slot: fc.constantFrom('active', 'standby'), khz: fc.constantFrom(...channels) })
    .map((r): Intent => ({ kind: 'radio', ...r })),
  fc
    .record({ radio: fc.constantFrom('nav1', 'nav2'), slot: fc.constantFrom('active', 'standby'), step: fc.integer({ min: 0, max: 199 }) })
    .map(({ step, ...r }): Intent => ({ kind: 'radio', ...r, khz: 108000 + step * 50 })),
  fc.constantFrom('com1', 'com2', 'nav1', 'nav2').map((radio): Intent => ({ kind: 'radioSwap', radio })),
  octal.map((code): Intent => ({ kind: 'transponder', code })),
  fc.integer({ min: 2800, max: 3150 }).map((v): Intent => ({ kind: 'altimeter', pressure: { unit: 'inHg', inHg: v / 100 } })),
  fc.integer({ min: 940, max: 1070 }).map((hPa): Intent => ({ kind: 'altimeter', pressure: { unit: 'hPa', hPa } })),
  fc.constantFrom(...checklistNames).map((name): Intent => ({ kind: 'checklistStart', name })),
  fc.boolean().map((on): Intent => ({ kind: 'callouts', on })),
);

describe('readbackFor', () => {
  it('speaks the phraseology a first officer would use', () => {
    expect(readbackFor({ kind: 'apHeading', headingDegMag: 270 })).toBe('heading two seven zero');
    expect(readbackFor({ kind: 'flaps', setting: 15 })).toBe('flaps fifteen');
    expect(readbackFor({ kind: 'transponder', code: 7000 })).toBe('squawking seven thousand');
    expect(readbackFor({ kind: 'transponder', code: 200 })).toBe('squawking zero two zero zero');
    expect(readbackFor({ kind: 'radio', radio: 'com1', slot: 'active', khz: 121500 })).toBe('one two one decimal five on com one');
    expect(readbackFor({ kind: 'apAltitude', altitudeFt: 35000 })).toBe('flight level three five zero');
    expect(readbackFor({ kind: 'apAltitude', altitudeFt: 10500 })).toBe('altitude one zero thousand five hundred');
    expect(readbackFor({ kind: 'altimeter', pressure: { unit: 'hPa', hPa: 1013 } })).toBe('QNH one zero one three');
  });

  it('every readback re-parses to the same intent', () => {
    fc.assert(
      fc.property(readbackable, (intent) => {
        const spoken = readbackFor(intent, genericProfile);
        // An altitude from the transition altitude up is read back as a flight level, and heard as one.
        const heard = intent.kind === 'apAltitude' && spoken.startsWith('flight level') ? { ...intent, reference: 'fl' } : intent;
        expect(parseUtterance(spoken).intent).toEqual(heard);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('answerQuery', () => {
  const state = emptySimState();
  state.altitudeFt = 4210;
  state.verticalSpeedFpm = 1480;
  state.iasKt = 118.6;
  state.fuelKg = 120;
  state.fuelFlowKgPerH = 30;
  state.radios.com1ActiveKhz = 121500;
  state.radios.com1StandbyKhz = 118005;
  state.windFromDegTrue = 270;
  state.windSpeedKt = 15;
  state.flapsIndex = 1;
  state.xpdrCode = 7000;

  it('answers from telemetry with units', () => {
    const ask = (what: Parameters<typeof answerQuery>[0]['what']): string => answerQuery({ kind: 'query', what }, state, genericProfile);
    expect(ask('altitude')).toBe('four thousand two hundred ten feet, climbing one thousand five hundred');
    expect(ask('speed')).toBe('one hundred nineteen knots indicated');
    expect(ask('fuel')).toBe('one hundred twenty kilograms of fuel, about four hours zero minutes at the current flow');
    expect(ask('com1')).toBe('com one one two one decimal five, standby one one eight decimal zero zero five');
    expect(ask('wind')).toBe('wind two seven zero at fifteen knots');
    expect(ask('flaps')).toBe('flaps one');
    expect(ask('xpdr')).toBe('squawking seven zero zero zero');
    expect(ask('gear')).toBe('gear down');
    expect(ask('com2')).toBe('com two frequency not available');
  });

  it('answers every query target without throwing', () => {
    for (const what of ['altitude', 'speed', 'groundspeed', 'heading', 'vs', 'fuel', 'wind', 'position', 'com1', 'com2', 'nav1', 'xpdr', 'flaps', 'gear', 'altimeter', 'autopilot', 'lights'] as const) {
      expect(answerQuery({ kind: 'query', what }, emptySimState(), genericProfile).length).toBeGreaterThan(3);
    }
  });
});
