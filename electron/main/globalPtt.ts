import type { HookStatus } from './hookProcess.js';
import { acceleratorForKeyName, labelForKeycode } from './keyNames.js';
import type { InputEdge, PttBinding, PttInputRouter } from './pttInput.js';
import type { GlobalShortcutLike } from './shellTypes.js';

/**
 * Global push-to-talk: key and mouse buttons from the input hook (true hold: down and up; the
 * hook runs in its own process, hookProcess.ts), joystick buttons forwarded from the renderer's
 * Gamepad API. While the hook is not running (starting, no permission, no display, crashed) a key
 * binding falls back to globalShortcut, which only sees presses: each press then toggles talking.
 */
export class GlobalPtt {
  private hook: HookStatus = { state: 'starting' };
  private keys: Readonly<Record<string, number>> = {};
  private shortcut: string | null = null;
  private binding: PttBinding | null = null;
  private mode: 'hold' | 'toggle' | 'voice' = 'hold';
  /** Hold mode on the fallback: whether the last shortcut press started talking (the next one ends it). */
  private fallbackTalking = false;

  constructor(
    private readonly router: PttInputRouter,
    private readonly shortcuts: GlobalShortcutLike,
    private readonly now: () => number,
    private readonly log: (line: string) => void,
  ) {}

  get usesHook(): boolean {
    return this.hook.state === 'running';
  }

  /** Whether the push-to-talk key works, and if not why (and what the user can do about it). */
  get hookStatus(): HookStatus {
    return this.hook;
  }

  /** uiohook's key table (from the hook process), for labels and browser-captured bindings. */
  get keyTable(): Readonly<Record<string, number>> {
    return this.keys;
  }

  /** The hook process started, stopped or failed: switch between it and the shortcut fallback. */
  setHookStatus(status: HookStatus, keys: Readonly<Record<string, number>>): void {
    const wasRunning = this.usesHook;
    this.hook = status;
    this.keys = keys;
    if (wasRunning !== this.usesHook) {
      // A press the dead hook reported never gets its release: end it rather than stick.
      if (wasRunning) this.router.setBinding(this.binding);
      this.applyShortcut();
    }
  }

  /** One key or mouse edge from the hook process. */
  hookInput(e: { kind: 'key' | 'mouse'; code: number; pressed: boolean }): void {
    if (!this.usesHook) return;
    const label = e.kind === 'key' ? labelForKeycode(e.code, this.keys) : `Mouse ${e.code}`;
    this.edge({ kind: e.kind, code: String(e.code), label, pressed: e.pressed, atMs: this.now() });
  }

  private edge(e: InputEdge): void {
    this.router.input(e);
  }

  /** Joystick/HOTAS edges from the renderer (already debounced there; the router debounces again). */
  gamepadButton(e: { gamepadIndex: number; button: number; pressed: boolean }): void {
    this.edge({ kind: 'joystick', code: `${e.gamepadIndex}:${e.button}`, label: `Joystick ${e.gamepadIndex + 1} button ${e.button + 1}`, pressed: e.pressed, atMs: this.now() });
  }

  setBinding(binding: PttBinding | null, mode: 'hold' | 'toggle' | 'voice'): void {
    this.binding = binding;
    this.mode = mode;
    this.router.setBinding(binding);
    this.applyShortcut();
  }

  /** Registers the globalShortcut fallback for a key binding while the hook does not run. */
  private applyShortcut(): void {
    if (this.shortcut) this.shortcuts.unregister(this.shortcut);
    this.shortcut = null;
    this.fallbackTalking = false;
    const binding = this.binding;
    if (this.usesHook || !binding || binding.kind !== 'key' || this.mode === 'voice') return;
    const accel = acceleratorForKeyName(binding.label);
    if (!accel) {
      this.log(`global push-to-talk: no input hook and "${binding.label}" has no global shortcut`);
      return;
    }
    const press = (pressed: boolean): void => this.edge({ kind: 'key', code: binding.code, label: binding.label, pressed, atMs: this.now() });
    const ok = this.shortcuts.register(accel, () => {
      if (this.mode === 'toggle') {
        // The engine toggles on each pttDown.
        press(true);
        press(false);
        return;
      }
      // Hold mode without key-up: one press starts talking, the next ends it.
      this.fallbackTalking = !this.fallbackTalking;
      press(this.fallbackTalking);
    });
    if (ok) {
      this.shortcut = accel;
      this.log(`global push-to-talk: ${accel} works as a toggle until the input hook runs`);
    } else this.log(`global push-to-talk: shortcut ${accel} is taken by another app`);
  }

  capture(): Promise<PttBinding | null> {
    return this.router.capture();
  }

  dispose(): void {
    this.router.dispose();
    if (this.shortcut) this.shortcuts.unregister(this.shortcut);
    this.shortcut = null;
    this.hook = { state: 'unavailable', reason: 'push-to-talk stopped' };
  }
}
