import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { formatLeaks, startLeakTracking, useLeakCheck, type LeakTracker } from './leakCheck.js';

/** A budget short enough to keep the leaking cases quick, long enough for async closes. */
const TEST_SETTLE_MS = 300;
/** A worker that would run forever. */
const FOREVER_WORKER = 'setInterval(() => {}, 1000)';
/** A child process that would outlive the test (node rather than `sleep`: runs on every OS). */
const spawnLongChild = () => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' });

/** Runs body under a tracker and returns the kinds still running after settling, sorted. */
async function leftAfter(body: (tracker: LeakTracker) => unknown): Promise<string[]> {
  const tracker = startLeakTracking();
  try {
    await body(tracker);
    return (await tracker.settle(TEST_SETTLE_MS)).map((leak) => leak.kind).sort();
  } finally {
    tracker.stop();
  }
}

describe('leak check: what it finds', () => {
  it('reports a leaked interval, with the line that created it', async () => {
    let interval: NodeJS.Timeout | undefined;
    const tracker = startLeakTracking();
    try {
      interval = setInterval(() => {}, 1000);
      const leaks = await tracker.settle(TEST_SETTLE_MS);
      expect(leaks.map((leak) => leak.kind)).toEqual(['Timeout']);
      expect(leaks[0]?.createdAt).toMatch(/leakCheck\.test\.ts:\d+/);
      expect(formatLeaks(leaks, 'leaky test')).toMatch(/^1 Timeout left running after 'leaky test'\n {2}Timeout created at .*leakCheck\.test\.ts/);
    } finally {
      clearInterval(interval);
      tracker.stop();
    }
  });

  it('does not report timers that were cleared, have fired, or are unref\'d', async () => {
    const left = await leftAfter(async () => {
      clearTimeout(setTimeout(() => {}, 1000));
      clearInterval(setInterval(() => {}, 1000));
      await new Promise((resolve) => setTimeout(resolve, 1));
      const unrefd = setInterval(() => {}, 1000).unref();
      onTestFinished(() => clearInterval(unrefd));
    });
    expect(left).toEqual([]);
  });

  it('waits for a UDP socket that is closing, reports one left bound', async () => {
    let open: ReturnType<typeof createSocket> | undefined;
    const left = await leftAfter(async () => {
      const closing = createSocket('udp4');
      closing.bind(0, '127.0.0.1');
      await once(closing, 'listening');
      closing.close(); // closes on a later turn: the settle must wait for it
      open = createSocket('udp4');
      open.bind(0, '127.0.0.1');
      await once(open, 'listening');
    });
    open?.close();
    expect(left).toEqual(['UDPWrap']);
  });

  it('reports a listening TCP server', async () => {
    const server = createServer();
    try {
      const left = await leftAfter(async () => {
        server.listen(0, '127.0.0.1');
        await once(server, 'listening');
      });
      expect(left).toEqual(['TCPServerWrap']);
    } finally {
      server.close();
    }
  });

  it('reports a worker thread left running, not one being terminated', async () => {
    let running: Worker | undefined;
    try {
      const left = await leftAfter(async () => {
        const ending = new Worker(FOREVER_WORKER, { eval: true });
        await once(ending, 'online');
        void ending.terminate(); // not awaited: the settle waits for its exit
        running = new Worker(FOREVER_WORKER, { eval: true });
        running.unref(); // unref'd still counts: the thread runs
        await once(running, 'online');
      });
      expect(left).toEqual(['Worker']);
    } finally {
      await running?.terminate();
    }
  });

  it('waits for a killed child process to exit, reports one still running', async () => {
    const running = spawnLongChild();
    try {
      const left = await leftAfter(async () => {
        const killed = spawnLongChild();
        await once(killed, 'spawn');
        killed.kill(); // exit is reaped later: the settle waits for it
      });
      expect(left).toEqual([]); // `running` was spawned before tracking started: not this test's

      let late: ReturnType<typeof spawnLongChild> | undefined;
      const leftLate = await leftAfter(async () => {
        late = spawnLongChild();
        await once(late, 'spawn');
      });
      late?.kill();
      expect(leftLate).toEqual(['ProcessWrap']);
    } finally {
      running.kill();
    }
  });

  it('gives up after its budget, not before, and stops promptly when clean', async () => {
    const interval = setInterval(() => {}, 1000);
    onTestFinished(() => clearInterval(interval));
    const tracker = startLeakTracking();
    try {
      const leak = setInterval(() => {}, 1000);
      const started = performance.now();
      await tracker.settle(100);
      const leakyMs = performance.now() - started;
      clearInterval(leak);
      const cleanStarted = performance.now();
      expect(await tracker.settle(5_000)).toEqual([]);
      expect(leakyMs).toBeGreaterThanOrEqual(95);
      expect(leakyMs).toBeLessThan(1_000);
      expect(performance.now() - cleanStarted).toBeLessThan(100);
    } finally {
      tracker.stop();
    }
  });

  it('formats counts by kind', () => {
    const leaks = [
      { kind: 'UDPWrap', createdAt: 'core/sim/node/a.ts:1:1' },
      { kind: 'Timeout', createdAt: undefined },
    ];
    expect(formatLeaks(leaks, 'sim link > reads')).toBe(
      "1 Timeout, 1 UDPWrap left running after 'sim link > reads'\n  UDPWrap created at core/sim/node/a.ts:1:1\n  Timeout created at (unknown)",
    );
  });
});

// Cleanup that lives in an outer afterEach runs after the describe's own hooks: the check must wait for it.
const outerDisposers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (outerDisposers.length > 0) await outerDisposers.pop()?.();
});

describe('leak check: runs after every cleanup hook', () => {
  useLeakCheck();
  const innerDisposers: Array<() => void> = [];
  afterEach(() => {
    while (innerDisposers.length > 0) innerDisposers.pop()?.();
  });

  it('passes when an outer afterEach closes what the test opened', async () => {
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    outerDisposers.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  });

  it('passes when this describe\'s afterEach clears what the test started', () => {
    const interval = setInterval(() => {}, 1000);
    innerDisposers.push(() => clearInterval(interval));
  });

  it('passes when the test\'s own onTestFinished terminates its worker', async () => {
    const worker = new Worker(FOREVER_WORKER, { eval: true });
    onTestFinished(async () => {
      await worker.terminate();
    });
    await once(worker, 'online');
  });
});
