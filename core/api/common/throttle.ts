/**
 * Calls `fn` with the newest value at most once per `intervalMs`: the first value goes out at
 * once, later ones are coalesced and the last one always arrives. Nothing is scheduled while idle.
 */
export class LatestThrottle<T> {
  private pending: { value: T } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSentAt = -Infinity;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: (value: T) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(value: T): void {
    this.pending = { value };
    if (this.timer) return;
    const wait = this.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    this.lastSentAt = this.now();
    this.fn(p.value);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
