import fc from 'fast-check';
import { emptySimState, type SimState } from '../common/simState.js';
import { checkedFields, TelemetrySanitiser } from '../common/telemetrySanitiser.js';

/**
 * Property-test input: SimStates as a hostile or broken sim could make them, every checked
 * number any double with NaN, ±Infinity, ±1e308 and -0 well represented. For the tests of
 * everything that formats telemetry (answers, the LLM context).
 */
const anyNumber = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, -0, 0, 2 ** 53), fc.integer({ min: -1e9, max: 1e9 }));

export const hostileSimState: fc.Arbitrary<SimState> = fc
  .tuple(fc.array(anyNumber, { minLength: checkedFields.length, maxLength: checkedFields.length }), fc.boolean(), fc.string())
  .map(([values, flag, title]) => {
    const s = emptySimState();
    checkedFields.forEach((c, i) => c.set(s, values[i]!));
    s.gearDown = flag;
    s.ap.master = !flag;
    s.aircraftTitle = title;
    return s;
  });

/** The state as the sim link publishes it: through a fresh sanitiser. */
export function sanitised(s: SimState): SimState {
  new TelemetrySanitiser().apply(s);
  return s;
}

/** What a formatted answer or context must never contain. */
export const BROKEN_WORDS = /undefined|NaN|Infinity|null|\[object/i;
