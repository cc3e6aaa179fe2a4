import { describe, expect, it } from 'vitest';
import { allRules, compileGrammar, defaultGrammar } from '../../intent/common/grammar.js';
import { parseUtterance } from '../../intent/common/parser.js';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { emptySimState } from '../../sim/common/simState.js';
import { thresholdsFor, weigh } from './trust.js';
import { compileCustom } from '../../custom/common/customCompile.js';
import { customCommandSchema } from '../../custom/common/customFormat.js';

/** A pilot's own command goes through the same decide stage as the built-in ones (trust.ts). */
const compiled = compileCustom(
  [
    customCommandSchema.parse({ id: 'beacon', phrase: 'beacon switch {s}', choices: { s: { on: 1, off: 0 } }, actions: { demo: [{ demo: 'beaconLights', value: '{s}' }] } }),
    customCommandSchema.parse({ id: 'brake', phrase: 'park brake {s}', confirm: true, choices: { s: { set: 1, release: 0 } }, actions: { demo: [{ demo: 'taxiLights', value: '{s}' }] } }),
  ],
  defaultGrammar(),
);
const grammar = compileGrammar([...allRules, ...compiled.rules]);
const ctx = { parse: (t: string) => parseUtterance(t, {}, grammar), state: emptySimState(), profile: genericProfile, thresholds: thresholdsFor(0.5) };

describe('a custom command heard unsurely', () => {
  it('is never flown below the confidence floor: "say again"', () => {
    const v = weigh({ text: 'beacon switch on', confidence: 0.05 }, ctx);
    expect(v.action).toBe('reject');
  });

  it('is asked back in the middle band, and flown when heard surely', () => {
    expect(weigh({ text: 'beacon switch on', confidence: ctx.thresholds.askBelow - 0.05 }, ctx).action).toBe('confirm');
    expect(weigh({ text: 'beacon switch on', confidence: 0.99 }, ctx).action).toBe('apply');
  });

  it('with confirm: true is high risk: asked back unless heard with high confidence', () => {
    expect(weigh({ text: 'park brake release', confidence: ctx.thresholds.confirmBelow - 0.02 }, ctx).action).toBe('confirm');
    expect(weigh({ text: 'park brake release', typed: true }, ctx).action).toBe('apply');
  });

  it('loses to a rival reading of another meaning within the margin (asked, not guessed)', () => {
    const v = weigh({ text: 'beacon switch on', confidence: 0.8, alternatives: [{ text: 'beacon switch on', confidence: 0.8 }, { text: 'beacon switch off', confidence: 0.78 }] }, ctx);
    expect(v.action).toBe('confirm');
  });
});
