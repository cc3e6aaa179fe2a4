/** Returned by every `on`: call it to stop listening. */
export type Unsubscribe = () => void;

/**
 * A small typed event emitter: listeners in a Set, each `on` returns its unsubscribe. emit()
 * walks a copy made when the listeners change (not per emit: it runs per sim packet), so a
 * listener added or removed during an emit takes effect from the next one.
 */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();
  private current: ReadonlyArray<(value: T) => void> = [];
  on(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    this.current = [...this.listeners];
    return () => {
      if (this.listeners.delete(listener)) this.current = [...this.listeners];
    };
  }
  emit(value: T): void {
    const ls = this.current;
    for (let i = 0; i < ls.length; i++) ls[i]!(value);
  }
  get size(): number {
    return this.listeners.size;
  }
  clear(): void {
    this.listeners.clear();
    this.current = [];
  }
}
