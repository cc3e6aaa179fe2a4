/**
 * What the HID utility process does, over any HidSource: follows the bound button and reports its
 * edges, and binds ("press the button you want") by watching every game controller at once.
 * Transport-free: core/input/node/hidProcessMain.ts moves its messages.
 */
import { HidBinder } from './hidBinder.js';
import { rawBitTracker, usageTracker, type ButtonTracker } from './hidButtons.js';
import { parseReportDescriptor } from './hidDescriptor.js';
import type { HidMessage, HidRequest } from './hidProtocol.js';
import { deviceName, findBoundDevice, isGameController, type HidDevice, type HidSource } from './hidSource.js';
import { hotasBindingFor, type HotasBinding } from './hotasBinding.js';

/** How often a bound device that is not connected is looked for again (hot-plug without OS events). */
export const RESCAN_MS = 3_000;

export class HidService {
  private watched: { device: HidDevice; off: (() => void)[] } | null = null;
  private binding: HotasBinding | null = null;
  private rescan: ReturnType<typeof setTimeout> | null = null;
  private binds = new Map<number, { devices: HidDevice[]; timer: ReturnType<typeof setTimeout>; done: (b: HotasBinding | null, note: string) => void }>();
  private generation = 0;
  private disposed = false;

  constructor(
    private readonly source: HidSource,
    private readonly post: (m: HidMessage) => void,
    private readonly rescanMs = RESCAN_MS,
  ) {}

  handle(req: HidRequest): void {
    if (req.type === 'watch') void this.watch(req.binding);
    else if (req.type === 'bind') void this.bind(req.id, req.timeoutMs);
    else this.binds.get(req.id)?.done(null, 'cancelled');
  }

  private async closeWatched(): Promise<void> {
    const w = this.watched;
    this.watched = null;
    if (this.rescan) clearTimeout(this.rescan);
    this.rescan = null;
    if (!w) return;
    for (const off of w.off) off();
    await w.device.close().catch(() => {});
  }

  async watch(binding: HotasBinding | null): Promise<void> {
    const gen = ++this.generation;
    this.binding = binding;
    await this.closeWatched();
    if (gen !== this.generation || this.disposed) return;
    if (!binding) return this.post({ type: 'status', status: { state: 'idle' } });
    let device: HidDevice;
    try {
      const info = findBoundDevice(await this.source.list(), binding);
      if (!info) throw new Error(`${binding.product || 'the bound device'} is not connected`);
      device = await this.source.open(info.path);
    } catch (e) {
      if (gen !== this.generation || this.disposed) return;
      this.post({ type: 'status', status: { state: 'noDevice', reason: (e as Error).message } });
      this.rescan = setTimeout(() => void this.watch(this.binding), this.rescanMs);
      return;
    }
    if (gen !== this.generation || this.disposed) {
      await device.close().catch(() => {});
      return;
    }
    const tracker = trackerFor(device, binding);
    let down = false;
    const off = [
      device.onReport((r) => {
        const edge = tracker.feed(r);
        if (edge === null) return;
        down = edge;
        this.post({ type: 'button', pressed: edge });
      }),
      device.onError((message) => {
        if (this.watched?.device !== device) return;
        // An unplugged stick must not leave push-to-talk pressed.
        if (down) this.post({ type: 'button', pressed: false });
        this.post({ type: 'status', status: { state: 'noDevice', reason: `${deviceName(device.info)}: ${message}` } });
        void this.closeWatched().then(() => {
          if (gen === this.generation && !this.disposed) this.rescan = setTimeout(() => void this.watch(this.binding), this.rescanMs);
        });
      }),
    ];
    this.watched = { device, off };
    this.post({ type: 'status', status: { state: 'watching', device: deviceName(device.info), raw: binding.button === 0 } });
  }

  async bind(id: number, timeoutMs: number): Promise<void> {
    let infos;
    try {
      infos = (await this.source.list()).filter(isGameController);
    } catch (e) {
      return this.post({ type: 'bound', id, binding: null, note: `could not list HID devices (${(e as Error).message})` });
    }
    if (infos.length === 0) return this.post({ type: 'bound', id, binding: null, note: 'no joystick or gamepad found' });
    const devices: HidDevice[] = [];
    const failures: string[] = [];
    for (const info of infos) {
      try {
        devices.push(await this.source.open(info.path));
      } catch (e) {
        failures.push(`${deviceName(info)}: ${(e as Error).message}`);
      }
    }
    if (devices.length === 0) return this.post({ type: 'bound', id, binding: null, note: `could not open any controller (${failures.join('; ')})` });
    const offs: (() => void)[] = [];
    const done = (binding: HotasBinding | null, note: string): void => {
      const b = this.binds.get(id);
      if (!b) return;
      this.binds.delete(id);
      clearTimeout(b.timer);
      for (const off of offs) off();
      for (const d of devices) void d.close().catch(() => {});
      this.post({ type: 'bound', id, binding, note });
    };
    this.binds.set(id, { devices, timer: setTimeout(() => done(null, 'no button pressed in time'), timeoutMs), done });
    for (const d of devices) {
      const layout = d.descriptor ? parseReportDescriptor(d.descriptor) : null;
      const binder = new HidBinder(layout);
      const how = binder.usesDescriptor ? 'from its report descriptor' : 'by the report bit that toggled (no report descriptor: raw bits)';
      offs.push(
        d.onReport((r) => {
          const res = binder.feed(r);
          if (res) done(hotasBindingFor(d.info, res), `${deviceName(d.info)}: found ${how}`);
        }),
      );
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const b of [...this.binds.values()]) b.done(null, 'stopped');
    await this.closeWatched();
  }
}

function trackerFor(device: HidDevice, b: HotasBinding): ButtonTracker {
  if (b.rawBit) return rawBitTracker(b.rawBit.reportBytes, b.rawBit.bitOffset);
  const layout = device.descriptor ? parseReportDescriptor(device.descriptor) : null;
  if (layout && b.button > 0) return usageTracker(layout, b.button);
  // Bound from a descriptor that cannot be read now: nothing safe to follow.
  return rawBitTracker(-1, 0);
}
