import type { RestartBackoffOptions } from '../../core/base/common/restartBackoff.js';
import type { HookAvailability } from './hookAvailability.js';
import { keycodeFor, parseHookMessage, type KeyTapRequest } from './hookProtocol.js';
import { UtilitySupervisor, type SupervisedProcessOptions } from './utilitySupervisor.js';

/** uiohook's start() returns within milliseconds where it works; no 'ready' by then means it hung. */
export const HOOK_READY_TIMEOUT_MS = 5_000;
/** Restarts after a crash or hang before the hook is given up for this session (the fallback stays). */
export const MAX_HOOK_RESTARTS = 3;
/** A key tap is a few milliseconds in the hook; longer means it is stuck (the command then says so). */
export const KEY_TAP_TIMEOUT_MS = 2_000;
/** Backoff between hook restarts: a hook that dies at once is not restarted in a tight loop. */
export const HOOK_RESTART_BACKOFF: RestartBackoffOptions = { baseMs: 1_000, maxMs: 30_000, healthyRunMs: 60_000 };

export type HookStatus =
  | { state: 'starting' }
  | { state: 'running' }
  | { state: 'unavailable'; reason: string; action?: { label: string; url: string } };

/** fork() starts the hook process (hookProcessEntry.ts). */
export interface HookHostOptions extends SupervisedProcessOptions {
  /** Checked before every start: no process is started where the hook would abort. */
  availability(): HookAvailability;
  onInput(e: { kind: 'key' | 'mouse'; code: number; pressed: boolean }): void;
  onStatus(status: HookStatus, keys: Readonly<Record<string, number>>): void;
}

/**
 * Runs the global input hook in its own process, so its abort or hang cannot take the app down.
 * Waits for 'ready' (HOOK_READY_TIMEOUT_MS), forwards input, and on an exit or a hang reports the
 * hook unavailable and starts it again with backoff, at most MAX_HOOK_RESTARTS times.
 */
export class HookProcessHost {
  private keys: Readonly<Record<string, number>> = {};
  private readonly sup: UtilitySupervisor;
  private current: HookStatus = { state: 'starting' };
  /** The last start was refused by the availability check (no permission, no display), not a crash. */
  private blocked = false;
  /** Key presses sent to the hook, by request id, waiting for its answer. */
  private readonly taps = new Map<number, (error: string | undefined) => void>();
  private nextTap = 1;

  constructor(private readonly o: HookHostOptions) {
    const limits = { readyTimeoutMs: HOOK_READY_TIMEOUT_MS, maxRestarts: MAX_HOOK_RESTARTS, backoff: HOOK_RESTART_BACKOFF };
    this.sup = new UtilitySupervisor(o, limits, {
      texts: {
        notForked: (e) => `push-to-talk key unavailable: the input hook process did not start (${e})`,
        noReady: (ms) => `push-to-talk key unavailable: the input hook did not start within ${ms} ms`,
        ended: (code) => `push-to-talk key unavailable: the input hook process ended (code ${code})`,
        givingUp: (reason, n) => `global push-to-talk: ${reason}; giving up after ${n} restarts, the shortcut fallback (toggle) stays`,
        restarting: (reason, ms) => `global push-to-talk: ${reason}; using the shortcut fallback (toggle), restarting the hook in ${ms} ms`,
      },
      beforeStart: () => this.checkAvailable(),
      onStarting: () => this.setStatus({ state: 'starting' }),
      onMessage: (raw) => this.onMessage(raw),
      // The hook died, hung or refused: fall back (the supervisor kills what is left and maybe tries again later).
      onFailed: (reason) => this.setStatus({ state: 'unavailable', reason }),
    });
  }

  get status(): HookStatus {
    return this.current;
  }

  start(): void {
    this.sup.start();
  }

  /** No process is started where the hook would abort: says why instead. */
  private checkAvailable(): boolean {
    const available = this.o.availability();
    this.blocked = !available.ok;
    if (!available.ok) {
      this.setStatus({ state: 'unavailable', reason: available.reason, ...(available.action ? { action: available.action } : {}) });
      this.o.log(`global push-to-talk: ${available.reason}; using the shortcut fallback (toggle)`);
    }
    return available.ok;
  }

  private onMessage(raw: unknown): void {
    const m = parseHookMessage(raw);
    if (!m) return this.o.log('global push-to-talk: ignored a malformed message from the input hook');
    if (m.type === 'ready') {
      this.sup.ready();
      this.keys = m.keys;
      this.setStatus({ state: 'running' });
    } else if (m.type === 'input') {
      if (this.current.state === 'running') this.o.onInput({ kind: m.kind, code: m.code, pressed: m.pressed });
    } else if (m.type === 'keyTapped') {
      this.taps.get(m.id)?.(m.error);
    } else {
      this.sup.fail(`push-to-talk key unavailable: ${m.message}`);
    }
  }

  /** Presses a key combination through the hook (a pilot's own command); resolves with the reason when it cannot. */
  keyTap(key: string, modifiers: readonly string[]): Promise<string | undefined> {
    const child = this.sup.child;
    if (!child || this.current.state !== 'running') return Promise.resolve('key presses need the input hook, which is not running');
    const codes = [key, ...modifiers].map((k) => keycodeFor(k, this.keys));
    if (codes.some((c) => c === undefined)) return Promise.resolve(`the input hook has no key ${[...modifiers, key].join('+')}`);
    const id = this.nextTap++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done('the input hook did not answer'), KEY_TAP_TIMEOUT_MS);
      const done = (error: string | undefined): void => {
        clearTimeout(timer);
        this.taps.delete(id);
        resolve(error);
      };
      this.taps.set(id, done);
      const request: KeyTapRequest = { type: 'keyTap', id, key: codes[0]!, modifiers: codes.slice(1) as number[] };
      child.postMessage(request);
    });
  }

  /**
   * The user may have fixed what blocked the hook (granted Accessibility in System Settings and
   * came back): starts it if it can start now. Called when a Stratus window regains focus, so no
   * app restart is needed. Returns whether it started.
   */
  recheck(): boolean {
    if (this.sup.disposed || !this.blocked || this.sup.active) return false;
    if (!this.o.availability().ok) return false;
    this.o.log('global push-to-talk: the input hook can start now (permission granted); starting it');
    this.start();
    return true;
  }

  private setStatus(s: HookStatus): void {
    this.current = s;
    this.o.onStatus(s, this.keys);
  }

  dispose(): void {
    this.sup.dispose();
  }
}
