import type { IntentOf } from './intents.js';

/**
 * Every refusal and question the parser can produce: `reason` is the short corpus-notation text,
 * `spoken` what Stratus says instead of acting.
 */
export const invalidReasons = {
  squawkDigits: { reason: 'squawk digits are 0 to 7', spoken: 'unable, squawk digits go zero to seven' },
  squawkLength: { reason: 'squawk needs 4 digits', spoken: 'say again the squawk, four digits' },
  headingRange: { reason: 'heading must be 1 to 360', spoken: 'unable, headings go from zero zero one to three six zero' },
  altitudeRange: { reason: 'altitude must be 0 to 50000 feet', spoken: 'unable, altitude goes up to flight level five zero zero' },
  speedRange: { reason: 'speed must be 30 to 500 knots', spoken: 'unable, speed goes from thirty to five hundred knots' },
  vsRange: { reason: 'vertical speed must be within 8000 fpm', spoken: 'unable, vertical speed goes up to eight thousand feet per minute' },
  comRange: { reason: 'com frequency must be 118 to 137 MHz', spoken: 'unable, com frequencies go from one one eight to one three six decimal nine nine' },
  comChannel: { reason: 'not a valid com channel', spoken: 'unable, that is not a valid com channel, say again the frequency' },
  navRange: { reason: 'nav frequency must be 108 to 117.95 MHz', spoken: 'unable, nav frequencies go from one zero eight to one one seven decimal nine five' },
  navChannel: { reason: 'not a valid nav channel', spoken: 'unable, nav frequencies end in zero or five zero, say again' },
  altimeterRange: {
    reason: 'altimeter must be 28 to 31.5 inHg or 940 to 1070 hPa',
    spoken: 'unable, say the altimeter as four digits, like two niner niner two or QNH one zero one three',
  },
  flapsRange: { reason: 'no such flap setting', spoken: 'unable, say flaps up, full, or the setting' },
  flapsDown: { reason: 'which flap setting', spoken: 'which flap setting? say flaps and the setting' },
  noChecklist: { reason: 'no checklist running', spoken: 'no checklist is running' },
  noValue: { reason: 'value not understood', spoken: 'say again the value' },
  empty: { reason: 'nothing said', spoken: 'I did not hear anything' },
} as const;
export type InvalidCode = keyof typeof invalidReasons;

export function invalidIntent(code: InvalidCode): IntentOf<'invalid'> {
  const r = invalidReasons[code];
  return { kind: 'invalid', code, reason: r.reason, spoken: r.spoken };
}
