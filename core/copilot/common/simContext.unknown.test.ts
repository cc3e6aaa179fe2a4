import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { emptySimState } from '../../sim/common/simState.js';
import { BROKEN_WORDS, hostileSimState, sanitised } from '../../sim/testing/hostileSimState.js';
import { buildSimContext } from './simContext.js';

/** The LLM is told "unknown", never a broken or absurd number, whatever the sim sends. */
describe('LLM context from untrusted telemetry', () => {
  it('never carries undefined, NaN or Infinity, sanitised or not', () => {
    fc.assert(
      fc.property(hostileSimState, fc.boolean(), (state, sanitise) => {
        const s = sanitise ? sanitised(state) : state;
        expect(buildSimContext({ state: s, profile: genericProfile })).not.toMatch(BROKEN_WORDS);
      }),
      { numRuns: 1000 },
    );
  });

  it('says unknown for a vertical speed the sim sent as -1e308', () => {
    const text = buildSimContext({ state: sanitised({ ...emptySimState(), verticalSpeedFpm: -1e308 }), profile: genericProfile });
    expect(text).toContain('vertical speed unknown fpm');
  });
});
