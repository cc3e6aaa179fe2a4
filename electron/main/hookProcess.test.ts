import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hookAvailability, MACOS_ACCESSIBILITY_URL } from './hookAvailability.js';
import { HookProcessHost, type HookStatus } from './hookProcess.js';
import { parseHookMessage } from './hookProtocol.js';
import { conditions, TEST_READY_TIMEOUT_MS, TEST_SUPERVISION, utilityRig } from './testing/utilityRig.js';

const fixtures = join(import.meta.dirname, 'testing/hookFixtures');
/**
 * The real entry is compiled by tsx and loads uiohook-napi before it can abort: on two cores busy
 * with the whole suite that took over 9 s once, so the host waits long enough never to mistake it for a hang.
 */
const REAL_HOOK_START_MS = 60_000;

const forks = utilityRig();
const children = forks.children;

function host(script: string, maxRestarts: number) {
  const statuses: HookStatus[] = [];
  const inputs: { kind: string; code: number; pressed: boolean }[] = [];
  const logs: string[] = [];
  const { wake, until } = conditions(() => `; statuses ${JSON.stringify(statuses)}`);
  const h = new HookProcessHost({
    fork: () => forks.fork(join(fixtures, script)),
    availability: () => ({ ok: true }),
    onInput: (e) => {
      inputs.push(e);
      wake();
    },
    onStatus: (s) => {
      statuses.push(s);
      wake();
    },
    log: (l) => {
      logs.push(l);
      wake();
    },
    ...TEST_SUPERVISION,
    maxRestarts,
  });
  forks.keep(h);
  return { h, statuses, inputs, logs, until };
}

describe('HookProcessHost: the input hook in its own process', () => {
  it('a hook process that aborts (SIGABRT) leaves this process running, reports why, and is restarted a bounded number of times', async () => {
    const t = host('abort.mjs', 2);
    t.h.start();
    await t.until(() => t.logs.some((l) => /giving up after 2 restarts/.test(l)), 'the host to give up');
    expect(children).toHaveLength(3);
    for (const c of children) expect(c.child.signalCode ?? c.child.exitCode).toBeTruthy();
    expect(children.some((c) => c.child.signalCode === 'SIGABRT')).toBe(true);
    const last = t.h.status;
    expect(last.state === 'unavailable' && last.reason).toMatch(/^push-to-talk key unavailable: the input hook process ended \(code \d+\)$/);
    expect(t.statuses.filter((s) => s.state === 'starting')).toHaveLength(3);
  });

  it('a hook process that hangs (no ready) is killed after the ready timeout and reported unavailable', async () => {
    const t = host('hang.mjs', 0);
    t.h.start();
    await t.until(() => t.h.status.state === 'unavailable', 'the ready timeout');
    expect(t.h.status).toMatchObject({ reason: `push-to-talk key unavailable: the input hook did not start within ${TEST_READY_TIMEOUT_MS} ms` });
    await new Promise<void>((resolve) => (children[0]!.exited !== null ? resolve() : children[0]!.child.once('exit', () => resolve())));
    expect(children[0]!.child.signalCode).toBe('SIGKILL');
  });

  it('a working hook process says ready with its key table and forwards input; malformed messages are dropped', async () => {
    const t = host('working.mjs', 0);
    t.h.start();
    await t.until(() => t.h.status.state === 'running', 'ready');
    children[0]!.postMessage({ type: 'input', kind: 'key', code: 'not a number', pressed: true });
    children[0]!.postMessage({ type: 'input', kind: 'key', code: 91, pressed: true });
    // Messages arrive in order: once the good one is through, the malformed one was handled.
    await t.until(() => t.inputs.length > 0, 'the forwarded key');
    expect(t.inputs).toEqual([{ kind: 'key', code: 91, pressed: true }]);
    expect(t.logs).toContain('global push-to-talk: ignored a malformed message from the input hook');
  });

  // The product's own entry (hookProcessEntry.ts) with the real uiohook-napi, where there is no X
  // display: uiohook aborts its process ("XOpenDisplay failure", SIGABRT). The host must survive.
  const realAbort = process.platform === 'linux' && !process.env.DISPLAY;
  if (!realAbort) console.log('skipping the real-uiohook abort test: it needs Linux without an X display (DISPLAY is set or not Linux)');
  it.skipIf(!realAbort)('the real hook entry with the real uiohook-napi and no X display aborts its own process only', { timeout: REAL_HOOK_START_MS + 10_000 }, async () => {
    const entry = join(import.meta.dirname, 'hookProcessEntry.ts');
    const statuses: HookStatus[] = [];
    const h = new HookProcessHost({
      fork: () => forks.fork(entry, ['--import', 'tsx']),
      // The guard is bypassed on purpose: this is what happened before it existed.
      availability: () => ({ ok: true }),
      onInput: () => {},
      onStatus: (s) => statuses.push(s),
      log: () => {},
      now: () => performance.now(),
      readyTimeoutMs: REAL_HOOK_START_MS,
      maxRestarts: 0,
    });
    forks.keep(h);
    h.start();
    await new Promise<void>((resolve) => children[0]!.child.once('exit', () => resolve()));
    expect(children[0]!.child.signalCode).toBe('SIGABRT');
    expect(h.status.state).toBe('unavailable');
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'unavailable']);
  });

  it('does not start a process where the hook cannot work', () => {
    const t = host('abort.mjs', 3);
    const blocked = new HookProcessHost({
      fork: () => {
        throw new Error('must not fork');
      },
      availability: () => ({ ok: false, reason: 'push-to-talk key unavailable: no X display (DISPLAY is not set)' }),
      onInput: () => {},
      onStatus: (s) => t.statuses.push(s),
      log: () => {},
      now: () => 0,
    });
    blocked.start();
    expect(t.statuses).toEqual([{ state: 'unavailable', reason: 'push-to-talk key unavailable: no X display (DISPLAY is not set)' }]);
    blocked.dispose();
  });
});

describe('hookAvailability', () => {
  it('macOS without Accessibility: the reason and the System Settings page, checked without prompting', () => {
    const prompts: boolean[] = [];
    const a = hookAvailability({ platform: 'darwin', env: {}, isTrustedAccessibilityClient: (p) => (prompts.push(p), false) });
    expect(a).toEqual({ ok: false, reason: 'push-to-talk key unavailable: grant Accessibility to Stratus', action: { label: 'Open Accessibility settings', url: MACOS_ACCESSIBILITY_URL } });
    expect(prompts).toEqual([false]);
    expect(hookAvailability({ platform: 'darwin', env: {}, isTrustedAccessibilityClient: () => true })).toEqual({ ok: true });
  });

  it('Linux needs an X display: Wayland-only and no display say so', () => {
    expect(hookAvailability({ platform: 'linux', env: { DISPLAY: ':0' } })).toEqual({ ok: true });
    const wayland = hookAvailability({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } });
    expect(!wayland.ok && wayland.reason).toMatch(/^push-to-talk key unavailable: Wayland-only session/);
    const none = hookAvailability({ platform: 'linux', env: {} });
    expect(!none.ok && none.reason).toBe('push-to-talk key unavailable: no X display (DISPLAY is not set)');
    expect(hookAvailability({ platform: 'win32', env: {} })).toEqual({ ok: true });
  });

  it('parses only well-formed hook messages', () => {
    expect(parseHookMessage({ type: 'ready', keys: { F13: 91 } })).toEqual({ type: 'ready', keys: { F13: 91 } });
    expect(parseHookMessage({ type: 'ready', keys: { F13: '91' } })).toBeNull();
    expect(parseHookMessage('ready')).toBeNull();
    expect(parseHookMessage({ type: 'error', message: 'x' })).toEqual({ type: 'error', message: 'x' });
  });
});
