/**
 * Where HID joystick reports come from: node-hid on a pilot's machine (core/input/node/nodeHidSource.ts)
 * or a recorded report stream (replayHidSource.ts, for tests and bug reports). Pure types and helpers.
 */
import type { HotasBinding } from './hotasBinding.js';

export interface HidDeviceInfo {
  /** OS path to open the device by (/dev/hidraw3, \\?\HID#..., IOService:/...). */
  path: string;
  vendorId: number;
  productId: number;
  product: string;
  manufacturer: string;
  serialNumber: string;
  /** Top-level usage (Generic Desktop 0x01 / Joystick 0x04, Gamepad 0x05, Multi-axis 0x08); 0 when unknown. */
  usagePage: number;
  usage: number;
}

export interface HidDevice {
  readonly info: HidDeviceInfo;
  /** The report descriptor, or null where the platform does not give it out (then raw bits are used). */
  readonly descriptor: Uint8Array | null;
  /** Each input report as read (with the report-ID byte first when the device numbers them). */
  onReport(listener: (report: Uint8Array) => void): () => void;
  /** The device was unplugged or failed: no more reports come. */
  onError(listener: (message: string) => void): () => void;
  close(): Promise<void>;
}

export interface HidSource {
  /** A short name for logs ("node-hid (hidraw)", "replay of stick.ndjson"). */
  readonly name: string;
  list(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDevice>;
}

/** Generic Desktop usages of game controllers (HID Usage Tables 1.4, 4.1). */
const GENERIC_DESKTOP = 0x01;
const CONTROLLER_USAGES = new Set([0x04, 0x05, 0x08]);

/** Whether a device is a joystick, gamepad or multi-axis controller (usage unknown counts: macOS sometimes says 0). */
export function isGameController(d: Pick<HidDeviceInfo, 'usagePage' | 'usage'>): boolean {
  return (d.usagePage === GENERIC_DESKTOP && CONTROLLER_USAGES.has(d.usage)) || (d.usagePage === 0 && d.usage === 0);
}

/** The device a binding is for: same vendor and product, and the same serial (or product name) where it has one. */
export function findBoundDevice(devices: readonly HidDeviceInfo[], b: HotasBinding): HidDeviceInfo | null {
  const same = devices.filter((d) => d.vendorId === b.vendorId && d.productId === b.productId && isGameController(d));
  if (b.serialNumber) return same.find((d) => d.serialNumber === b.serialNumber) ?? null;
  return same.find((d) => d.product === b.product) ?? same[0] ?? null;
}

/**
 * Whether Chromium's Gamepad id names this vendor and product: "Name (Vendor: 046d Product: c215)"
 * on Windows and Linux, "46d-c215-Name" on macOS.
 */
export function gamepadIdMatches(id: string, vendorId: number, productId: number): boolean {
  const m = /Vendor: ([0-9a-f]{1,4}) Product: ([0-9a-f]{1,4})/i.exec(id) ?? /^([0-9a-f]{1,4})-([0-9a-f]{1,4})-/i.exec(id);
  return m !== null && parseInt(m[1]!, 16) === vendorId && parseInt(m[2]!, 16) === productId;
}

/** "Logitech Extreme 3D (046d:c215)". */
export function deviceName(d: Pick<HidDeviceInfo, 'product' | 'manufacturer' | 'vendorId' | 'productId'>): string {
  const hex = (n: number): string => n.toString(16).padStart(4, '0');
  const name = d.product || 'Unknown device';
  return `${name} (${hex(d.vendorId)}:${hex(d.productId)})`;
}
