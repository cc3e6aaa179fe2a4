/**
 * Fixed-capacity int16 ring buffer addressed by absolute sample index, so a reader can ask for
 * "everything since sample N" (the pre-roll before a press) long after it was written.
 */
export class Int16Ring {
  private readonly data: Int16Array;
  /** Absolute index of the next sample to be written. */
  private head = 0;

  constructor(readonly capacity: number) {
    this.data = new Int16Array(capacity);
  }

  get writtenTotal(): number {
    return this.head;
  }

  /** Oldest absolute index still held. */
  get oldestIndex(): number {
    return Math.max(0, this.head - this.capacity);
  }

  write(samples: Int16Array): void {
    let src = samples;
    if (src.length > this.capacity) src = src.subarray(src.length - this.capacity);
    const start = (this.head + (samples.length - src.length)) % this.capacity;
    const first = Math.min(src.length, this.capacity - start);
    this.data.set(src.subarray(0, first), start);
    if (first < src.length) this.data.set(src.subarray(first), 0);
    this.head += samples.length;
  }

  /** Copies samples [from, to) (absolute), clamped to what is still held. */
  read(from: number, to = this.head): Int16Array {
    const a = Math.max(from, this.oldestIndex);
    const b = Math.min(to, this.head);
    if (b <= a) return new Int16Array(0);
    const out = new Int16Array(b - a);
    const s = a % this.capacity;
    const first = Math.min(out.length, this.capacity - s);
    out.set(this.data.subarray(s, s + first));
    if (first < out.length) out.set(this.data.subarray(0, out.length - first), first);
    return out;
  }
}
