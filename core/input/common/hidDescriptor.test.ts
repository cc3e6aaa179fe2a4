import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DINPUT_GAMEPAD, EXTREME_3D_PRO, extreme3dProReport, TEN_BUTTONS_IN_SIXTEEN } from '../testing/hidDescriptors.js';
import { buttonStates, pressedButtons } from './hidButtons.js';
import { parseReportDescriptor } from './hidDescriptor.js';

describe('parseReportDescriptor on published descriptors', () => {
  it('Logitech Extreme 3D Pro: 12 buttons after 32 bits of axes and hat, 4 after the slider, a 56-bit report', () => {
    const l = parseReportDescriptor(EXTREME_3D_PRO.descriptor);
    expect(l.warnings).toEqual([]);
    expect(l.numbered).toBe(false);
    expect(l.buttons.map((b) => [b.button, b.bitOffset])).toEqual([
      [1, 32], [2, 33], [3, 34], [4, 35], [5, 36], [6, 37], [7, 38], [8, 39],
      [9, 48], [10, 49], [11, 50], [12, 51],
    ]);
    expect(l.reportBits.get(0)).toBe(56);
  });

  it('a DirectInput gamepad with report ID 1: 16 buttons after the ID byte, 6 axes and the hat', () => {
    const l = parseReportDescriptor(DINPUT_GAMEPAD);
    expect(l.numbered).toBe(true);
    expect(l.buttons).toHaveLength(16);
    expect(l.buttons[0]).toEqual({ reportId: 1, bitOffset: 8 + 6 * 8 + 8, button: 1 });
    expect(l.buttons[15]).toEqual({ reportId: 1, bitOffset: 8 + 6 * 8 + 8 + 15, button: 16 });
    expect(l.reportBits.get(1)).toBe(8 + 6 * 8 + 8 + 16);
  });

  it('Report Count past Usage Maximum: the extra bits are padding, not more buttons', () => {
    const l = parseReportDescriptor(TEN_BUTTONS_IN_SIXTEEN);
    expect(l.buttons.map((b) => b.button)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(l.reportBits.get(0)).toBe(16);
  });

  it('decodes a real-layout report: axes and hat never read as buttons', () => {
    const l = parseReportDescriptor(EXTREME_3D_PRO.descriptor);
    expect(pressedButtons(l, extreme3dProReport({ x: 1023, y: 0, hat: 3, twist: 255, slider: 0 }))).toEqual(new Set());
    expect(pressedButtons(l, extreme3dProReport({ buttons: [1, 8, 9, 12] }))).toEqual(new Set([1, 8, 9, 12]));
    // A report for another report ID says nothing about these buttons.
    const g = parseReportDescriptor(DINPUT_GAMEPAD);
    expect(buttonStates(g, Uint8Array.from([2, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])).size).toBe(0);
    expect(pressedButtons(g, Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0x08, 0x01, 0x80]))).toEqual(new Set([1, 16]));
  });

  it('an array of button slots (keyboard-style) reports the buttons named in it', () => {
    // Usage Page (Button), Usage Min 1, Max 32, Logical Min 1, Max 32, 2 slots of 8 bits, Input (Data,Array).
    const d = Uint8Array.from([0x05, 0x09, 0x19, 0x01, 0x29, 0x20, 0x15, 0x01, 0x25, 0x20, 0x75, 0x08, 0x95, 0x02, 0x81, 0x00]);
    const l = parseReportDescriptor(d);
    expect(l.arrays).toHaveLength(1);
    expect(pressedButtons(l, Uint8Array.from([0, 0]))).toEqual(new Set());
    expect(pressedButtons(l, Uint8Array.from([5, 17]))).toEqual(new Set([5, 17]));
  });

  it('bad input: truncated items and pops without pushes are warnings, never throws', () => {
    expect(parseReportDescriptor(Uint8Array.from([0x05])).warnings).toEqual(['truncated item at byte 0']);
    expect(parseReportDescriptor(Uint8Array.from([0xb4])).warnings[0]).toMatch(/^pop without push/);
    expect(parseReportDescriptor(new Uint8Array(0))).toMatchObject({ buttons: [], warnings: [] });
  });
});

describe('parseReportDescriptor properties', () => {
  it('never throws, and every button it finds lies inside its report', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const l = parseReportDescriptor(bytes);
        for (const b of l.buttons) {
          expect(b.button).toBeGreaterThan(0);
          expect(b.bitOffset).toBeLessThan(l.reportBits.get(b.reportId)!);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a generated button block is found at its offset after any number of axis bits, and decodes exactly the bits set', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }), // axis fields before
        fc.integer({ min: 1, max: 16 }), // axis bits each
        fc.integer({ min: 1, max: 32 }), // buttons
        fc.option(fc.integer({ min: 1, max: 255 }), { nil: null }), // report id
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (axes, axisBits, nButtons, reportId, noise) => {
          const items = [0x05, 0x01, 0x09, 0x04, 0xa1, 0x01];
          if (reportId !== null) items.push(0x85, reportId);
          if (axes > 0) items.push(0x09, 0x30, 0x75, axisBits, 0x95, axes, 0x81, 0x02);
          items.push(0x05, 0x09, 0x19, 0x01, 0x29, nButtons, 0x75, 0x01, 0x95, nButtons, 0x81, 0x02, 0xc0);
          const l = parseReportDescriptor(Uint8Array.from(items));
          const start = (reportId !== null ? 8 : 0) + axes * axisBits;
          expect(l.buttons.map((b) => b.bitOffset)).toEqual(Array.from({ length: nButtons }, (_, k) => start + k));
          const report = noise.slice();
          if (reportId !== null) report[0] = reportId;
          const expected = new Set<number>();
          for (let k = 0; k < nButtons; k++) if ((report[(start + k) >> 3]! >> ((start + k) & 7)) & 1) expected.add(k + 1);
          expect(pressedButtons(l, report)).toEqual(expected);
        },
      ),
    );
  });
});
