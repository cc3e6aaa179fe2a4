import { describe, expect, it } from 'vitest';
import { compileGrammar, allRules, defaultGrammar } from '../../intent/common/grammar.js';
import { parseUtterance } from '../../intent/common/parser.js';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { compileCustom } from './customCompile.js';
import { customCommandSchema, customFileSchema, type CustomCommandInput } from './customFormat.js';

const cmd = (c: CustomCommandInput) => customCommandSchema.parse(c);
const compile = (...cs: CustomCommandInput[]) => compileCustom(cs.map(cmd), defaultGrammar());
const grammarOf = (...cs: CustomCommandInput[]) => compileGrammar([...allRules, ...compile(...cs).rules]);

const BARO: CustomCommandInput = {
  id: 'kollsman',
  phrase: 'kollsman window {baro}',
  numbers: { baro: { min: 2800, max: 3100, divide: 100 } },
  actions: { xplane: [{ dataref: 'sim/cockpit2/gauges/actuators/barometer_setting_in_hg_pilot', value: '{baro}' }], msfs: [{ event: 'KOHLSMAN_SET', value: 1000 }] },
};

describe('custom command phrases', () => {
  it('reads a number slot as the built-in parser reads numbers (digits, niner, cardinals) and puts the scaled value in', () => {
    const g = grammarOf(BARO);
    for (const said of ['kollsman window two niner niner two', 'kollsman window two nine nine two', 'please kollsman window two nine nine two']) {
      const r = parseUtterance(said, {}, g);
      expect(r.intent, said).toMatchObject({ kind: 'custom', id: 'kollsman', actions: { xplane: [{ value: 29.92 }] } });
    }
    expect(parseUtterance('kollsman window two niner niner two', {}, g).intent).toMatchObject({ say: 'kollsman window two nine nine two' });
  });

  it('refuses a number outside the slot range with a spoken reason, never a write', () => {
    const r = parseUtterance('kollsman window three five zero zero', {}, grammarOf(BARO));
    expect(r.intent).toMatchObject({ kind: 'invalid', reason: 'kollsman takes 2800 to 3100' });
  });

  it('gives each choice its value, and the reply template its word', () => {
    const g = grammarOf({ id: 'wipers', phrase: 'wipers {speed}', reply: 'wipers {speed} set', choices: { speed: { slow: 1, fast: 2, off: 0 } }, actions: { xplane: [{ dataref: 'sim/cockpit2/switches/wiper_speed', value: '{speed}' }] } });
    expect(parseUtterance('wipers fast', {}, g).intent).toMatchObject({ kind: 'custom', say: 'wipers fast set', actions: { xplane: [{ value: 2 }] } });
    expect(parseUtterance('wipers off', {}, g).intent).toMatchObject({ actions: { xplane: [{ value: 0 }] } });
  });

  it('is for its aircraft only when it names one', () => {
    const g = grammarOf({ id: 'apu', phrase: 'start the apu', aircraft: 'b738', actions: { xplane: [{ command: 'laminar/B738/spring_toggle_switch/APU_start_pos_dn' }] } });
    expect(parseUtterance('start the apu', { profile: genericProfile }, g).intent).toMatchObject({ kind: 'invalid', spoken: 'unable, that command is for the b738 profile' });
    expect(parseUtterance('start the apu', { profile: { ...genericProfile, id: 'b738' } }, g).intent).toMatchObject({ kind: 'custom' });
  });
});

describe('custom commands are refused with the reason', () => {
  const reasons = (...cs: CustomCommandInput[]) => compile(...cs).problems.map((p) => `${p.id}: ${p.reason}`);

  it('when a phrase is already a built-in command, in any of its paths', () => {
    expect(reasons({ id: 'g', phrase: '[please] gear down', actions: { any: [{ key: 'g' }] } })).toEqual([expect.stringMatching(/^g: "(please )?gear down" is already the built-in command/)]);
    expect(reasons({ id: 'h', phrase: 'heading {h}', numbers: { h: { min: 1, max: 360 } }, actions: { any: [{ key: 'h' }] } })[0]).toMatch(/is already the built-in command/);
  });

  it('when two commands say the same, or share an id (the first one stays)', () => {
    const r = compile(
      { id: 'a', phrase: 'cabin lights on', actions: { any: [{ key: 'c' }] } },
      { id: 'b', phrase: 'cabin (lights | light) on', actions: { any: [{ key: 'd' }] } },
      { id: 'a', phrase: 'cabin lights dim', actions: { any: [{ key: 'e' }] } },
    );
    expect(r.accepted.map((c) => c.id)).toEqual(['a']);
    expect(r.problems).toEqual([
      { id: 'b', reason: '"cabin lights on" is already your command a' },
      { id: 'a', reason: 'the id is used twice' },
    ]);
  });

  it('when a name is not what its sim takes (charset, length, injection)', () => {
    const bad: Array<[CustomCommandInput['actions'], RegExp]> = [
      [{ xplane: [{ dataref: 'sim/x\u0000y', value: 1 }] }, /X-Plane name/],
      [{ xplane: [{ command: `sim/${'a'.repeat(190)}/${'b'.repeat(8)}` }] }, /200/],
      [{ flightgear: [{ property: '/controls/x\r\nset /sim/crashed true', value: 1 }] }, /FlightGear property path/],
      [{ flightgear: [{ property: '/controls/x', value: 'a b' }] }, /property value/],
      [{ msfs: [{ event: 'parking brakes' }] }, /SimConnect event/],
      [{ msfs: [{ dataref: 'sim/a/b', value: 1 }] }, /dataref step does not belong under msfs/],
      [{ any: [{ key: 'ctrl+alt+delete+x' }] }, /key press/],
      [{ any: [{ wait: 60_000 }] }, /5000/],
      [{ demo: [{ demo: 'afterburner', value: true }] }, /demo/],
    ];
    for (const [actions, why] of bad) expect(reasons({ id: 'x', phrase: 'wipers on', actions })[0], JSON.stringify(actions)).toMatch(why);
  });

  it('when slots are wrong: undeclared, unused, two numbers, a value naming no slot', () => {
    expect(reasons({ id: 'x', phrase: 'set wipers {speed}', actions: { any: [{ key: 'w' }] } })[0]).toMatch(/\{speed\}, which is not declared/);
    expect(reasons({ id: 'x', phrase: 'wipers {on|off}', actions: { any: [{ key: 'w' }] } })[0]).toMatch(/choices: \{ state: \{ on: 1, off: 0 \} \}/);
    expect(reasons({ id: 'x', phrase: 'set wipers', choices: { s: { on: 1 } }, actions: { any: [{ key: 'w' }] } })[0]).toMatch(/\{s\} is declared but not in the phrase/);
    expect(reasons({ id: 'x', phrase: 'trim {a} by {b}', numbers: { a: { min: 0, max: 9 }, b: { min: 0, max: 9 } }, actions: { any: [{ key: 'w' }] } })[0]).toMatch(/one number slot/);
    expect(reasons({ id: 'x', phrase: 'wipers on', actions: { xplane: [{ dataref: 'sim/a/b', value: '{speed}' }] } })[0]).toMatch(/names no slot/);
  });

  it('when a number slot would write an invalid value at an end of its range', () => {
    expect(reasons({ id: 'x', phrase: 'cabin code {c}', numbers: { c: { min: -5, max: 5 } }, actions: { msfs: [{ event: 'XPNDR_SET', value: '{c}' }], demo: [{ demo: 'paused', value: '{c}' }] } })).toEqual([]);
    expect(reasons({ id: 'x', phrase: 'cabin code {c}', numbers: { c: { min: 0, max: 5 } }, actions: { any: [{ wait: '{c}' }] } })).toEqual([]);
    expect(reasons({ id: 'x', phrase: 'cabin code {c}', numbers: { c: { min: -5, max: 5 } }, actions: { any: [{ wait: '{c}' }] } })[0]).toMatch(/wait/);
  });

  it('when the phrase notation is broken or only fillers', () => {
    expect(reasons({ id: 'x', phrase: 'cabin (lights on', actions: { any: [{ key: 'c' }] } })[0]).toMatch(/missing "\)"/);
    expect(reasons({ id: 'x', phrase: 'the', actions: { any: [{ key: 'c' }] } })[0]).toMatch(/no words/);
    expect(reasons({ id: 'x', phrase: 'cabin lights {on}', actions: { any: [{ key: 'c' }] } })[0]).toMatch(/not declared/);
  });
});

describe('the file format', () => {
  it('refuses what is not a commands file, naming the field', () => {
    expect(customFileSchema.safeParse({ version: 2, commands: [] }).success).toBe(false);
    const r = customFileSchema.safeParse({ version: 1, commands: [{ id: 'Bad Id', phrase: 'x', actions: {} }] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues.map((i) => i.path.join('.')))).toMatch(/commands.0.id.*commands.0.actions/);
    expect(customFileSchema.safeParse({ version: 1, commands: [], extra: 1 }).success).toBe(false);
  });
});
