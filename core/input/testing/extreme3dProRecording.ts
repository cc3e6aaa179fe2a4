/**
 * The recorded-report fixture test/fixtures/hid/extreme3dpro-button2.ndjson, synthesised from the
 * Extreme 3D Pro's published report layout (hidDescriptors.ts): no real stick and no /dev/uhid on
 * the machine that made it. A resting stick with 1-LSB jitter, a stick movement, then Button 2
 * (the thumb button) held from PRESS_AT_MS to RELEASE_AT_MS while X keeps jittering.
 */
import { headerLine, reportLine } from '../common/hidRecording.js';
import { EXTREME_3D_PRO, extreme3dProReport } from './hidDescriptors.js';

export const FIXTURE_PATH = '/dev/hidraw0';
export const FIXTURE_BUTTON = 2;
export const PRESS_AT_MS = 208;
export const RELEASE_AT_MS = 608;
/** A USB full-speed stick reports every 8 ms while something changes. */
const REPORT_EVERY_MS = 8;
const END_MS = 700;

export function extreme3dProRecording(): string {
  const lines = [
    headerLine({
      device: { path: FIXTURE_PATH, vendorId: EXTREME_3D_PRO.vendorId, productId: EXTREME_3D_PRO.productId, product: EXTREME_3D_PRO.product, manufacturer: EXTREME_3D_PRO.manufacturer, serialNumber: '', usagePage: 1, usage: 4 },
      descriptor: EXTREME_3D_PRO.descriptor,
      note: 'synthesised from the published Logitech Extreme 3D Pro report layout (core/input/testing/extreme3dProRecording.ts); not a recording of a real device',
    }),
  ];
  for (let t = 0; t <= END_MS; t += REPORT_EVERY_MS) {
    const jitter = (t / REPORT_EVERY_MS) % 2;
    const moving = t >= 56 && t <= 136;
    const x = moving ? 512 + (t - 48) : 512 + jitter;
    const y = moving ? 512 - Math.round((t - 48) / 2) : 512;
    const buttons = t >= PRESS_AT_MS && t < RELEASE_AT_MS ? [FIXTURE_BUTTON] : [];
    lines.push(reportLine({ t, path: FIXTURE_PATH, report: extreme3dProReport({ x, y, buttons }) }));
  }
  return `${lines.join('\n')}\n`;
}
