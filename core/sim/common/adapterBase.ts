import type { SimConnection } from './adapter.js';
import { isActionConfirmed } from './readback.js';
import type { SimAction, WriteOutcome } from './simAction.js';
import type { SimState } from './simState.js';

/** A write the sim has not confirmed by readback within this long is reported as timed out. */
export const WRITE_READBACK_DEADLINE_MS = 1500; // sims echo within a few frames; 1.5 s covers a stalled frame

interface PendingWrite {
  action: SimAction;
  before: SimState;
  sentAt: number;
  resolve: (o: WriteOutcome) => void;
  timer: ReturnType<typeof setTimeout>;
  cleanup: () => void;
}

/**
 * Tracks writes until the sim's state confirms them. Adapters call `observe(state)` on every
 * new state and `track(action, before)` after sending a write.
 */
export class ReadbackTracker {
  private readonly pending = new Set<PendingWrite>();

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly deadlineMs = WRITE_READBACK_DEADLINE_MS,
  ) {}

  track(action: SimAction, before: SimState, signal?: AbortSignal): Promise<WriteOutcome> {
    return new Promise((resolve) => {
      const sentAt = this.now();
      const onAbort = (): void => finish({ status: 'refused', action, reason: 'cancelled' });
      const finish = (o: WriteOutcome): void => {
        if (!this.pending.has(p)) return;
        this.pending.delete(p);
        p.cleanup();
        resolve(o);
      };
      const p: PendingWrite = {
        action,
        before,
        sentAt,
        resolve: finish,
        timer: setTimeout(
          () =>
            finish({
              status: 'timeout',
              action,
              latencyMs: this.now() - sentAt,
              reason: `the sim did not confirm within ${this.deadlineMs} ms`,
            }),
          this.deadlineMs,
        ),
        cleanup: () => {
          clearTimeout(p.timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      this.pending.add(p);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  observe(state: SimState): void {
    if (this.pending.size === 0) return; // the common case, once per sim packet
    for (const p of [...this.pending]) {
      if (isActionConfirmed(p.action, state, p.before)) {
        p.resolve({ status: 'applied', action: p.action, latencyMs: this.now() - p.sentAt });
      }
    }
  }

  /** Resolves every pending write as refused (adapter closing or connection lost). */
  failAll(reason: string): void {
    for (const p of [...this.pending]) p.resolve({ status: 'refused', action: p.action, reason });
  }

  get size(): number {
    return this.pending.size;
  }
}

export function connectionEquals(a: SimConnection, b: SimConnection): boolean {
  return a.kind === b.kind && a.phase === b.phase && a.detail === b.detail && a.reason === b.reason;
}
