/**
 * The HidSource a pilot's machine uses: node-hid 3.x (hidapi; prebuilt binaries in its npm
 * tarball). Loaded lazily so a machine where it cannot load (Linux without libusb-1.0 / libudev)
 * gets a clear reason and the Gamepad-API fallback, not a crash. Runs in the HID utility process.
 *
 * hidapi does not hand out report descriptors through node-hid; on Linux the kernel publishes each
 * device's at /sys/class/hidraw/<node>/device/report_descriptor, elsewhere raw bits are used.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { HidDevice, HidDeviceInfo, HidSource } from '../common/hidSource.js';

interface NodeHidDevice {
  path?: string;
  vendorId: number;
  productId: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
  usagePage?: number;
  usage?: number;
}

interface NodeHidAsync {
  on(event: 'data', l: (data: Buffer) => void): unknown;
  on(event: 'error', l: (e: unknown) => void): unknown;
  removeListener(event: string, l: (...a: never[]) => void): unknown;
  close(): Promise<void>;
}

interface NodeHidModule {
  setDriverType?(t: 'hidraw' | 'libusb'): void;
  devicesAsync(): Promise<NodeHidDevice[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<NodeHidAsync> };
}

export class NodeHidSource implements HidSource {
  private constructor(
    private readonly hid: NodeHidModule,
    readonly name: string,
  ) {}

  /** Loads node-hid (hidraw on Linux: no detaching the kernel driver); rejects with why it cannot. */
  static async load(platform: NodeJS.Platform = process.platform): Promise<NodeHidSource> {
    let mod: NodeHidModule;
    try {
      const m = (await import('node-hid')) as unknown as NodeHidModule & { default?: NodeHidModule };
      mod = m.default ?? m;
      if (platform === 'linux') mod.setDriverType?.('hidraw');
      // The native binding loads on first use: fail here, with the reason, rather than later.
      await mod.devicesAsync();
    } catch (e) {
      throw new Error(`node-hid did not load (${(e as Error).message.split('\n')[0]})`, { cause: e });
    }
    return new NodeHidSource(mod, platform === 'linux' ? 'node-hid (hidraw)' : 'node-hid');
  }

  async list(): Promise<HidDeviceInfo[]> {
    const all = await this.hid.devicesAsync();
    return all
      .filter((d): d is NodeHidDevice & { path: string } => typeof d.path === 'string' && d.path !== '')
      .map((d) => ({
        path: d.path,
        vendorId: d.vendorId,
        productId: d.productId,
        product: d.product ?? '',
        manufacturer: d.manufacturer ?? '',
        serialNumber: d.serialNumber ?? '',
        usagePage: d.usagePage ?? 0,
        usage: d.usage ?? 0,
      }));
  }

  async open(path: string): Promise<HidDevice> {
    const info = (await this.list()).find((d) => d.path === path);
    if (!info) throw new Error(`no HID device at ${path}`);
    const dev = await this.hid.HIDAsync.open(path, { nonExclusive: true });
    return new OpenHidDevice(info, dev, await linuxDescriptor(path));
  }
}

/** /dev/hidraw3 -> the kernel's copy of its report descriptor; null elsewhere or when unreadable. */
async function linuxDescriptor(path: string): Promise<Uint8Array | null> {
  if (!/^\/dev\/hidraw\d+$/.test(path)) return null;
  try {
    return new Uint8Array(await readFile(`/sys/class/hidraw/${basename(path)}/device/report_descriptor`));
  } catch {
    return null;
  }
}

class OpenHidDevice implements HidDevice {
  constructor(
    readonly info: HidDeviceInfo,
    private readonly dev: NodeHidAsync,
    readonly descriptor: Uint8Array | null,
  ) {}

  onReport(listener: (report: Uint8Array) => void): () => void {
    const l = (data: Buffer): void => listener(new Uint8Array(data));
    this.dev.on('data', l);
    return () => void this.dev.removeListener('data', l);
  }

  onError(listener: (message: string) => void): () => void {
    const l = (e: unknown): void => listener(e instanceof Error ? e.message : String(e));
    this.dev.on('error', l);
    return () => void this.dev.removeListener('error', l);
  }

  close(): Promise<void> {
    return this.dev.close();
  }
}
