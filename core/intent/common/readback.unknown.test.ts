import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { emptySimState } from '../../sim/common/simState.js';
import { BROKEN_WORDS, hostileSimState, sanitised } from '../../sim/testing/hostileSimState.js';
import { queryTargets } from './intents.js';
import { answerQuery } from './readback.js';

/** Whatever the sim sends, no spoken answer ever says a broken number. */
describe('answers from untrusted telemetry', () => {
  it('never speak undefined, NaN or Infinity, sanitised or not', () => {
    fc.assert(
      fc.property(hostileSimState, fc.constantFrom(...queryTargets), fc.boolean(), (state, what, sanitise) => {
        const s = sanitise ? sanitised(state) : state;
        const answer = answerQuery({ kind: 'query', what }, s, genericProfile);
        expect(answer).not.toMatch(BROKEN_WORDS);
        expect(answer.trim()).not.toBe('');
      }),
      { numRuns: 3000 },
    );
  });

  it('says a spoofed vertical speed is not available instead of a garbled number', () => {
    const s = sanitised({ ...emptySimState(), altitudeFt: 1e308, verticalSpeedFpm: -Infinity });
    expect(answerQuery({ kind: 'query', what: 'vs' }, s, genericProfile)).toBe('vertical speed not available');
    expect(answerQuery({ kind: 'query', what: 'altitude' }, s, genericProfile)).toBe('altitude not available');
    // Not sanitised (a state from anywhere): the formatter checks on its own.
    const raw = { ...emptySimState(), verticalSpeedFpm: -1e308 };
    expect(answerQuery({ kind: 'query', what: 'vs' }, raw, genericProfile)).toBe('vertical speed not available');
  });
});
