/**
 * A HID report-descriptor parser: just enough of the HID 1.11 spec (section 6.2.2) to find where a
 * joystick's buttons sit in its input reports. Pure: bytes in, layout out; never throws on bad
 * input (a truncated or malformed descriptor yields what could be read, plus a warning).
 *
 * Only the Button usage page (0x09) counts: axes, hat switches and vendor fields are skipped, so a
 * wobbling stick can never look like a button.
 */

/** HID usage page of buttons (HID Usage Tables 1.4, chapter 12). */
export const BUTTON_USAGE_PAGE = 0x09;
/** A report descriptor longer than this is not a joystick's (the HID spec caps it at 4 KiB in practice). */
export const MAX_DESCRIPTOR_BYTES = 4096;
/** Collections nested deeper than this, or more push than pop, mean a corrupt descriptor. */
const MAX_STACK_DEPTH = 32;
/** An input report longer than this is not a joystick's; fields past it are dropped. */
export const MAX_REPORT_BITS = 8 * 1024;

/** One button: its number (Button 1 = usage 1) and where its bit is in the report. */
export interface HidButtonField {
  /** The report it is in (0 when the device numbers no reports). */
  reportId: number;
  /** Bit offset from the start of the report as read, including the report-ID byte when there is one. */
  bitOffset: number;
  /** The Button usage: 1 is "Button 1" (the trigger on most sticks). */
  button: number;
}

/** A button array field (keyboard-style: each slot holds the number of a pressed button, 0 none). */
export interface HidButtonArray {
  reportId: number;
  bitOffset: number;
  bitSize: number;
  count: number;
  logicalMin: number;
  /** The button a slot value of logicalMin stands for. */
  usageMin: number;
  usageMax: number;
}

export interface HidLayout {
  /** Whether reports start with a report-ID byte. */
  numbered: boolean;
  buttons: HidButtonField[];
  arrays: HidButtonArray[];
  /** Bits of each input report, by report ID (including the ID byte). */
  reportBits: ReadonlyMap<number, number>;
  /** What could not be parsed (the layout holds what came before it). */
  warnings: string[];
}

interface Globals {
  usagePage: number;
  logicalMin: number;
  reportSize: number;
  reportCount: number;
  reportId: number;
}

interface Locals {
  usages: number[];
  usageMin: number | null;
  usageMax: number | null;
}

const noLocals = (): Locals => ({ usages: [], usageMin: null, usageMax: null });

function unsigned(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

function signed(bytes: Uint8Array, at: number, size: number): number {
  const v = unsigned(bytes, at, size);
  const bits = size * 8;
  return size > 0 && v >= 2 ** (bits - 1) ? v - 2 ** bits : v;
}

/** The usage (page, id) a local Usage item names: 4-byte usages carry their own page. */
function fullUsage(value: number, size: number, page: number): { page: number; id: number } {
  return size === 4 ? { page: Math.floor(value / 0x10000), id: value & 0xffff } : { page, id: value };
}

export function parseReportDescriptor(bytes: Uint8Array): HidLayout {
  const warnings: string[] = [];
  const buttons: HidButtonField[] = [];
  const arrays: HidButtonArray[] = [];
  const bits = new Map<number, number>();
  let numbered = false;
  let g: Globals = { usagePage: 0, logicalMin: 0, reportSize: 0, reportCount: 0, reportId: 0 };
  const stack: Globals[] = [];
  let local = noLocals();
  let depth = 0;
  // Usages carry the page current when they were declared (a Usage Page may follow them).
  let localPages: number[] = [];
  let minPage = 0;
  if (bytes.length > MAX_DESCRIPTOR_BYTES) {
    warnings.push(`descriptor is ${bytes.length} bytes; only the first ${MAX_DESCRIPTOR_BYTES} are read`);
    bytes = bytes.subarray(0, MAX_DESCRIPTOR_BYTES);
  }

  let i = 0;
  while (i < bytes.length) {
    const prefix = bytes[i]!;
    if (prefix === 0xfe) {
      // Long item: skip (no standard long items exist).
      const size = bytes[i + 1] ?? 0;
      i += 3 + size;
      continue;
    }
    const size = [0, 1, 2, 4][prefix & 3]!;
    const type = (prefix >> 2) & 3;
    const tag = prefix >> 4;
    if (i + 1 + size > bytes.length) {
      warnings.push(`truncated item at byte ${i}`);
      break;
    }
    const u = unsigned(bytes, i + 1, size);
    const s = signed(bytes, i + 1, size);
    i += 1 + size;

    if (type === 1) {
      // Global items.
      if (tag === 0) g.usagePage = u;
      else if (tag === 1) g.logicalMin = s;
      else if (tag === 7) g.reportSize = u;
      else if (tag === 8) {
        g.reportId = u;
        numbered = true;
      } else if (tag === 9) g.reportCount = u;
      else if (tag === 10) {
        if (stack.length >= MAX_STACK_DEPTH) {
          warnings.push('push without pop nested too deep');
          break;
        }
        stack.push({ ...g });
      } else if (tag === 11) {
        const top = stack.pop();
        if (!top) warnings.push(`pop without push at byte ${i - 1 - size}`);
        else g = top;
      }
    } else if (type === 2) {
      // Local items.
      if (tag === 0) {
        const full = fullUsage(u, size, g.usagePage);
        local.usages.push(full.id);
        localPages.push(full.page);
      } else if (tag === 1) {
        const full = fullUsage(u, size, g.usagePage);
        local.usageMin = full.id;
        minPage = full.page;
      } else if (tag === 2) local.usageMax = fullUsage(u, size, g.usagePage).id;
    } else if (type === 0) {
      // Main items.
      if (tag === 10) {
        if (++depth > MAX_STACK_DEPTH) {
          warnings.push('collections nested too deep');
          break;
        }
      } else if (tag === 12) depth = Math.max(0, depth - 1);
      else if (tag === 8) {
        const reportId = g.reportId;
        const start = bits.get(reportId) ?? (numbered ? 8 : 0);
        const fieldBits = g.reportSize * g.reportCount;
        if (start + fieldBits > MAX_REPORT_BITS) {
          warnings.push(`input report ${reportId} longer than ${MAX_REPORT_BITS} bits`);
          break;
        }
        bits.set(reportId, start + fieldBits);
        const constant = (u & 1) === 1;
        const variable = (u & 2) === 2;
        const ranged = local.usageMin !== null && local.usageMax !== null;
        const page = ranged && local.usages.length === 0 ? minPage : (localPages[0] ?? g.usagePage);
        if (!constant && page === BUTTON_USAGE_PAGE) {
          if (variable) {
            for (let k = 0; k < g.reportCount; k++) {
              const button = usageAt(local, k);
              // Slots past the declared usages are padding in practice (Button 10 of 10, count 16).
              if (button !== null && button > 0) buttons.push({ reportId, bitOffset: start + k * g.reportSize, button });
            }
          } else if (ranged && g.reportSize > 0) {
            arrays.push({ reportId, bitOffset: start, bitSize: g.reportSize, count: g.reportCount, logicalMin: g.logicalMin, usageMin: local.usageMin!, usageMax: local.usageMax! });
          }
        }
      }
      if (tag === 8 || tag === 9 || tag === 10 || tag === 11 || tag === 12) {
        local = noLocals();
        localPages = [];
      }
    }
  }
  return { numbered, buttons, arrays, reportBits: bits, warnings };
}

/** The usage of the k-th field of a variable main item: listed usages first, then the range. */
function usageAt(l: Locals, k: number): number | null {
  if (l.usages.length > 0) return k < l.usages.length ? l.usages[k]! : null;
  if (l.usageMin === null || l.usageMax === null) return null;
  const u = l.usageMin + k;
  return u <= l.usageMax ? u : null;
}
