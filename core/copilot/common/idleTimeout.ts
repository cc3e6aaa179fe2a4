/**
 * A signal that fires when the parent aborts or when nothing arrived for `idleMs` (connect, first
 * token, or any gap mid-stream). `touch()` on every chunk; `dispose()` when done.
 */
export interface IdleTimeout {
  readonly signal: AbortSignal;
  readonly timedOut: boolean;
  touch(): void;
  dispose(): void;
}

export function idleTimeout(parent: AbortSignal, idleMs: number): IdleTimeout {
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onParentAbort = (): void => controller.abort(parent.reason);
  const arm = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('idle timeout'));
    }, idleMs);
  };
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  arm();
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    touch: arm,
    dispose() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}
