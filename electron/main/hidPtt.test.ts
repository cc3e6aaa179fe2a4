import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../core/api/common/contract.js';
import { HotasPtt } from './hidPtt.js';
import { conditions, utilityRig } from './testing/utilityRig.js';

const fixtures = join(import.meta.dirname, 'testing/hidFixtures');
const BOUND = { vendorId: 0x046d, productId: 0xc215, product: 'Logitech Extreme 3D', serialNumber: '', button: 2, rawBit: null, label: 'Logitech Extreme 3D (046d:c215) button 2' };
const STICK = 'Logitech Extreme 3D (Vendor: 046d Product: c215)';

const forks = utilityRig();
const children = forks.children;

function rig() {
  const sent: EngineCommand[] = [];
  const { wake, until } = conditions();
  const hotas = new HotasPtt({
    fork: () => forks.fork(join(fixtures, 'watching.mjs')),
    send: (c) => void sent.push(c),
    onStatus: wake,
    log: () => {},
    now: () => performance.now(),
    host: { maxRestarts: 0 },
  });
  forks.keep(hotas);
  return { hotas, sent, until };
}

describe('HotasPtt: native first, the Gamepad API only as fallback', () => {
  it('ignores Gamepad-API edges of the stick while node-hid reads it, and takes them once the HID process is gone', async () => {
    const t = rig();
    t.hotas.setBinding(BOUND);
    t.hotas.start();
    await t.until(() => t.hotas.native, 'node-hid watching the stick');
    t.hotas.gamepadFallback({ button: 1, pressed: true, gamepadId: STICK });
    t.hotas.gamepadFallback({ button: 1, pressed: false, gamepadId: STICK });
    expect(t.sent).toEqual([]);
    children[0]!.kill();
    await t.until(() => t.hotas.status.state === 'unavailable', 'the HID process gone');
    t.hotas.gamepadFallback({ button: 1, pressed: true, gamepadId: '46d-c215-Logitech Extreme 3D' });
    expect(t.sent).toEqual([{ type: 'pttDown', source: 'joystick' }]);
  });
});
