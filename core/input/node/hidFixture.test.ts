import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HidBinder } from '../common/hidBinder.js';
import { parseReportDescriptor } from '../common/hidDescriptor.js';
import { parseRecording } from '../common/hidRecording.js';
import { extreme3dProRecording, FIXTURE_BUTTON } from '../testing/extreme3dProRecording.js';

/** The committed recorded-report fixture (test/fixtures/hid/) against the binder. */
const FIXTURE = join(import.meta.dirname, '../../../test/fixtures/hid/extreme3dpro-button2.ndjson');

function firstResult(binder: HidBinder, reports: Uint8Array[]) {
  for (const r of reports) {
    const res = binder.feed(r);
    if (res) return res;
  }
  return null;
}

describe('HidBinder over the recorded Extreme 3D Pro', () => {
  it('the committed fixture is what its generator makes, and binding over it finds Button 2 from the descriptor', () => {
    expect(readFileSync(FIXTURE, 'utf8')).toBe(extreme3dProRecording());
    const rec = parseRecording(readFileSync(FIXTURE, 'utf8'));
    const binder = new HidBinder(parseReportDescriptor(rec.header.descriptor!));
    expect(binder.usesDescriptor).toBe(true);
    expect(firstResult(binder, rec.reports.map((r) => r.report))).toEqual({ kind: 'button', button: FIXTURE_BUTTON });
  });

  it('without the descriptor it falls back to the bit that toggled alone: the same button (bit 33), axes ignored', () => {
    const rec = parseRecording(readFileSync(FIXTURE, 'utf8'));
    const binder = new HidBinder(null);
    expect(binder.usesDescriptor).toBe(false);
    expect(firstResult(binder, rec.reports.map((r) => r.report))).toEqual({ kind: 'rawBit', reportBytes: 7, bitOffset: 32 + FIXTURE_BUTTON - 1 });
  });

});
