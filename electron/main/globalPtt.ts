import type { InputEdge, PttBinding, PttInputRouter } from './pttInput.js';
import { acceleratorForKeyName, labelForKeycode } from './keyNames.js';
import type { GlobalShortcutLike } from './shellTypes.js';

/** The slice of uiohook-napi used: global key and mouse button events, system-wide. */
export interface InputHookLike {
  on(event: 'keydown' | 'keyup', listener: (e: { keycode: number }) => void): unknown;
  on(event: 'mousedown' | 'mouseup', listener: (e: { button: unknown }) => void): unknown;
  removeAllListeners(): unknown;
  start(): void;
  stop(): void;
}

export interface UiohookModule {
  uIOhook: InputHookLike;
  UiohookKey: Readonly<Record<string, number>>;
}

/**
 * Global push-to-talk: key and mouse buttons via uiohook (true hold: down and up), joystick
 * buttons forwarded from the renderer's Gamepad API. Without uiohook (failed to load, or no
 * permission) a key binding falls back to globalShortcut, which only sees presses: each press
 * then acts as one toggle (pttDown + pttUp), which suits toggle mode.
 */
export class GlobalPtt {
  private hookStarted = false;
  private shortcut: string | null = null;

  constructor(
    private readonly router: PttInputRouter,
    private readonly hook: UiohookModule | null,
    private readonly shortcuts: GlobalShortcutLike,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {
    if (hook) {
      try {
        const keys = hook.UiohookKey;
        const key = (pressed: boolean) => (e: { keycode: number }) =>
          this.edge({ kind: 'key', code: String(e.keycode), label: labelForKeycode(e.keycode, keys), pressed, atMs: now() });
        const mouse = (pressed: boolean) => (e: { button: unknown }) =>
          this.edge({ kind: 'mouse', code: String(e.button), label: `Mouse ${String(e.button)}`, pressed, atMs: now() });
        hook.uIOhook.on('keydown', key(true));
        hook.uIOhook.on('keyup', key(false));
        hook.uIOhook.on('mousedown', mouse(true));
        hook.uIOhook.on('mouseup', mouse(false));
        hook.uIOhook.start();
        this.hookStarted = true;
      } catch (e) {
        log(`global push-to-talk: input hook failed (${(e as Error).message}); using the shortcut fallback`);
      }
    }
  }

  get usesHook(): boolean {
    return this.hookStarted;
  }

  private edge(e: InputEdge): void {
    this.router.input(e);
  }

  /** Joystick/HOTAS edges from the renderer (already debounced there; the router debounces again). */
  gamepadButton(e: { gamepadIndex: number; button: number; pressed: boolean }): void {
    this.edge({ kind: 'joystick', code: `${e.gamepadIndex}:${e.button}`, label: `Joystick ${e.gamepadIndex + 1} button ${e.button + 1}`, pressed: e.pressed, atMs: this.now() });
  }

  setBinding(binding: PttBinding | null, mode: 'hold' | 'toggle' | 'voice'): void {
    this.router.setBinding(binding);
    if (this.shortcut) this.shortcuts.unregister(this.shortcut);
    this.shortcut = null;
    if (this.hookStarted || !binding || binding.kind !== 'key' || mode !== 'toggle') return;
    const accel = acceleratorForKeyName(binding.label);
    if (!accel) {
      this.log(`global push-to-talk: no input hook and "${binding.label}" has no global shortcut`);
      return;
    }
    const ok = this.shortcuts.register(accel, () => {
      this.edge({ kind: 'key', code: binding.code, label: binding.label, pressed: true, atMs: this.now() });
      this.edge({ kind: 'key', code: binding.code, label: binding.label, pressed: false, atMs: this.now() });
    });
    if (ok) this.shortcut = accel;
    else this.log(`global push-to-talk: shortcut ${accel} is taken by another app`);
  }

  capture(): Promise<PttBinding | null> {
    return this.router.capture();
  }

  dispose(): void {
    this.router.dispose();
    if (this.shortcut) this.shortcuts.unregister(this.shortcut);
    this.shortcut = null;
    if (this.hookStarted && this.hook) {
      this.hook.uIOhook.removeAllListeners();
      this.hook.uIOhook.stop();
    }
    this.hookStarted = false;
  }
}
