import { createHook } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { beforeEach } from 'vitest';

/**
 * Fails a test that leaves a worker, child process, socket or timer running (STYLE.md: "tests check
 * that nothing is left running", VS Code's leak check in spirit).
 *
 *   describe('sim link', () => {
 *     useLeakCheck();
 *     it('…', async () => { … });
 *   });
 *
 * What counts: resources created while the test runs (its beforeEach hooks registered after
 * useLeakCheck(), the test body, and anything those start) that still keep the process alive once
 * every afterEach, beforeEach cleanup, fixture cleanup and onTestFinished of the test has run:
 * referenced timers and immediates, TCP/UDP/pipe sockets and servers, child processes, message
 * ports, fs watchers, and worker threads (even unref'd ones: a running thread is a leak either way).
 * Resources that vitest itself creates are not counted. Resources created in beforeAll, or before
 * the test started, are not counted either: they belong to the file, not to the test.
 *
 * Why not a before/after diff of process.getActiveResourcesInfo() (measured on Node 20): it does not
 * list worker threads at all, and vitest throttles its progress reports with a referenced 100 ms
 * timer that is pending at most test starts, so a diff of counts hides a test's own leaked timer.
 * Tracking what is created during the test (async_hooks init, plus the 'worker_threads' diagnostics
 * channel for workers) has neither problem and also says where each leak was created.
 *
 * Ordering: the check runs in an onTestFinished registered from a beforeEach, so it runs after all
 * afterEach hooks at every level (vitest runs afterEach innermost first, then outer ones, then
 * beforeEach cleanups and fixture cleanups, then onTestFinished handlers last-registered first);
 * a plain afterEach inside the describe would run before the file's own afterEach disposers.
 *
 * Limits: tracking is process-wide, so tests that run concurrently (describe.concurrent) blame each
 * other; a test that already failed is not checked again (its cleanup may not have run, and the
 * first error is the one to read).
 */

/** How long a finished test may take to let go of what it closed: a closed socket or a killed child
 * leaves the event loop within a few turns, a terminated worker within tens of ms; 1 s leaves
 * margin for a loaded CI machine. Paid in full only when something really leaked. */
export const SETTLE_BUDGET_MS = 1_000;
/** Event-loop turns to try before polling with timers: close callbacks run on the next turn. */
const SETTLE_IMMEDIATE_TURNS = 5;
/** Cap on the backoff between polls once turns are not enough (child process exit, worker exit). */
const SETTLE_MAX_POLL_MS = 50;

/** async_hooks types that keep the process alive, by the name process.getActiveResourcesInfo() uses. */
const TRACKED_TYPES: Readonly<Record<string, string>> = {
  Timeout: 'Timeout',
  Immediate: 'Immediate',
  TCPWRAP: 'TCPSocketWrap',
  TCPSERVERWRAP: 'TCPServerWrap',
  UDPWRAP: 'UDPWrap',
  PIPEWRAP: 'PipeWrap',
  PIPESERVERWRAP: 'PipeServerWrap',
  PROCESSWRAP: 'ProcessWrap',
  MESSAGEPORT: 'MessagePort',
  FSEVENTWRAP: 'FSEventWrap',
  STATWATCHER: 'StatWatcher',
  SIGNALWRAP: 'SignalWrap',
  TTYWRAP: 'TTYWrap',
};

/** One resource still running: its kind ('Timeout', 'UDPWrap', 'Worker', …) and where it was created. */
export interface Leak {
  kind: string;
  createdAt: string | undefined;
}

export interface LeakTracker {
  /** Resources created since start() that are still running, right now. */
  running(): Leak[];
  /** Waits (bounded by budgetMs, returning as soon as nothing is left) and returns what still runs. */
  settle(budgetMs?: number): Promise<Leak[]>;
  /** Stops tracking. */
  stop(): void;
}

interface Tracked {
  kind: string;
  createdAt: string | undefined;
  isRunning(): boolean;
}

/** The shape Node gives timers and handle wraps; `_destroyed` is set on timers once cleared or fired
 * (Timeout.hasRef() stays true after clearTimeout on Node 20). */
interface NodeResource {
  hasRef?: () => boolean | undefined;
  _destroyed?: boolean;
}

const trackers = new Set<Set<Tracked>>();
/** creationSite() of a resource vitest's own code made (reporter timers, RPC): never counted. */
const BY_VITEST = Symbol('created by vitest');
/** > 0 while the helper creates its own timers, so they are not tracked. */
let quiet = 0;
const cwd = process.cwd();
const thisFile = fileURLToPath(import.meta.url);

const asyncHook = createHook({
  init(_asyncId, type, _triggerAsyncId, resource) {
    if (quiet > 0 || trackers.size === 0) return;
    const kind = TRACKED_TYPES[type];
    if (kind === undefined) return;
    const site = untracked(creationSite); // reading a stack may run source-map code that makes resources
    if (site === BY_VITEST) return;
    const ref = new WeakRef<NodeResource>(resource);
    const isTimer = type === 'Timeout' || type === 'Immediate';
    add({
      kind,
      createdAt: site,
      isRunning() {
        const r = ref.deref();
        // Collected: nothing held it, so nothing was running.
        if (r === undefined || typeof r.hasRef !== 'function') return false;
        if (isTimer && r._destroyed === true) return false;
        return r.hasRef() === true;
      },
    });
  },
});

function onWorker(message: unknown): void {
  if (quiet > 0 || trackers.size === 0) return;
  const { worker } = message as { worker: Worker };
  const site = untracked(creationSite);
  if (site === BY_VITEST) return;
  let exited = false;
  worker.once('exit', () => { exited = true; });
  add({ kind: 'Worker', createdAt: site, isRunning: () => !exited });
}

function add(entry: Tracked): void {
  for (const tracked of trackers) tracked.add(entry);
}

/** The first stack frame outside Node and this file: the code that created the resource, or BY_VITEST
 * when vitest's own code did (its reporter timers and RPC). */
function creationSite(): string | typeof BY_VITEST | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frames = stack.split('\n').slice(1).map((line) => line.trim().replace(/^at /, ''))
    .filter((frame) => /[\\/]/.test(frame) && !frame.includes('node:') && !frame.includes(thisFile));
  const first = frames[0];
  if (first === undefined) return undefined;
  if (/[\\/]node_modules[\\/](@vitest|vitest|tinypool|birpc)[\\/]/.test(first)) return BY_VITEST;
  const own = frames.find((frame) => !/[\\/]node_modules[\\/]/.test(frame)) ?? first;
  return own.replace(/file:\/\/[^\s)]+/g, toPath).replace(cwd + '/', '');
}

/** A file URL from a stack frame as a path; never throws (an async hook that throws ends the process). */
function toPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    return url;
  }
}

/** Runs fn with the helper's own resource creation left untracked. */
function untracked<T>(fn: () => T): T {
  quiet++;
  try {
    return fn();
  } finally {
    quiet--;
  }
}

const nextTurn = (delayMs: number) => untracked(() => new Promise<void>((resolve) => {
  if (delayMs === 0) setImmediate(resolve);
  else setTimeout(resolve, delayMs);
}));

/** Starts recording the resources created from now on. */
export function startLeakTracking(): LeakTracker {
  const tracked = new Set<Tracked>();
  if (trackers.size === 0) {
    asyncHook.enable();
    subscribe('worker_threads', onWorker);
  }
  trackers.add(tracked);
  let stopped = false;

  const running = (): Leak[] => [...tracked]
    .filter((entry) => entry.isRunning())
    .map(({ kind, createdAt }) => ({ kind, createdAt }));

  return {
    running,
    async settle(budgetMs = SETTLE_BUDGET_MS) {
      const deadline = performance.now() + budgetMs;
      for (let turn = 0; ; turn++) {
        const left = running();
        if (left.length === 0 || performance.now() >= deadline) return left;
        const delayMs = turn < SETTLE_IMMEDIATE_TURNS ? 0 : Math.min(2 ** (turn - SETTLE_IMMEDIATE_TURNS), SETTLE_MAX_POLL_MS);
        await nextTurn(Math.min(delayMs, Math.max(0, deadline - performance.now())));
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      trackers.delete(tracked);
      if (trackers.size === 0) {
        asyncHook.disable();
        unsubscribe('worker_threads', onWorker);
      }
    },
  };
}

/** "1 Timeout, 1 UDPWrap left running after 'name'", then one line per leak with where it was created. */
export function formatLeaks(leaks: readonly Leak[], testName: string): string {
  const counts = new Map<string, number>();
  for (const { kind } of leaks) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  const summary = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([kind, n]) => `${n} ${kind}`).join(', ');
  const sites = leaks.map(({ kind, createdAt }) => `  ${kind} created at ${createdAt ?? '(unknown)'}`);
  return [`${summary} left running after '${testName}'`, ...sites].join('\n');
}

export interface LeakCheckOptions {
  /** Overrides SETTLE_BUDGET_MS for slow closers. */
  settleBudgetMs?: number;
}

/** Call inside a describe (or at the top of a file): every test in it fails if it leaves something running. */
export function useLeakCheck(options: LeakCheckOptions = {}): void {
  beforeEach((context) => {
    const tracker = startLeakTracking();
    context.onTestFinished(async () => {
      try {
        if (context.task.result?.state === 'fail') return;
        const leaks = await tracker.settle(options.settleBudgetMs);
        if (leaks.length > 0) throw new Error(formatLeaks(leaks, context.task.fullTestName ?? context.task.name));
      } finally {
        tracker.stop();
      }
    });
  });
}
