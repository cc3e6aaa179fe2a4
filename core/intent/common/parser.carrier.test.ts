import { describe, expect, it } from 'vitest';
import { genericProfile, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import { CARRIER_PREFIX, CARRIER_SUFFIX } from './carrier.js';
import { normalise } from './lexicon.js';
import { parseUtterance } from './parser.js';
import { parsePhrase, type Seq } from './templateDsl.js';

const notation = (t: string, checklistActive = false): string => parseUtterance(t, { checklistActive }).notation;

/** Every way through a phrase (carrier phrases are small). */
function paths(seq: Seq): string[][] {
  let out: string[][] = [[]];
  for (const n of seq) {
    const options: string[][] = n.t === 'w' ? [[n.w]] : n.t === 'r' ? [[`<${n.name}>`]] : [...n.alts.flatMap(paths), ...(n.opt ? [[]] : [])];
    out = out.flatMap((p) => options.map((o) => [...p, ...o]));
  }
  return out;
}

describe('carrier words around a command', () => {
  it('the lexicon drops every carrier phrase the recogniser grammars allow', () => {
    for (const p of [...paths(parsePhrase(CARRIER_PREFIX)), ...paths(parsePhrase(CARRIER_SUFFIX))]) expect(normalise(p.join(' ')).tokens, p.join(' ')).toEqual([]);
  });

  it.each([
    ['set the heading to two seven zero', 'set ap.heading 270'],
    ['turn the autopilot on', 'set ap.master on'],
    ['put the gear down', 'set gear down'],
    ['go ahead and lower the gear', 'set gear down'],
    ['can you set flaps fifteen', 'set flaps 15'],
    ['please squawk seven thousand', 'set xpdr 7000'],
    ['okay heading two seven zero', 'set ap.heading 270'],
    ["let's get the landing lights on", 'set lights.landing on'],
    ['dial in one two one decimal five on com one', 'set com1.active 121500'],
    ['select flaps one', 'set flaps 1'],
    ['bring the flaps up', 'set flaps up'],
    ['landing gear down', 'set gear down'],
    ['set altitude to eight thousand feet', 'set ap.altitude 8000'],
    ['climb and maintain flight level one two zero', 'set ap.altitude 12000'],
    ['descend and maintain four thousand', 'set ap.altitude 4000'],
    ["I'd like flaps five please", 'set flaps 5'],
  ])('"%s" -> %s', (text, expected) => expect(notation(text)).toBe(expected));

  it.each(['what is the weather like in Kona', 'should we put the gear down now?', 'should I lower the flaps', 'when do we put the gear down', 'can you tell me why the gear is down'])(
    'a question stays with the language model: "%s"',
    (text) => expect(parseUtterance(text).intent.kind).toBe('llm'),
  );

  it.each(["don't lower the gear", 'do not lower the gear', 'never turn the autopilot off', "don't squawk seven thousand", 'do not put the gear down and flaps full'])(
    'a negated command is never a command: "%s"',
    (text) => expect(notation(text)).toBe('llm'),
  );
});

describe('answers and take-backs', () => {
  it.each(['affirm', 'affirmative', 'confirm', 'confirmed', 'correct', "that's correct", 'yes'])('"%s" is affirm, and a checklist confirm while one runs', (t) => {
    expect(notation(t)).toBe('affirm');
    expect(notation(t, true)).toBe('checklist confirm');
  });
  it.each(['check', 'checked'])('"%s" stays a checklist answer', (t) => expect(notation(t, true)).toBe('checklist confirm'));
  it.each(['negative', 'no', 'incorrect', 'wrong', "that's not right"])('"%s" is negative', (t) => expect(notation(t)).toBe('negative'));
  it.each(['undo', 'undo that', 'cancel that', 'belay that', 'scratch that', 'revert that', 'take that back', 'belay my last'])('"%s" is undo', (t) =>
    expect(notation(t)).toBe('undo'),
  );
  it.each(['cancel', 'stop', 'never mind', 'disregard', 'stop talking'])('"%s" stays cancel', (t) => expect(notation(t)).toBe('cancel'));
});

describe('"flaps zero"', () => {
  const zeroFirst: AircraftProfile = { ...genericProfile, flaps: [{ name: '0', degrees: 0, ratio: 0 }, ...genericProfile.flaps.slice(1)] };
  const noUp: AircraftProfile = { ...genericProfile, flaps: [{ name: '5', degrees: 5, ratio: 0.1 }, ...genericProfile.flaps.slice(1)] };
  it('is flaps up with no profile, and where the first detent is the retracted one', () => {
    expect(parseUtterance('flaps zero').notation).toBe('set flaps up');
    expect(parseUtterance('flaps zero', { profile: genericProfile }).notation).toBe('set flaps up');
    expect(parseUtterance('set flaps to zero', { profile: zeroFirst }).notation).toBe('set flaps up');
  });
  it('stays 0 when the first detent is not up (the profile then refuses or resolves it)', () => {
    expect(parseUtterance('flaps zero', { profile: noUp }).notation).toBe('set flaps 0');
  });
  it('is flaps up inside several commands too', () => {
    expect(parseUtterance('gear up and flaps zero').notation).toBe('set gear up; set flaps up');
  });
});
