/**
 * Which buttons a raw HID input report says are down, given the layout parsed from the device's
 * report descriptor (hidDescriptor.ts). Pure. A report that is too short or for another report ID
 * says nothing about the buttons that are not in it: the caller keeps their last state.
 */
import type { HidLayout } from './hidDescriptor.js';

/** The report ID a raw report belongs to (0 for devices that number no reports). */
export function reportIdOf(layout: Pick<HidLayout, 'numbered'>, report: Uint8Array): number {
  return layout.numbered ? (report[0] ?? 0) : 0;
}

/** The bit at `bitOffset` (LSB first, as HID packs fields); null past the report's end. */
export function bitAt(report: Uint8Array, bitOffset: number): boolean | null {
  const byte = report[bitOffset >> 3];
  if (byte === undefined) return null;
  return ((byte >> (bitOffset & 7)) & 1) === 1;
}

/** An unsigned field of `size` bits at `bitOffset` (LSB first); null past the report's end. */
export function fieldAt(report: Uint8Array, bitOffset: number, size: number): number | null {
  if (((bitOffset + size + 7) >> 3) > report.length) return null;
  let v = 0;
  for (let b = size - 1; b >= 0; b--) v = v * 2 + (bitAt(report, bitOffset + b) ? 1 : 0);
  return v;
}

/**
 * The buttons this report covers, each with its state: Button usage number to pressed. Buttons in
 * other reports (or beyond a short report's end) are absent, not released.
 */
export function buttonStates(layout: HidLayout, report: Uint8Array): Map<number, boolean> {
  const id = reportIdOf(layout, report);
  const out = new Map<number, boolean>();
  for (const f of layout.buttons) {
    if (f.reportId !== id) continue;
    const on = bitAt(report, f.bitOffset);
    if (on !== null) out.set(f.button, (out.get(f.button) ?? false) || on);
  }
  for (const a of layout.arrays) {
    if (a.reportId !== id) continue;
    const covered = fieldAt(report, a.bitOffset + (a.count - 1) * a.bitSize, a.bitSize) !== null;
    if (!covered) continue;
    for (let u = a.usageMin; u <= a.usageMax; u++) if (!out.has(u)) out.set(u, false);
    for (let k = 0; k < a.count; k++) {
      const v = fieldAt(report, a.bitOffset + k * a.bitSize, a.bitSize)!;
      const u = a.usageMin + (v - a.logicalMin);
      if (u > 0 && u >= a.usageMin && u <= a.usageMax) out.set(u, true);
    }
  }
  return out;
}

/** The set of pressed buttons in one report. */
export function pressedButtons(layout: HidLayout, report: Uint8Array): Set<number> {
  const s = new Set<number>();
  for (const [b, on] of buttonStates(layout, report)) if (on) s.add(b);
  return s;
}

/**
 * Tracks one button across reports and reports its edges (down, up). The state only changes on a
 * report that covers the button, so other reports of a multi-report device cannot release it.
 */
export class ButtonTracker {
  private down = false;
  constructor(private readonly read: (report: Uint8Array) => boolean | null) {}

  /** true: went down; false: went up; null: no change. */
  feed(report: Uint8Array): boolean | null {
    const now = this.read(report);
    if (now === null || now === this.down) return null;
    this.down = now;
    return now;
  }

  get pressed(): boolean {
    return this.down;
  }
}

/** A tracker for Button `button` of a parsed layout. */
export function usageTracker(layout: HidLayout, button: number): ButtonTracker {
  return new ButtonTracker((r) => buttonStates(layout, r).get(button) ?? null);
}

/**
 * A tracker for a raw bit (devices whose descriptor could not be read): only reports of the length
 * seen when binding count, which tells a multi-report device's reports apart in practice.
 */
export function rawBitTracker(reportBytes: number, bitOffset: number): ButtonTracker {
  return new ButtonTracker((r) => (r.length === reportBytes ? bitAt(r, bitOffset) : null));
}
