import { priorityRank, type Callout } from './calloutRules.js';

/**
 * What to say next when callouts arrive faster than speech: highest priority first, then oldest;
 * a warning asks to cut in over whatever is being said (chatter or a lesser callout); a callout
 * that waited too long is dropped — "rotate" three seconds late is worse than silence.
 */
export const STALE_AFTER_S: Record<Callout['priority'], number> = { info: 3, caution: 6, warning: 10 };

export class CalloutQueue {
  private pending: Callout[] = [];
  private speaking: Callout | 'chatter' | undefined;

  /** Adds callouts; `interrupt` is true when one should cut in over what is being said now. */
  push(callouts: readonly Callout[]): { interrupt: boolean } {
    this.pending.push(...callouts);
    const current = this.speaking;
    const interrupt = callouts.some((c) => c.interrupts && (current === 'chatter' || (current !== undefined && priorityRank[c.priority] < priorityRank[current.priority])));
    return { interrupt };
  }

  /** The next callout to speak at sim time `nowS`, dropping stale ones; marks it as being spoken. */
  next(nowS: number): Callout | undefined {
    this.pending = this.pending.filter((c) => nowS - c.simTimeS <= STALE_AFTER_S[c.priority]);
    if (this.pending.length === 0) return undefined;
    this.pending.sort((a, b) => priorityRank[a.priority] - priorityRank[b.priority] || a.simTimeS - b.simTimeS);
    const c = this.pending.shift()!;
    this.speaking = c;
    return c;
  }

  /** Something other than a callout (a reply) is being spoken. */
  speakingChatter(): void {
    this.speaking = 'chatter';
  }

  /** Speech finished (or was cut). */
  idle(): void {
    this.speaking = undefined;
  }

  clear(): void {
    this.pending = [];
    this.speaking = undefined;
  }

  get size(): number {
    return this.pending.length;
  }
}
