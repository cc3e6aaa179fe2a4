/** Joystick buttons are sampled this often while a gamepad is connected (and never otherwise). */
export const GAMEPAD_POLL_MS = 20;
/** A button edge within this long of the previous one on the same button is contact bounce. */
export const GAMEPAD_DEBOUNCE_MS = 30;

export interface GamepadButtonEvent {
  gamepadIndex: number;
  button: number;
  pressed: boolean;
  /** Chromium's id ("Logitech Extreme 3D (Vendor: 046d Product: c215)"): main matches a HOTAS binding by it while node-hid cannot read the stick. */
  gamepadId?: string;
}

type PadSnapshot = Pick<Gamepad, 'index' | 'buttons'> & { id?: string };

interface GamepadSource {
  getGamepads(): (PadSnapshot | null)[];
}

/** Pure edge detector with debounce, fed one snapshot per poll: testable without a browser. */
export class ButtonEdges {
  private readonly last = new Map<string, { pressed: boolean; atMs: number }>();

  update(pads: (PadSnapshot | null)[], nowMs: number): GamepadButtonEvent[] {
    const out: GamepadButtonEvent[] = [];
    for (const pad of pads) {
      if (!pad) continue;
      pad.buttons.forEach((b, button) => {
        const key = `${pad.index}:${button}`;
        const prev = this.last.get(key);
        const pressed = b.pressed;
        if (!prev) {
          this.last.set(key, { pressed, atMs: nowMs });
          return;
        }
        if (prev.pressed === pressed || nowMs - prev.atMs < GAMEPAD_DEBOUNCE_MS) return;
        this.last.set(key, { pressed, atMs: nowMs });
        out.push({ gamepadIndex: pad.index, button, pressed, ...(pad.id ? { gamepadId: pad.id.slice(0, 200) } : {}) });
      });
    }
    return out;
  }
}

/**
 * Forwards joystick/HOTAS button edges from the Gamepad API to main, which matches them against
 * the PTT binding (or captures a new one). Polls only while a gamepad is connected.
 */
export class GamepadPtt {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly edges = new ButtonEdges();
  private readonly onConnect = (): void => this.sync();

  constructor(
    private readonly win: Pick<Window, 'addEventListener' | 'removeEventListener'> & { navigator: GamepadSource },
    private readonly forward: (e: GamepadButtonEvent) => void,
  ) {
    win.addEventListener('gamepadconnected', this.onConnect);
    win.addEventListener('gamepaddisconnected', this.onConnect);
  }

  private connected(): boolean {
    return this.win.navigator.getGamepads().some((p) => p !== null);
  }

  private sync(): void {
    if (this.connected() && !this.timer) {
      this.timer = setInterval(() => this.poll(), GAMEPAD_POLL_MS);
    } else if (!this.connected() && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private poll(): void {
    for (const e of this.edges.update(this.win.navigator.getGamepads(), performance.now())) this.forward(e);
  }

  dispose(): void {
    this.win.removeEventListener('gamepadconnected', this.onConnect);
    this.win.removeEventListener('gamepaddisconnected', this.onConnect);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
