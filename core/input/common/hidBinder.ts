/**
 * "Press the button you want" for a HID joystick: watches raw input reports and names the first
 * button that goes down. Pure: reports in, result out.
 *
 * With the device's report descriptor (hidDescriptor.ts) only Button-usage fields count, so axes,
 * hats and sliders can never be bound. Without it (Windows and macOS, where node-hid cannot read
 * the descriptor) it falls back to raw bits: a bit that goes 0 -> 1 and back to 0, each time on
 * its own while every other bit is steady; bits that moved while resting, or together with other
 * bits, are axes or counters and are ignored.
 */
import { bitAt, buttonStates } from './hidButtons.js';
import type { HidLayout } from './hidDescriptor.js';

/** Reports taken as the resting state before a press counts (a held mode switch is not a press). */
export const BASELINE_REPORTS = 3;

export type BindResult =
  /** Button usage number from the descriptor (Button 1 = 1). */
  | { kind: 'button'; button: number }
  /** No descriptor: the bit that toggled alone, in reports of this length. */
  | { kind: 'rawBit'; reportBytes: number; bitOffset: number };

interface RawSeries {
  last: Uint8Array;
  seen: number;
  /** Bits that changed while resting (the first BASELINE_REPORTS reports). */
  resting: Set<number>;
  /** Bits that changed together with others: axes. */
  noisy: Set<number>;
  /** The bit that went down alone and has not come back up yet. */
  candidate: number | null;
}

export class HidBinder {
  private reports = 0;
  /** Buttons down during the baseline (or still down since): not a press until released. */
  private readonly held = new Set<number>();
  private readonly series = new Map<number, RawSeries>();

  constructor(private readonly layout: HidLayout | null) {}

  /** Whether this binder reads Button-usage fields (true) or raw bits (false). */
  get usesDescriptor(): boolean {
    return this.layout !== null && (this.layout.buttons.length > 0 || this.layout.arrays.length > 0);
  }

  /** One input report; the binding once a button was pressed (raw bits: pressed and released). */
  feed(report: Uint8Array): BindResult | null {
    return this.usesDescriptor ? this.feedButtons(report) : this.feedRaw(report);
  }

  private feedButtons(report: Uint8Array): BindResult | null {
    this.reports += 1;
    const states = buttonStates(this.layout!, report);
    const baseline = this.reports <= BASELINE_REPORTS;
    let first: number | null = null;
    for (const [button, on] of [...states].sort((a, b) => a[0] - b[0])) {
      if (!on) this.held.delete(button);
      else if (baseline) this.held.add(button);
      else if (!this.held.has(button) && first === null) first = button;
    }
    return first === null ? null : { kind: 'button', button: first };
  }

  private feedRaw(report: Uint8Array): BindResult | null {
    const s = this.series.get(report.length);
    if (!s) {
      this.series.set(report.length, { last: report.slice(), seen: 1, resting: new Set(), noisy: new Set(), candidate: null });
      return null;
    }
    s.seen += 1;
    const changed: number[] = [];
    for (let bit = 0; bit < report.length * 8; bit++) if (bitAt(report, bit) !== bitAt(s.last, bit)) changed.push(bit);
    s.last = report.slice();
    if (s.seen <= BASELINE_REPORTS) {
      for (const b of changed) s.resting.add(b);
      return null;
    }
    // Resting jitter (seen before any press) neither counts nor spoils a press happening meanwhile;
    // bits that move together are an axis: never a button, and a press among them is not one either.
    const fresh = changed.filter((b) => !s.resting.has(b));
    if (fresh.length > 1) {
      for (const b of fresh) s.noisy.add(b);
      if (s.candidate !== null && fresh.includes(s.candidate)) s.candidate = null;
      return null;
    }
    const bit = fresh[0];
    if (bit === undefined || s.noisy.has(bit)) return null;
    if (bitAt(report, bit)) {
      s.candidate = bit;
      return null;
    }
    if (s.candidate === bit) return { kind: 'rawBit', reportBytes: report.length, bitOffset: bit };
    return null;
  }
}
