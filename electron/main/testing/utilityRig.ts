import { afterEach } from 'vitest';
import { conditions as waitConditions } from '../../../core/input/testing/conditions.js';
import { FakeUtilityProcess } from './fakeElectron.js';

/** How long a test waits for a condition before it fails (a Node child starting on a loaded 2-core machine). */
export const WAIT_MS = 15_000;
/** A host's ready timeout in tests: long enough for a Node child to start on a loaded 2-core machine, short enough for the hang tests. */
export const TEST_READY_TIMEOUT_MS = 3_000;
/** Restart delays in tests: real timers, kept short. */
export const TEST_BACKOFF = { baseMs: 20, maxMs: 40, healthyRunMs: 60_000 };
/** The supervision options the host tests share (real clock, short limits). */
export const TEST_SUPERVISION = { now: (): number => performance.now(), readyTimeoutMs: TEST_READY_TIMEOUT_MS, backoff: TEST_BACKOFF };

/** Waits on the callbacks of a host under test for up to WAIT_MS (see core/input/testing/conditions.ts). */
export function conditions(seen?: () => string): ReturnType<typeof waitConditions> {
  return waitConditions(WAIT_MS, seen);
}

/**
 * Forks fake utility processes (Node children) for the hosts under test; after each test every
 * host kept is disposed and every child killed. Call once at the top of a test file.
 */
export function utilityRig(): { fork(modulePath: string, execArgv?: string[]): FakeUtilityProcess; children: FakeUtilityProcess[]; keep<H extends { dispose(): void }>(host: H): H } {
  const hosts: { dispose(): void }[] = [];
  const children: FakeUtilityProcess[] = [];
  afterEach(() => {
    for (const h of hosts.splice(0)) h.dispose();
    for (const c of children.splice(0)) c.kill();
  });
  return {
    fork(modulePath, execArgv) {
      const c = new FakeUtilityProcess(modulePath, execArgv);
      children.push(c);
      return c;
    },
    children,
    keep(host) {
      hosts.push(host);
      return host;
    },
  };
}
