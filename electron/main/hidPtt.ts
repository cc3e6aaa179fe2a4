import type { EngineCommand } from '../../core/api/common/contract.js';
import { gamepadIdMatches } from '../../core/input/common/hidSource.js';
import type { HotasBinding } from '../../core/input/common/hotasBinding.js';
import { HidProcessHost, type HidBindAnswer, type HidHostOptions, type HidHostStatus } from './hidProcess.js';
import { PttInputRouter } from './pttInput.js';
import type { UtilityProcessLike } from './shellTypes.js';

/** The router's code for the one HOTAS button (the device and button live in the HID process). */
const HOTAS_CODE = 'hotas';

export interface HotasPttOptions {
  /** Starts the HID utility process; absent: this build reads no joysticks natively (the Gamepad API stays). */
  fork?: () => UtilityProcessLike;
  /** pttDown/pttUp from the bound HOTAS button. */
  send(command: EngineCommand): void;
  /** The HID process started, stopped, found or lost the stick. */
  onStatus(status: HidHostStatus): void;
  log(line: string): void;
  now(): number;
  host?: Partial<Pick<HidHostOptions, 'readyTimeoutMs' | 'maxRestarts' | 'backoff'>>;
}

/**
 * Push-to-talk from a HOTAS button read natively (node-hid in its own process, hidProcess.ts): the
 * button's edges go through the same router as the keyboard hook's (debounce, release on loss),
 * as their own engine client. Works whatever window has focus.
 */
export class HotasPtt {
  private readonly host: HidProcessHost | null;
  private readonly router: PttInputRouter;
  private label = 'HOTAS button';
  private binding: HotasBinding | null = null;

  constructor(private readonly o: HotasPttOptions) {
    this.router = new PttInputRouter((command) => o.send(command));
    this.host = o.fork
      ? new HidProcessHost({
          fork: o.fork,
          onButton: (pressed) => this.router.input({ kind: 'joystick', code: HOTAS_CODE, label: this.label, pressed, atMs: o.now() }),
          onStatus: (s) => o.onStatus(s),
          log: (line) => o.log(line),
          now: () => o.now(),
          ...o.host,
        })
      : null;
  }

  get status(): HidHostStatus {
    return this.host?.status ?? { state: 'unavailable', reason: 'HOTAS input unavailable: no HID process in this build' };
  }

  start(): void {
    this.host?.start();
  }

  setBinding(binding: HotasBinding | null): void {
    // Every settings change lands here: an unrelated one must not release a press in progress.
    if (JSON.stringify(binding) === JSON.stringify(this.binding)) return;
    this.binding = binding;
    this.label = binding?.label ?? 'HOTAS button';
    this.router.setBinding(binding ? { kind: 'joystick', code: HOTAS_CODE, label: this.label } : null);
    this.host?.watch(binding);
  }

  /** Whether node-hid is reading the bound stick right now. */
  get native(): boolean {
    const s = this.status;
    return s.state === 'running' && s.watch.state === 'watching';
  }

  /**
   * The fallback while node-hid cannot read the bound stick (it did not load, or does not see the
   * stick): a Gamepad-API edge from the overlay or Settings page counts when its gamepad id names
   * the bound vendor and product and its button index is the HID button number less one (the order
   * Chromium lists a joystick's buttons in). It works only while a Stratus window has focus.
   */
  gamepadFallback(e: { button: number; pressed: boolean; gamepadId?: string }): void {
    const b = this.binding;
    if (this.native || !b || b.button === 0 || !e.gamepadId || !gamepadIdMatches(e.gamepadId, b.vendorId, b.productId) || e.button !== b.button - 1) return;
    this.router.input({ kind: 'joystick', code: HOTAS_CODE, label: this.label, pressed: e.pressed, atMs: this.o.now() });
  }

  /** "Press the button you want" on any joystick, answered by the HID process. */
  bind(): Promise<HidBindAnswer> {
    if (!this.host) return Promise.resolve({ binding: null, note: this.status.state === 'unavailable' ? this.status.reason : '' });
    this.host.cancelBinds();
    return this.host.bind();
  }

  dispose(): void {
    this.host?.dispose();
    this.router.dispose();
  }
}
