import { RestartBackoff, type RestartBackoffOptions } from '../../core/base/common/restartBackoff.js';
import type { HookAvailability } from './hookAvailability.js';
import { parseHookMessage } from './hookProtocol.js';
import type { UtilityProcessLike } from './shellTypes.js';

/** uiohook's start() returns within milliseconds where it works; no 'ready' by then means it hung. */
export const HOOK_READY_TIMEOUT_MS = 5_000;
/** Restarts after a crash or hang before the hook is given up for this session (the fallback stays). */
export const MAX_HOOK_RESTARTS = 3;
/** Backoff between hook restarts: a hook that dies at once is not restarted in a tight loop. */
export const HOOK_RESTART_BACKOFF: RestartBackoffOptions = { baseMs: 1_000, maxMs: 30_000, healthyRunMs: 60_000 };

export type HookStatus =
  | { state: 'starting' }
  | { state: 'running' }
  | { state: 'unavailable'; reason: string; action?: { label: string; url: string } };

export interface HookHostOptions {
  /** Starts the hook process (utilityProcess.fork in the app, a real Node child in tests). */
  fork(): UtilityProcessLike;
  /** Checked before every start: no process is started where the hook would abort. */
  availability(): HookAvailability;
  onInput(e: { kind: 'key' | 'mouse'; code: number; pressed: boolean }): void;
  onStatus(status: HookStatus, keys: Readonly<Record<string, number>>): void;
  log(line: string): void;
  now(): number;
  readyTimeoutMs?: number;
  maxRestarts?: number;
  backoff?: RestartBackoffOptions;
}

/**
 * Runs the global input hook in its own process, so its abort or hang cannot take the app down.
 * Waits for 'ready' (HOOK_READY_TIMEOUT_MS), forwards input, and on an exit or a hang reports the
 * hook unavailable and starts it again with backoff, at most MAX_HOOK_RESTARTS times.
 */
export class HookProcessHost {
  private child: UtilityProcessLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private startedAt = 0;
  private restarts = 0;
  private disposed = false;
  private keys: Readonly<Record<string, number>> = {};
  private readonly backoff: RestartBackoff;
  private current: HookStatus = { state: 'starting' };

  constructor(private readonly o: HookHostOptions) {
    this.backoff = new RestartBackoff(o.backoff ?? HOOK_RESTART_BACKOFF);
  }

  get status(): HookStatus {
    return this.current;
  }

  start(): void {
    if (this.disposed) return;
    const available = this.o.availability();
    if (!available.ok) {
      this.setStatus({ state: 'unavailable', reason: available.reason, ...(available.action ? { action: available.action } : {}) });
      this.o.log(`global push-to-talk: ${available.reason}; using the shortcut fallback (toggle)`);
      return;
    }
    this.setStatus({ state: 'starting' });
    let child: UtilityProcessLike;
    try {
      child = this.o.fork();
    } catch (e) {
      this.failed(`push-to-talk key unavailable: the input hook process did not start (${(e as Error).message})`, null);
      return;
    }
    this.child = child;
    this.startedAt = this.o.now();
    this.timer = setTimeout(() => {
      this.failed(`push-to-talk key unavailable: the input hook did not start within ${this.o.readyTimeoutMs ?? HOOK_READY_TIMEOUT_MS} ms`, child);
    }, this.o.readyTimeoutMs ?? HOOK_READY_TIMEOUT_MS);
    child.on('message', (raw) => {
      if (this.child !== child) return;
      const m = parseHookMessage(raw);
      if (!m) return this.o.log('global push-to-talk: ignored a malformed message from the input hook');
      if (m.type === 'ready') {
        this.clearTimer();
        this.keys = m.keys;
        this.setStatus({ state: 'running' });
      } else if (m.type === 'input') {
        if (this.current.state === 'running') this.o.onInput({ kind: m.kind, code: m.code, pressed: m.pressed });
      } else {
        this.failed(`push-to-talk key unavailable: ${m.message}`, child);
      }
    });
    child.on('exit', (code) => {
      if (this.child !== child) return;
      this.failed(`push-to-talk key unavailable: the input hook process ended (code ${code})`, null);
    });
  }

  /** The hook died, hung or refused: fall back, kill what is left, and maybe try again later. */
  private failed(reason: string, toKill: UtilityProcessLike | null): void {
    this.clearTimer();
    this.child = null;
    toKill?.kill();
    if (this.disposed) return;
    const ranMs = this.o.now() - this.startedAt;
    this.setStatus({ state: 'unavailable', reason });
    if (this.restarts >= (this.o.maxRestarts ?? MAX_HOOK_RESTARTS)) {
      this.o.log(`global push-to-talk: ${reason}; giving up after ${this.restarts} restarts, the shortcut fallback (toggle) stays`);
      return;
    }
    this.restarts += 1;
    const delay = this.backoff.next(ranMs);
    this.o.log(`global push-to-talk: ${reason}; using the shortcut fallback (toggle), restarting the hook in ${delay} ms`);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(s: HookStatus): void {
    this.current = s;
    this.o.onStatus(s, this.keys);
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    const c = this.child;
    this.child = null;
    c?.kill();
  }
}
