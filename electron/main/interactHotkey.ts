import type { GlobalShortcutLike } from './shellTypes.js';

/**
 * The overlay's interact hotkey (config overlay.interactHotkey): a global shortcut that toggles
 * the overlay's click-through. Re-registers when the setting changes; a key another app holds or
 * an accelerator Electron rejects is logged and leaves the hotkey off, never stops the app.
 */
export class InteractHotkey {
  private current = '';

  constructor(
    private readonly shortcuts: GlobalShortcutLike,
    private readonly onPress: () => void,
    private readonly log: (line: string) => void,
  ) {}

  get accelerator(): string {
    return this.current;
  }

  set(accelerator: string): void {
    if (accelerator === this.current) return;
    this.release();
    if (!accelerator) return;
    let ok: boolean;
    try {
      ok = this.shortcuts.register(accelerator, this.onPress);
    } catch (e) {
      this.log(`overlay: interact hotkey ${accelerator} is not a valid key combination (${(e as Error).message})`);
      return;
    }
    if (ok) this.current = accelerator;
    else this.log(`overlay: interact hotkey ${accelerator} is taken by another app; choose another in Settings → Overlay`);
  }

  private release(): void {
    if (this.current) this.shortcuts.unregister(this.current);
    this.current = '';
  }

  dispose(): void {
    this.release();
  }
}
