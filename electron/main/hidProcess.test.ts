import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HidProcessHost, type HidHostStatus } from './hidProcess.js';
import { conditions, TEST_READY_TIMEOUT_MS, TEST_SUPERVISION, utilityRig } from './testing/utilityRig.js';

const hid = join(import.meta.dirname, 'testing/hidFixtures');
const hook = join(import.meta.dirname, 'testing/hookFixtures');
const BINDING = { vendorId: 1, productId: 2, product: 'Stick', serialNumber: '', button: 1, rawBit: null, label: 'Stick button 1' };

const forks = utilityRig();
const children = forks.children;

function host(script: string, maxRestarts: number) {
  const statuses: HidHostStatus[] = [];
  const buttons: boolean[] = [];
  const logs: string[] = [];
  const { wake, until } = conditions(() => `; ${JSON.stringify({ statuses, logs })}`);
  const h = new HidProcessHost({
    fork: () => forks.fork(script),
    onButton: (p) => (buttons.push(p), wake()),
    onStatus: (s) => (statuses.push(s), wake()),
    log: (l) => (logs.push(l), wake()),
    ...TEST_SUPERVISION,
    maxRestarts,
  });
  forks.keep(h);
  return { h, statuses, buttons, logs, until };
}

describe('HidProcessHost: node-hid in its own process', () => {
  it('a HID process that hangs (no ready) is killed after the ready timeout and restarted', async () => {
    const t = host(join(hook, 'hang.mjs'), 1);
    t.h.start();
    await t.until(() => t.logs.some((l) => /giving up after 1 restarts/.test(l)), 'the host to give up');
    expect(t.logs[0]).toBe(`hotas: HOTAS input unavailable: the HID process did not start within ${TEST_READY_TIMEOUT_MS} ms; restarting the HID process in 20 ms`);
    expect(children).toHaveLength(2);
    expect(t.statuses.map((s) => s.state)).toEqual(['starting', 'unavailable', 'starting', 'unavailable']);
  });

  it('a process that dies while the button is held: the press is released, binds in flight answer null, malformed messages are dropped', async () => {
    const t = host(join(hid, 'holdThenDie.mjs'), 0);
    t.h.start();
    await t.until(() => t.h.status.state === 'running', 'ready');
    const bind = t.h.bind(10_000);
    t.h.watch(BINDING);
    await t.until(() => t.h.status.state === 'unavailable', 'the crash');
    expect(t.buttons).toEqual([true, false]);
    expect(t.logs).toContain('hotas: ignored a malformed message from the HID process');
    const answer = await bind;
    expect(answer.binding).toBeNull();
    expect(answer.note).toMatch(/^HOTAS input unavailable: the HID process ended/);
  });

  it('bind before the process is ready answers at once with why', async () => {
    const t = host(join(hook, 'hang.mjs'), 0);
    t.h.start();
    expect(await t.h.bind()).toEqual({ binding: null, note: 'the HID process is starting' });
  });
});
