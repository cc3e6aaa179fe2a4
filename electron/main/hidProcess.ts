import type { RestartBackoffOptions } from '../../core/base/common/restartBackoff.js';
import { parseHidMessage, type HidRequest, type HidWatchState } from '../../core/input/common/hidProtocol.js';
import type { HotasBinding } from '../../core/input/common/hotasBinding.js';
import { UtilitySupervisor, type SupervisedProcessOptions } from './utilitySupervisor.js';

/** node-hid loads and lists devices within a second where it works; no 'ready' by then means it hung. */
export const HID_READY_TIMEOUT_MS = 10_000;
/** Restarts after a crash or hang before HOTAS input is given up for this session (the Gamepad API stays). */
export const MAX_HID_RESTARTS = 5;
/** Backoff between restarts: a process that dies at once is not restarted in a tight loop. */
export const HID_RESTART_BACKOFF: RestartBackoffOptions = { baseMs: 1_000, maxMs: 30_000, healthyRunMs: 60_000 };
/** "Press the button you want" gives up after this long (the same as the key capture). */
export const HID_BIND_TIMEOUT_MS = 15_000;

export type HidHostStatus =
  | { state: 'starting' }
  | { state: 'running'; source: string; watch: HidWatchState }
  | { state: 'unavailable'; reason: string };

export interface HidBindAnswer {
  binding: HotasBinding | null;
  note: string;
}

/** fork() starts the HID process (hidProcessEntry.ts). */
export interface HidHostOptions extends SupervisedProcessOptions {
  /** The bound button went down or up. */
  onButton(pressed: boolean): void;
  onStatus(status: HidHostStatus): void;
}

/**
 * Runs node-hid in its own process (hidProcessEntry.ts): a crash or hang there costs HOTAS input,
 * not the app. Re-sends the binding after every (re)start, releases a held button when the process
 * dies, and restarts it with backoff at most MAX_HID_RESTARTS times. Where node-hid cannot load at
 * all it says why once and stays down: the overlay's Gamepad API is the fallback.
 */
export class HidProcessHost {
  private binding: HotasBinding | null = null;
  private down = false;
  private nextBindId = 1;
  private readonly binds = new Map<number, (a: HidBindAnswer) => void>();
  private readonly sup: UtilitySupervisor;
  private current: HidHostStatus = { state: 'starting' };

  constructor(private readonly o: HidHostOptions) {
    const limits = { readyTimeoutMs: HID_READY_TIMEOUT_MS, maxRestarts: MAX_HID_RESTARTS, backoff: HID_RESTART_BACKOFF };
    this.sup = new UtilitySupervisor(o, limits, {
      texts: {
        notForked: (e) => `HOTAS input unavailable: the HID process did not start (${e})`,
        noReady: (ms) => `HOTAS input unavailable: the HID process did not start within ${ms} ms`,
        ended: (code) => `HOTAS input unavailable: the HID process ended (code ${code})`,
        givingUp: (reason, n) => `hotas: ${reason}; giving up after ${n} restarts, joystick buttons use the overlay's Gamepad API`,
        restarting: (reason, ms) => `hotas: ${reason}; restarting the HID process in ${ms} ms`,
      },
      onStarting: () => this.setStatus({ state: 'starting' }),
      onMessage: (raw) => this.onMessage(raw),
      onDown: (reason) => {
        this.release();
        this.answerBinds(reason);
      },
      onFailed: (reason) => this.setStatus({ state: 'unavailable', reason }),
    });
  }

  get status(): HidHostStatus {
    return this.current;
  }

  start(): void {
    this.sup.start();
  }

  private onMessage(raw: unknown): void {
    const m = parseHidMessage(raw);
    if (!m) return this.o.log('hotas: ignored a malformed message from the HID process');
    switch (m.type) {
      case 'ready':
        this.sup.ready();
        this.setStatus({ state: 'running', source: m.source, watch: { state: 'idle' } });
        this.o.log(`hotas: reading joysticks with ${m.source}`);
        this.send({ type: 'watch', binding: this.binding });
        break;
      case 'unavailable':
        // node-hid cannot load here (no libusb/libudev, unsupported OS): restarting will not help.
        this.sup.abandon();
        this.setStatus({ state: 'unavailable', reason: `HOTAS input unavailable: ${m.reason}` });
        this.o.log(`hotas: ${m.reason}; joystick buttons use the overlay's Gamepad API`);
        this.answerBinds('the HID process is not running');
        break;
      case 'status':
        // The process re-reports "not connected" on every rescan: only a change goes out.
        if (this.current.state === 'running' && JSON.stringify(this.current.watch) !== JSON.stringify(m.status)) this.setStatus({ ...this.current, watch: m.status });
        break;
      case 'button':
        if (this.current.state !== 'running' || m.pressed === this.down) break;
        this.down = m.pressed;
        this.o.onButton(m.pressed);
        break;
      case 'bound':
        this.binds.get(m.id)?.({ binding: m.binding, note: m.note });
        this.binds.delete(m.id);
        break;
      case 'log':
        this.o.log(`hotas: ${m.line}`);
        break;
    }
  }

  /** Follow this button (null: none). Kept across restarts. */
  watch(binding: HotasBinding | null): void {
    if (JSON.stringify(binding) === JSON.stringify(this.binding)) return;
    this.binding = binding;
    this.release();
    if (this.current.state === 'running') this.send({ type: 'watch', binding });
  }

  /** "Press the button you want" on any joystick; answered in the HID process, whatever window has focus. */
  bind(timeoutMs = HID_BIND_TIMEOUT_MS): Promise<HidBindAnswer> {
    if (this.current.state !== 'running') {
      return Promise.resolve({ binding: null, note: this.current.state === 'unavailable' ? this.current.reason : 'the HID process is starting' });
    }
    const id = this.nextBindId++;
    return new Promise((resolve) => {
      this.binds.set(id, resolve);
      this.send({ type: 'bind', id, timeoutMs });
    });
  }

  /** Ends every binding in progress (a newer one started, or the window closed). */
  cancelBinds(): void {
    for (const id of this.binds.keys()) this.send({ type: 'cancelBind', id });
  }

  private send(m: HidRequest): void {
    this.sup.child?.postMessage(m);
  }

  private answerBinds(note: string): void {
    for (const resolve of this.binds.values()) resolve({ binding: null, note });
    this.binds.clear();
  }

  /** A dead process never sends the button's release: do it here, or push-to-talk sticks. */
  private release(): void {
    if (!this.down) return;
    this.down = false;
    this.o.onButton(false);
  }

  private setStatus(s: HidHostStatus): void {
    this.current = s;
    this.o.onStatus(s);
  }

  dispose(): void {
    this.sup.dispose();
  }
}
