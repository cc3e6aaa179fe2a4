import type { EngineCommand } from '../../core/api/common/contract.js';
import type { Config } from '../../core/config/common/configSchema.js';

export type PttBinding = NonNullable<Config['ptt']['binding']>;

/** One press or release from any input: a key (uiohook keycode), mouse button, or joystick button. */
export interface InputEdge {
  kind: PttBinding['kind'];
  /** Key: uiohook keycode; mouse: button number; joystick: "gamepadIndex:button". */
  code: string;
  label: string;
  pressed: boolean;
  atMs: number;
}

/** A press this soon after the previous release is switch bounce, not a new press. */
export const PTT_DEBOUNCE_MS = 40;
/** "Press the button you want" gives up after this long. */
export const CAPTURE_TIMEOUT_MS = 15_000;
/** uiohook keycode of Escape: cancels a capture. */
const ESCAPE_KEYCODE = '1';

/**
 * Turns raw input edges into pttDown/pttUp for the bound button, or into a new binding while
 * capturing. Key auto-repeat and bounce are dropped; a release always ends a press, so PTT never
 * sticks. The engine's PTT machine applies the hold/toggle/voice mode.
 */
export class PttInputRouter {
  private binding: PttBinding | null = null;
  private pressed = false;
  private lastReleaseMs = -Infinity;
  private capturing: { resolve: (b: PttBinding | null) => void; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(
    private readonly send: (command: EngineCommand) => void,
    private readonly resolveCode: (b: PttBinding) => string = (b) => b.code,
  ) {}

  setBinding(binding: PttBinding | null): void {
    if (this.pressed) this.release();
    this.binding = binding;
  }

  get isCapturing(): boolean {
    return this.capturing !== null;
  }

  /** Resolves with the next pressed key/button (null on Escape, timeout, or a newer capture). */
  capture(): Promise<PttBinding | null> {
    this.endCapture(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.endCapture(null), CAPTURE_TIMEOUT_MS);
      this.capturing = { resolve, timer };
    });
  }

  private endCapture(result: PttBinding | null): void {
    const c = this.capturing;
    if (!c) return;
    this.capturing = null;
    clearTimeout(c.timer);
    c.resolve(result);
  }

  input(edge: InputEdge): void {
    if (this.capturing) {
      if (!edge.pressed) return;
      this.endCapture(edge.kind === 'key' && edge.code === ESCAPE_KEYCODE ? null : { kind: edge.kind, code: edge.code, label: edge.label });
      return;
    }
    const b = this.binding;
    if (!b || b.kind !== edge.kind || this.resolveCode(b) !== edge.code) return;
    if (edge.pressed) {
      if (this.pressed || edge.atMs - this.lastReleaseMs < PTT_DEBOUNCE_MS) return;
      this.pressed = true;
      this.send({ type: 'pttDown', source: sourceOf(edge.kind) });
    } else if (this.pressed) {
      this.lastReleaseMs = edge.atMs;
      this.release();
    }
  }

  private release(): void {
    this.pressed = false;
    this.send({ type: 'pttUp', source: sourceOf(this.binding?.kind ?? 'key') });
  }

  dispose(): void {
    this.endCapture(null);
    if (this.pressed) this.release();
  }
}

function sourceOf(kind: PttBinding['kind']): 'key' | 'joystick' {
  return kind === 'joystick' ? 'joystick' : 'key';
}
