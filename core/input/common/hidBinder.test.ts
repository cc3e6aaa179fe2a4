import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXTREME_3D_PRO, extreme3dProReport } from '../testing/hidDescriptors.js';
import { BASELINE_REPORTS, HidBinder } from './hidBinder.js';
import { parseReportDescriptor } from './hidDescriptor.js';

const layout = parseReportDescriptor(EXTREME_3D_PRO.descriptor);

describe('HidBinder: the first button that goes down', () => {
  it('a button held since before binding (a latched switch) is not the answer until it is pressed again', () => {
    const b = new HidBinder(layout);
    const held = extreme3dProReport({ buttons: [5] });
    for (let i = 0; i < BASELINE_REPORTS; i++) expect(b.feed(held)).toBeNull();
    expect(b.feed(held)).toBeNull();
    expect(b.feed(extreme3dProReport({ buttons: [5, 3] }))).toEqual({ kind: 'button', button: 3 });
    const c = new HidBinder(layout);
    for (let i = 0; i < BASELINE_REPORTS; i++) c.feed(held);
    c.feed(extreme3dProReport());
    expect(c.feed(held)).toEqual({ kind: 'button', button: 5 });
  });

  it('property: with the descriptor, any axis, hat, twist and slider motion never binds; the first pressed button does', () => {
    const axesArb = fc.record({ x: fc.integer({ min: 0, max: 1023 }), y: fc.integer({ min: 0, max: 1023 }), hat: fc.integer({ min: 0, max: 8 }), twist: fc.integer({ min: 0, max: 255 }), slider: fc.integer({ min: 0, max: 255 }) });
    fc.assert(
      fc.property(fc.array(axesArb, { minLength: BASELINE_REPORTS + 1, maxLength: 40 }), fc.integer({ min: 1, max: 12 }), (motion, button) => {
        const b = new HidBinder(layout);
        for (const m of motion) expect(b.feed(extreme3dProReport(m))).toBeNull();
        expect(b.feed(extreme3dProReport({ ...motion.at(-1), buttons: [button] }))).toEqual({ kind: 'button', button });
      }),
    );
  });

  it('property: raw bits: a button pressed and released alone is found even while a resting axis jitters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 6 }), (button, holdReports) => {
        const b = new HidBinder(null);
        const rest = (i: number) => extreme3dProReport({ x: 512 + (i % 2) });
        for (let i = 0; i < BASELINE_REPORTS + 1; i++) expect(b.feed(rest(i))).toBeNull();
        expect(b.feed(extreme3dProReport({ x: 512, buttons: [button] }))).toBeNull();
        for (let i = 0; i < holdReports; i++) expect(b.feed(extreme3dProReport({ x: 512 + (i % 2), buttons: [button] }))).toBeNull();
        const bit = button <= 8 ? 32 + button - 1 : 48 + button - 9;
        const res = b.feed(extreme3dProReport({ x: 512 + (holdReports % 2) }));
        // The release may coincide with a jitter step of the already-noisy X bit 0: still this button.
        expect(res).toEqual({ kind: 'rawBit', reportBytes: 7, bitOffset: bit });
      }),
    );
  });
});
