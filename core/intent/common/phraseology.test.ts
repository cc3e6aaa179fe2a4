import { describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { parseUtterance } from './parser.js';
import { readbackFor } from './readback.js';
import { toSimAction } from './toSimAction.js';

/** Flight levels and turn directions survive from what was said to the readback and the sim write. */
describe('flight levels are read back as said', () => {
  it.each([
    ['flight level one two zero', 12000, 'flight level one two zero'],
    ['FL one two zero', 12000, 'flight level one two zero'],
    ['FL120', 12000, 'flight level one two zero'],
    ['climb to flight level two four zero', 24000, 'flight level two four zero'],
    ['descend and maintain flight level zero eight zero', 8000, 'flight level zero eight zero'],
    ['set altitude flight level one two zero', 12000, 'flight level one two zero'],
  ])('"%s" -> %i ft, read back "%s"', (said, altitudeFt, readback) => {
    const r = parseUtterance(said);
    expect(r.intent).toEqual({ kind: 'apAltitude', altitudeFt, reference: 'fl' });
    expect(readbackFor(r.intent)).toBe(readback);
    expect(toSimAction(r.intent, genericProfile)).toEqual({ action: { type: 'apAltitude', altitudeFt } });
  });

  it('an altitude in feet is still read back in feet below the transition altitude', () => {
    const r = parseUtterance('climb and maintain one two thousand');
    expect(r.intent).toEqual({ kind: 'apAltitude', altitudeFt: 12000 });
    expect(readbackFor(r.intent)).toBe('altitude one two thousand');
  });
});

describe('turn directions are read back and passed to the sim', () => {
  it.each([
    ['turn left heading two seven zero', 270, 'left', 'turn left heading two seven zero'],
    ['left turn heading zero niner zero', 90, 'left', 'turn left heading zero nine zero'],
    ['turn right two seven zero', 270, 'right', 'turn right heading two seven zero'],
    ['right turn two seven zero', 270, 'right', 'turn right heading two seven zero'],
    ['come left heading two four zero', 240, 'left', 'turn left heading two four zero'],
    ['turn right to heading zero four five', 45, 'right', 'turn right heading zero four five'],
    ['left heading three six zero', 360, 'left', 'turn left heading three six zero'],
    ['heading two seven zero left turn', 270, 'left', 'turn left heading two seven zero'],
    ['fly heading one eight zero turn right', 180, 'right', 'turn right heading one eight zero'],
  ] as const)('"%s" -> %i turning %s, read back "%s"', (said, headingDegMag, turn, readback) => {
    const r = parseUtterance(said);
    expect(r.intent).toEqual({ kind: 'apHeading', headingDegMag, turn });
    expect(readbackFor(r.intent)).toBe(readback);
    expect(parseUtterance(readback).intent).toEqual(r.intent);
    expect(toSimAction(r.intent, genericProfile)).toEqual({ action: { type: 'apHeading', headingDegMag, turn } });
  });

  it('a heading without a direction has none', () => {
    const r = parseUtterance('heading two seven zero');
    expect(r.intent).toEqual({ kind: 'apHeading', headingDegMag: 270 });
    expect(readbackFor(r.intent)).toBe('heading two seven zero');
  });

  it('several commands in one breath keep theirs', () => {
    const r = parseUtterance('turn left heading two two zero and climb flight level one two zero');
    expect([r.intent, ...(r.also ?? [])]).toEqual([
      { kind: 'apHeading', headingDegMag: 220, turn: 'left' },
      { kind: 'apAltitude', altitudeFt: 12000, reference: 'fl' },
    ]);
  });
});
