/**
 * Radio frequencies as kHz integers of the channel NAME (what the pilot says and the radio shows).
 *
 * COM: 118.000-136.990 MHz. With 8.33 kHz spacing every 25 kHz block has four names: the 25 kHz
 * channel itself (x.x00, x.x25, x.x50, x.x75) and three 8.33 kHz channels (+05, +10, +15 kHz in the
 * name). So names end (mod 100 kHz) in 00 05 10 15 25 30 35 40 50 55 60 65 75 80 85 90. A name is
 * NOT the tuned carrier: 118.005 tunes 118.000 MHz and 118.010 tunes 118.00833 MHz — see
 * tunedFrequencyHz. Sims (X-Plane's com*_frequency_hz_833, MSFS COM_STBY_RADIO_SET_HZ in
 * 8.33 mode) take the name, so the name in kHz is what intents and SimState carry: 121.5 = 121500.
 *
 * Pilots shorten 25 kHz names to two decimals: "one one eight decimal zero two" is 118.025 and
 * "...decimal seven seven" is 118.775 — a two-digit fraction ending in 2 or 7 gets a 5 appended.
 *
 * NAV: 108.00-117.95 MHz in 50 kHz steps.
 */

export const COM_MIN_KHZ = 118000;
export const COM_MAX_KHZ = 136990;
export const NAV_MIN_KHZ = 108000;
export const NAV_MAX_KHZ = 117950;

const COM_NAME_ENDINGS: ReadonlySet<number> = new Set([0, 5, 10, 15, 25, 30, 35, 40, 50, 55, 60, 65, 75, 80, 85, 90]);

export type FrequencyCheck = { khz: number } | { invalid: 'comRange' | 'comChannel' | 'navRange' | 'navChannel' };

/** kHz of a spoken "MHz int + fraction digits" (fraction "5" -> .500, "02" -> .025, "005" -> .005). */
export function khzFromParts(mhz: number, fraction: string): number | null {
  if (fraction.length === 0 || fraction.length > 3) return null;
  let f = fraction;
  if (f.length === 2 && (f.endsWith('2') || f.endsWith('7'))) f += '5';
  while (f.length < 3) f += '0';
  return mhz * 1000 + Number(f);
}

export function isValidComChannelKhz(khz: number): boolean {
  return Number.isInteger(khz) && khz >= COM_MIN_KHZ && khz <= COM_MAX_KHZ && COM_NAME_ENDINGS.has(khz % 100);
}

export function isValidNavKhz(khz: number): boolean {
  return Number.isInteger(khz) && khz >= NAV_MIN_KHZ && khz <= NAV_MAX_KHZ && khz % 50 === 0;
}

export function checkComKhz(khz: number): FrequencyCheck {
  if (khz < COM_MIN_KHZ || khz > COM_MAX_KHZ) return { invalid: 'comRange' };
  return isValidComChannelKhz(khz) ? { khz } : { invalid: 'comChannel' };
}

export function checkNavKhz(khz: number): FrequencyCheck {
  if (khz < NAV_MIN_KHZ || khz > NAV_MAX_KHZ) return { invalid: 'navRange' };
  return isValidNavKhz(khz) ? { khz } : { invalid: 'navChannel' };
}

/** True when the name is an 8.33 kHz channel (not one of the 25 kHz channels). */
export function is833Channel(khz: number): boolean {
  return khz % 25 !== 0;
}

/**
 * The carrier a channel name tunes, in Hz. 25 kHz names tune themselves; an 8.33 name
 * base+5/+10/+15 tunes base + 0 / 8333.3 / 16666.7 Hz (rounded to whole Hz).
 */
export function tunedFrequencyHz(channelKhz: number): number {
  const base = channelKhz - (channelKhz % 25);
  const offsetNameKhz = channelKhz % 25;
  if (offsetNameKhz === 0) return channelKhz * 1000;
  const step = offsetNameKhz / 5 - 1; // 5 -> 0, 10 -> 1, 15 -> 2
  return Math.round(base * 1000 + (step * 25000) / 3);
}

/** Every valid COM channel name in kHz, ascending (3040 names). */
export function allComChannelsKhz(): number[] {
  const out: number[] = [];
  for (let k = COM_MIN_KHZ; k <= COM_MAX_KHZ; k += 5) if (isValidComChannelKhz(k)) out.push(k);
  return out;
}
