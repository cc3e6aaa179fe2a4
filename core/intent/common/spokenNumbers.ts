/**
 * Numbers as a pilot says them (ICAO style, but "nine" not "niner" so any TTS voice reads it):
 * digits one by one for headings, codes and frequencies; "thousand"/"hundred" for altitudes;
 * ordinary words for counts. Everything here re-parses to the same value (tested).
 */

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'] as const;
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

/** Each digit of a non-negative integer or digit string: "270" -> "two seven zero". */
export function speakDigits(value: number | string): string {
  const s = typeof value === 'number' ? String(Math.abs(Math.trunc(value))) : value;
  const out: string[] = [];
  for (const ch of s) {
    const d = ch.charCodeAt(0) - 48;
    if (d >= 0 && d <= 9) out.push(DIGITS[d]!);
  }
  return out.join(' ');
}

function below100(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return TEENS[n - 10]!;
  const t = TENS[Math.floor(n / 10)]!;
  return n % 10 === 0 ? t : `${t} ${DIGITS[n % 10]!}`;
}

function below1000(n: number): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h === 0) return below100(r);
  return r === 0 ? `${DIGITS[h]!} hundred` : `${DIGITS[h]!} hundred ${below100(r)}`;
}

/** An integer in words: 1500 -> "one thousand five hundred", -80 -> "minus eighty". */
export function speakNumber(value: number): string {
  let n = Math.round(value);
  if (n < 0) return `minus ${speakNumber(-n)}`;
  if (n === 0) return 'zero';
  const parts: string[] = [];
  if (n >= 1_000_000) {
    parts.push(`${below1000(Math.floor(n / 1_000_000))} million`);
    n %= 1_000_000;
  }
  if (n >= 1000) {
    parts.push(`${below1000(Math.floor(n / 1000))} thousand`);
    n %= 1000;
  }
  if (n > 0) parts.push(below1000(n));
  return parts.join(' ');
}

/**
 * An altitude the ICAO way: 10500 -> "one zero thousand five hundred", 4200 -> "four thousand two
 * hundred", 350 -> "three hundred fifty". Rounded to the nearest 10 ft.
 */
export function speakAltitudeFt(altitudeFt: number): string {
  const ft = Math.round(altitudeFt / 10) * 10;
  if (ft < 0) return `minus ${speakAltitudeFt(-ft)}`;
  if (ft === 0) return 'zero';
  const th = Math.floor(ft / 1000);
  const rest = ft % 1000;
  const parts: string[] = [];
  if (th > 0) parts.push(`${th >= 10 ? speakDigits(th) : DIGITS[th]!} thousand`);
  if (rest > 0) parts.push(rest % 100 === 0 ? `${DIGITS[rest / 100]!} hundred` : below1000(rest));
  return parts.join(' ');
}

/** A flight level: 35000 -> "flight level three five zero". */
export function speakFlightLevel(altitudeFt: number): string {
  return `flight level ${speakDigits(String(Math.round(altitudeFt / 100)).padStart(3, '0'))}`;
}

/** A heading in three digits: 90 -> "zero nine zero"; 0 and 360 -> "three six zero". */
export function speakHeading(headingDeg: number): string {
  let h = Math.round(headingDeg) % 360;
  if (h <= 0) h += 360;
  return speakDigits(String(h).padStart(3, '0'));
}

/**
 * A frequency in kHz as its channel name: 121500 -> "one two one decimal five", 132850 -> "one
 * three two decimal eight five", 118005 -> "one one eight decimal zero zero five".
 */
export function speakFrequencyKhz(khz: number): string {
  const mhz = Math.floor(khz / 1000);
  let frac = String(khz % 1000).padStart(3, '0');
  while (frac.length > 1 && frac.endsWith('0')) frac = frac.slice(0, -1);
  return `${speakDigits(mhz)} decimal ${speakDigits(frac)}`;
}

/** A transponder code in four digits: 7000 -> "seven zero zero zero", 200 -> "zero two zero zero". */
export function speakSquawk(code: number): string {
  return speakDigits(String(code).padStart(4, '0'));
}

/** A speed: 120 -> "one two zero" (ATC style digits). */
export function speakSpeedKt(speedKt: number): string {
  return speakDigits(Math.round(speedKt));
}
