/**
 * When to start a crashed worker again: soon after the first crash, later while it keeps failing,
 * soon again after a long healthy run. Pure: the caller passes how long the worker ran.
 */
export interface RestartBackoffOptions {
  /** First delay after a crash. */
  baseMs: number;
  /** The delay doubles per crash in a row up to this. */
  maxMs: number;
  /** A worker that ran at least this long before crashing counts as healthy: the backoff starts again. */
  healthyRunMs: number;
}

export class RestartBackoff {
  private crashesInARow = 0;

  constructor(private readonly opts: RestartBackoffOptions) {}

  /** The delay before the next start, after a crash of a worker that ran `ranMs`. */
  next(ranMs: number): number {
    this.crashesInARow = ranMs >= this.opts.healthyRunMs ? 1 : this.crashesInARow + 1;
    return Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** (this.crashesInARow - 1));
  }

  get crashes(): number {
    return this.crashesInARow;
  }
}
