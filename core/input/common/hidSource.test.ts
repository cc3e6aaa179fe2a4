import { describe, expect, it } from 'vitest';
import { findBoundDevice, gamepadIdMatches, isGameController, type HidDeviceInfo } from './hidSource.js';

const dev = (o: Partial<HidDeviceInfo>): HidDeviceInfo => ({ path: '/dev/hidraw0', vendorId: 0x046d, productId: 0xc215, product: 'Logitech Extreme 3D', manufacturer: 'Logitech', serialNumber: '', usagePage: 1, usage: 4, ...o });
const binding = { vendorId: 0x046d, productId: 0xc215, product: 'Logitech Extreme 3D', serialNumber: '', button: 2, rawBit: null, label: 'x' };

describe('finding the bound stick', () => {
  it('matches vendor and product among game controllers; a serial picks one of two identical sticks', () => {
    const keyboard = dev({ path: '/dev/hidraw1', usagePage: 1, usage: 6 });
    const a = dev({ path: '/dev/hidraw2', serialNumber: 'A' });
    const b = dev({ path: '/dev/hidraw3', serialNumber: 'B' });
    expect(isGameController(keyboard)).toBe(false);
    expect(findBoundDevice([keyboard, a, b], binding)?.path).toBe('/dev/hidraw2');
    expect(findBoundDevice([keyboard, a, b], { ...binding, serialNumber: 'B' })?.path).toBe('/dev/hidraw3');
    expect(findBoundDevice([keyboard, a], { ...binding, serialNumber: 'B' })).toBeNull();
    expect(findBoundDevice([dev({ productId: 0xc216 })], binding)).toBeNull();
  });

  it("reads vendor and product from Chromium's gamepad ids on each OS", () => {
    expect(gamepadIdMatches('Logitech Extreme 3D (Vendor: 046d Product: c215)', 0x046d, 0xc215)).toBe(true);
    expect(gamepadIdMatches('Xbox 360 Controller (XInput STANDARD GAMEPAD Vendor: 045e Product: 028e)', 0x045e, 0x028e)).toBe(true);
    expect(gamepadIdMatches('46d-c215-Logitech Extreme 3D', 0x046d, 0xc215)).toBe(true);
    expect(gamepadIdMatches('Logitech Extreme 3D (Vendor: 046d Product: c216)', 0x046d, 0xc215)).toBe(false);
    expect(gamepadIdMatches('Some pad', 0x046d, 0xc215)).toBe(false);
  });
});
