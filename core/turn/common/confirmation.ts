import type { Intent } from '../../intent/common/intents.js';

/** How long a question ("Confirm gear up?") waits for "affirm" after it has been asked: a pilot answers at once or not at all. */
export const CONFIRM_WINDOW_MS = 5_000;

/** The clock and timers the turn runner's windows use (epoch ms); tests pass a fake one. */
export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type ConfirmationOutcome = 'affirmed' | 'negated' | 'expired' | 'superseded';

/** A command held until the pilot answers the question it was read back as. */
export interface Pending {
  turnId: string;
  notation: string;
  /** "Confirm gear up?" */
  question: string;
  /** What applies on "affirm", in order. */
  intents: Intent[];
  /** Epoch ms when it is dropped unanswered; undefined while the question is still being asked. */
  expiresAt?: number;
}

/**
 * At most one command waiting for "affirm". The window starts when the question has been asked
 * (`arm`), not when it was decided, and it does not run out while the pilot is answering
 * (`hold`): the answer decides. Resolving it any way clears the timer; `dispose()` too.
 */
export class PendingConfirmation {
  private current: Pending | undefined;
  private timer: unknown;
  private held = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly onResolved: (p: Pending, outcome: ConfirmationOutcome) => void,
    private readonly onArmed: (p: Pending & { expiresAt: number }) => void,
  ) {}

  get pending(): Pending | undefined {
    return this.current;
  }

  /** Holds a new command (an older one is superseded). Its window starts at `arm()`. */
  set(p: Omit<Pending, 'expiresAt'>): void {
    this.resolve('superseded');
    this.current = { ...p };
  }

  /** The question has been asked: the pilot has CONFIRM_WINDOW_MS from now to answer. */
  arm(): void {
    if (!this.current) return;
    this.stopTimer();
    const expiresAt = this.scheduler.now() + CONFIRM_WINDOW_MS;
    this.current = { ...this.current, expiresAt };
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      if (!this.held) this.resolve('expired');
    }, CONFIRM_WINDOW_MS);
    this.onArmed({ ...this.current, expiresAt });
  }

  /**
   * The pilot is speaking or a turn is running (`on`): the window does not close meanwhile. When
   * it ends (`off`) and the window has passed without an answer, the command is dropped.
   */
  hold(on: boolean): void {
    this.held = on;
    const p = this.current;
    if (!on && p?.expiresAt !== undefined && this.timer === undefined && this.scheduler.now() >= p.expiresAt) this.resolve('expired');
  }

  /** Takes the held command (for "affirm"), resolving it as `outcome`. */
  take(outcome: ConfirmationOutcome): Pending | undefined {
    const p = this.current;
    this.resolve(outcome);
    return p;
  }

  /** Drops the held command, if any, telling why. */
  resolve(outcome: ConfirmationOutcome): void {
    const p = this.current;
    if (!p) return;
    this.current = undefined;
    this.stopTimer();
    this.onResolved(p, outcome);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stopTimer();
    this.current = undefined;
  }
}
