import { describe, expect, it } from 'vitest';
import type { Intent } from '../../intent/common/intents.js';
import { toNotation } from '../../intent/common/notation.js';
import type { ParseResult } from '../../intent/common/parser.js';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { demoInitialState } from '../../sim/common/demoFlightModel.js';
import type { SimState } from '../../sim/common/simState.js';
import { riskOf } from './risk.js';
import { STRICTNESS_ANCHORS, suspicionOf, thresholdsFor, weigh, type Heard, type Thresholds, type WeighContext } from './trust.js';

/** A parser for these tests: known phrases to intents (the real grammar is core/intent's, tested there). */
const phrases: Record<string, Intent> = {
  'gear up': { kind: 'gear', down: false },
  'gear down': { kind: 'gear', down: true },
  'autopilot on': { kind: 'apMaster', on: true },
  'autopilot off': { kind: 'apMaster', on: false },
  'heading one two zero': { kind: 'apHeading', headingDegMag: 120 },
  'heading one three zero': { kind: 'apHeading', headingDegMag: 130 },
  'heading zero nine zero': { kind: 'apHeading', headingDegMag: 90 },
  'heading to seven zero': { kind: 'apHeading', headingDegMag: 270 },
  'heading two seven zero': { kind: 'apHeading', headingDegMag: 270 },
  'climb flight level three five zero': { kind: 'apAltitude', altitudeFt: 35000 },
  'altitude six thousand': { kind: 'apAltitude', altitudeFt: 6000 },
  'taxi light on': { kind: 'light', light: 'taxi', on: true },
  'speed four five zero': { kind: 'apSpeed', speedKt: 450 },
  "what's our fuel": { kind: 'query', what: 'fuel' },
  affirm: { kind: 'affirm' },
};
function parse(text: string): ParseResult {
  const intent: Intent = phrases[text] ?? { kind: 'llm', reason: 'not a known command or query' };
  return { intent, confidence: intent.kind === 'llm' ? 0.9 : 1, matched: [], notation: toNotation(intent) };
}

/** The demo aircraft in cruise: autopilot on, heading bug 090, 5,500 ft, gear up. */
function cruise(): SimState {
  return demoInitialState(genericProfile);
}

/**
 * The weighing logic is tested at fixed thresholds (relaxed, middle, strict), not at the
 * calibrated table's, which moves whenever the recogniser is recalibrated.
 */
const LOGIC_THRESHOLDS: Record<number, Thresholds> = {
  0: { rejectBelow: 0, askBelow: 0, confirmBelow: 0.5, margin: 0.05 },
  0.5: { rejectBelow: 0.35, askBelow: 0.35, confirmBelow: 0.85, margin: 0.15 },
  1: { rejectBelow: 0.5, askBelow: 0.5, confirmBelow: 1, margin: 0.3 },
};

function ctx(strictness: 0 | 0.5 | 1 = 0.5, state: SimState = cruise()): WeighContext {
  return { parse, state, profile: genericProfile, thresholds: LOGIC_THRESHOLDS[strictness]! };
}

function spoken(text: string, confidence?: number, alternatives?: Array<[string, number]>): Heard {
  return {
    text,
    ...(confidence !== undefined ? { confidence } : {}),
    ...(alternatives ? { alternatives: [{ text, confidence: confidence ?? 0 }, ...alternatives.map(([t, c]) => ({ text: t, confidence: c }))] } : {}),
  };
}

describe('thresholdsFor', () => {
  it('is monotone: stricter never rejects, asks or tolerates closeness less', () => {
    let prev = thresholdsFor(0);
    for (let s = 0.05; s <= 1.0001; s += 0.05) {
      const t = thresholdsFor(s);
      expect(t.rejectBelow).toBeGreaterThanOrEqual(prev.rejectBelow);
      expect(t.askBelow).toBeGreaterThanOrEqual(prev.askBelow);
      expect(t.confirmBelow).toBeGreaterThanOrEqual(prev.confirmBelow);
      expect(t.margin).toBeGreaterThanOrEqual(prev.margin);
      expect(t.rejectBelow).toBeLessThanOrEqual(t.askBelow);
      expect(t.askBelow).toBeLessThanOrEqual(t.confirmBelow);
      expect(t.rejectBelow).toBeLessThan(t.confirmBelow);
      prev = t;
    }
  });

  it('hits the anchors of the table, clamps out-of-range strictness, defaults a non-number', () => {
    for (const a of STRICTNESS_ANCHORS) expect(thresholdsFor(a.strictness)).toEqual({ rejectBelow: a.rejectBelow, askBelow: a.askBelow, confirmBelow: a.confirmBelow, margin: a.margin });
    expect(thresholdsFor(-3)).toEqual(thresholdsFor(0));
    expect(thresholdsFor(7)).toEqual(thresholdsFor(1));
    expect(thresholdsFor(Number.NaN)).toEqual(thresholdsFor(0.5));
  });
});

describe('risk classes', () => {
  const s = cruise();
  const risk = (i: Intent): string => riskOf(i, s, genericProfile);
  it('autopilot master, gear, flaps, swaps and emergency squawks are high risk', () => {
    expect(risk({ kind: 'apMaster', on: false })).toBe('high');
    expect(risk({ kind: 'gear', down: true })).toBe('high');
    expect(risk({ kind: 'flaps', setting: 'full' })).toBe('high');
    expect(risk({ kind: 'radioSwap', radio: 'com1' })).toBe('high');
    for (const code of [7500, 7600, 7700]) expect(risk({ kind: 'transponder', code })).toBe('high');
    expect(risk({ kind: 'transponder', code: 4512 })).toBe('normal');
  });

  it('altitude and heading changes are high risk by how far they move the target', () => {
    expect(risk({ kind: 'apAltitude', altitudeFt: 10500 })).toBe('normal'); // 5,000 ft from 5,500
    expect(risk({ kind: 'apAltitude', altitudeFt: 10600 })).toBe('high');
    expect(risk({ kind: 'apHeading', headingDegMag: 180 })).toBe('normal'); // 90 degrees from 090
    expect(risk({ kind: 'apHeading', headingDegMag: 181 })).toBe('high');
    expect(risk({ kind: 'apHeading', headingDegMag: 360 })).toBe('normal'); // across north
    expect(risk({ kind: 'light', light: 'taxi', on: true })).toBe('normal');
    expect(risk({ kind: 'query', what: 'fuel' })).toBe('normal');
  });
});

describe('suspicion against the sim state', () => {
  const s = cruise();
  const sus = (i: Intent): string | undefined => suspicionOf(i, s, genericProfile);
  it('a write that changes nothing is suspect', () => {
    expect(sus({ kind: 'apMaster', on: true })).toMatch(/already on/);
    expect(sus({ kind: 'gear', down: false })).toMatch(/already up/);
    expect(sus({ kind: 'apHeading', headingDegMag: 90 })).toMatch(/already/);
    expect(sus({ kind: 'apMaster', on: false })).toBeUndefined();
  });
  it('an implausible jump is suspect; a heading reversal is not', () => {
    expect(sus({ kind: 'apAltitude', altitudeFt: 35000 })).toMatch(/change of 29500 ft/);
    expect(sus({ kind: 'apSpeed', speedKt: 450 })).toMatch(/outside/);
    expect(sus({ kind: 'apHeading', headingDegMag: 270 })).toBeUndefined();
  });
});

describe('weigh', () => {
  it('typed text applies as typed, whatever its risk', () => {
    expect(weigh({ text: 'gear down', typed: true }, ctx(1)).action).toBe('apply');
  });

  it('below the rejection threshold: say again, with the score as the reason', () => {
    const v = weigh(spoken('heading one two zero', 0.31), ctx());
    expect(v).toMatchObject({ action: 'reject', why: 'low confidence 0.31' });
  });

  it('a high-risk command below confirmBelow is asked; above it, applied', () => {
    expect(weigh(spoken('gear down', 0.6), ctx()).action).toBe('confirm');
    expect(weigh(spoken('gear down', 0.95), ctx()).action).toBe('apply');
    expect(weigh(spoken('gear down', 0.6), ctx(0)).action).toBe('apply'); // relaxed
    expect(weigh(spoken('gear down', 0.99), ctx(1)).action).toBe('confirm'); // strict: every spoken risky command
  });

  it('a normal command applies above the rejection threshold', () => {
    expect(weigh(spoken('heading one two zero', 0.5), ctx()).action).toBe('apply');
    expect(weigh(spoken("what's our fuel", 0.5), ctx()).action).toBe('apply');
  });

  it('no confidence from the recogniser: risky ones ask, safe ones apply', () => {
    expect(weigh(spoken('gear down'), ctx())).toMatchObject({ action: 'confirm', why: 'high risk, no confidence from the recogniser' });
    expect(weigh(spoken('heading one two zero'), ctx()).action).toBe('apply');
  });

  it('a hypothesis that parses beats a likelier one that does not', () => {
    const v = weigh(spoken('hitting one two zero', 0.7, [['heading one two zero', 0.6]]), ctx());
    expect(v.action).toBe('apply');
    expect(v.reading.text).toBe('heading one two zero');
  });

  it('a write that would change nothing loses to its near-minimal rival, and the closeness is asked', () => {
    // Autopilot is on: "autopilot on" changes nothing, so "off" is the likelier reading; too close to fly unasked.
    const v = weigh(spoken('autopilot on', 0.55, [['autopilot off', 0.45]]), ctx());
    expect(v.reading.text).toBe('autopilot off');
    expect(v.action).toBe('confirm');
    expect(v.action === 'confirm' && v.why).toMatch(/close to "autopilot on"/);
  });

  it('near-minimal pairs closer than the margin are asked, even for a normal-risk command', () => {
    expect(weigh(spoken('heading one two zero', 0.9, [['heading one three zero', 0.8]]), ctx()).action).toBe('confirm');
    expect(weigh(spoken('heading one two zero', 0.9, [['heading one three zero', 0.5]]), ctx()).action).toBe('apply');
    expect(weigh(spoken('heading one two zero', 0.9, [['heading one three zero', 0.8]]), ctx(0)).action).toBe('apply'); // relaxed margin
  });

  it('a suspect command is asked even when it is normal risk', () => {
    const v = weigh(spoken('climb flight level three five zero', 0.9), ctx());
    expect(v).toMatchObject({ action: 'confirm' });
    expect(v.action === 'confirm' && v.why).toMatch(/altitude target change/);
    expect(weigh(spoken('heading zero nine zero', 0.95), ctx()).action).toBe('confirm'); // the bug is already there
  });

  it('hypotheses that mean the same pool their confidence, under the best one\'s words', () => {
    const v = weigh(spoken('heading two seven zero', 0.2, [['heading to seven zero', 0.5]]), ctx());
    expect(v.action).not.toBe('reject'); // alone, 0.2 would be "say again"
    expect(v.reading).toMatchObject({ text: 'heading two seven zero', score: 0.4 }); // 0.2 + 0.2: the runner-up counts no more than the best
  });

  it('a runner-up never counts more than the best: the recogniser\'s order stands', () => {
    const v = weigh(spoken('autopilot off', 0.3, [['autopilot on', 0.9]]), ctx(0));
    expect(v.reading.text).toBe('autopilot off');
  });

  it('a question and an answer are not commands: no confirmation for them', () => {
    expect(weigh(spoken('affirm', 0.5), ctx()).action).toBe('apply');
  });
});

describe('the ask band', () => {
  const band: WeighContext = { ...ctx(), thresholds: { rejectBelow: 0.5, askBelow: 0.85, confirmBelow: 0.95, margin: 0.15 } };
  it('asks back any command heard between rejectBelow and askBelow, instead of "say again"', () => {
    expect(weigh(spoken('heading one two zero', 0.4), band).action).toBe('reject');
    expect(weigh(spoken('heading one two zero', 0.7), band)).toMatchObject({ action: 'confirm', why: 'confidence 0.70' });
    expect(weigh(spoken('heading one two zero', 0.9), band).action).toBe('apply');
    expect(weigh(spoken('gear down', 0.9), band).action).toBe('confirm'); // risky: up to confirmBelow
  });

  it('needs an "affirm" heard as surely as a command: it would fly the question', () => {
    expect(weigh(spoken('affirm', 0.7), band).action).toBe('reject');
    expect(weigh(spoken('affirm', 0.9), band).action).toBe('apply');
    expect(weigh(spoken("what's our fuel", 0.6), band).action).toBe('apply'); // reading a value is harmless
  });
});
