import { RestartBackoff, type RestartBackoffOptions } from '../../core/base/common/restartBackoff.js';
import type { UtilityProcessLike } from './shellTypes.js';

/** What the supervisor says, in the words of the host that uses it. */
export interface SupervisorTexts {
  /** fork() threw. */
  notForked(error: string): string;
  /** No 'ready' within the ready timeout. */
  noReady(timeoutMs: number): string;
  /** The process ended on its own. */
  ended(code: number): string;
  /** Log line: no restarts left. */
  givingUp(reason: string, restarts: number): string;
  /** Log line: restarting after `delayMs`. */
  restarting(reason: string, delayMs: number): string;
}

/** What a host's caller gives for its process; the limits left out take the host's defaults. */
export interface SupervisedProcessOptions {
  /** Starts the process (utilityProcess.fork in the app, a Node child in tests). */
  fork(): UtilityProcessLike;
  log(line: string): void;
  now(): number;
  readyTimeoutMs?: number;
  maxRestarts?: number;
  backoff?: RestartBackoffOptions;
}

/** A host's defaults: how long 'ready' may take, how many restarts, and how far apart. */
export interface SupervisorLimits {
  readyTimeoutMs: number;
  maxRestarts: number;
  backoff: RestartBackoffOptions;
}

/** How the host takes part: its words, its checks, its messages and its status. */
export interface SupervisorHooks {
  texts: SupervisorTexts;
  /** Checked before every (re)start; false: no process is started (the host said why). */
  beforeStart?(): boolean;
  /** A process is about to be forked. */
  onStarting(): void;
  /** A message from the current process (never from one that was replaced or stopped). */
  onMessage(raw: unknown): void;
  /** The process is gone (also while disposing): release what it held. */
  onDown?(reason: string): void;
  /** The process failed and the host is not disposed: report it unavailable. */
  onFailed(reason: string): void;
}

/**
 * One utility process kept alive for a host (HID, input hook): forks it, waits for the host to
 * call ready() within the ready timeout, treats an exit or a hang as a failure, and restarts it
 * with backoff at most maxRestarts times. A failure kills what is left of the process.
 */
export class UtilitySupervisor {
  private current: UtilityProcessLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private startedAt = 0;
  private restarts = 0;
  private stopped = false;
  private readonly backoff: RestartBackoff;
  private readonly o: SupervisedProcessOptions & SupervisorLimits & SupervisorHooks;

  constructor(proc: SupervisedProcessOptions, defaults: SupervisorLimits, hooks: SupervisorHooks) {
    this.o = {
      fork: () => proc.fork(),
      log: (l) => proc.log(l),
      now: () => proc.now(),
      readyTimeoutMs: proc.readyTimeoutMs ?? defaults.readyTimeoutMs,
      maxRestarts: proc.maxRestarts ?? defaults.maxRestarts,
      backoff: proc.backoff ?? defaults.backoff,
      ...hooks,
    };
    this.backoff = new RestartBackoff(this.o.backoff);
  }

  /** The running (or starting) process, if any. */
  get child(): UtilityProcessLike | null {
    return this.current;
  }

  get disposed(): boolean {
    return this.stopped;
  }

  /** A process is running or starting, or a restart is pending. */
  get active(): boolean {
    return this.current !== null || this.timer !== null;
  }

  start(): void {
    if (this.stopped) return;
    if (this.o.beforeStart && !this.o.beforeStart()) return;
    this.o.onStarting();
    let child: UtilityProcessLike;
    try {
      child = this.o.fork();
    } catch (e) {
      this.failed(this.o.texts.notForked((e as Error).message), null);
      return;
    }
    this.current = child;
    this.startedAt = this.o.now();
    const readyMs = this.o.readyTimeoutMs;
    this.timer = setTimeout(() => this.failed(this.o.texts.noReady(readyMs), child), readyMs);
    child.on('message', (raw) => {
      if (this.current === child) this.o.onMessage(raw);
    });
    child.on('exit', (code) => {
      if (this.current === child) this.failed(this.o.texts.ended(code), null);
    });
  }

  /** The process said it is ready: the ready timeout no longer applies. */
  ready(): void {
    this.clearTimer();
  }

  /** The process failed in a way it reported itself: kill it and maybe restart. */
  fail(reason: string): void {
    this.failed(reason, this.current);
  }

  /** Stop the process for good this session, without a restart (restarting would not help). */
  abandon(): void {
    this.clearTimer();
    const c = this.current;
    this.current = null;
    c?.kill();
  }

  dispose(): void {
    this.stopped = true;
    this.clearTimer();
    this.o.onDown?.('stopped');
    this.abandon();
  }

  private failed(reason: string, toKill: UtilityProcessLike | null): void {
    this.clearTimer();
    this.current = null;
    toKill?.kill();
    this.o.onDown?.(reason);
    if (this.stopped) return;
    const ranMs = this.o.now() - this.startedAt;
    this.o.onFailed(reason);
    if (this.restarts >= this.o.maxRestarts) {
      this.o.log(this.o.texts.givingUp(reason, this.restarts));
      return;
    }
    this.restarts += 1;
    const delay = this.backoff.next(ranMs);
    this.o.log(this.o.texts.restarting(reason, delay));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
