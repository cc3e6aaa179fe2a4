import { afterEach, describe, expect, it, vi } from 'vitest';
import { CrashReloader, RENDERER_CRASH_LIMIT, RENDERER_RELOAD_BASE_MS } from './crashReload.js';
import { createFakeElectron, type FakeWindow } from './testing/fakeElectron.js';

function make() {
  const fake = createFakeElectron();
  const win = fake.deps.createWindow({}) as FakeWindow;
  const logs: string[] = [];
  const notices: string[] = [];
  const reloader = new CrashReloader(win, { name: 'overlay', log: (l) => logs.push(l), notify: (_t, b) => notices.push(b), now: () => Date.now() });
  return { win, logs, notices, reloader };
}

describe('renderer crash reload', () => {
  afterEach(() => vi.useRealTimers());

  it('logs a crash and reloads the page after a backoff', () => {
    vi.useFakeTimers();
    const { win, logs } = make();
    win.webContents.crash('crashed', 139);
    expect(logs.join('\n')).toMatch(/overlay: page crashed \(crashed, exit 139\); reloading in \d+ ms/);
    vi.advanceTimersByTime(RENDERER_RELOAD_BASE_MS - 1);
    expect(win.webContents.reloads).toBe(0);
    vi.advanceTimersByTime(1);
    expect(win.webContents.reloads).toBe(1);
    // The next crash soon after waits longer.
    win.webContents.crash('oom');
    vi.advanceTimersByTime(RENDERER_RELOAD_BASE_MS);
    expect(win.webContents.reloads).toBe(1);
    vi.advanceTimersByTime(RENDERER_RELOAD_BASE_MS);
    expect(win.webContents.reloads).toBe(2);
  });

  it('gives up after repeated crashes and shows a notice', () => {
    vi.useFakeTimers();
    const { win, notices, logs } = make();
    for (let i = 0; i < RENDERER_CRASH_LIMIT; i++) {
      win.webContents.crash();
      vi.runOnlyPendingTimers();
    }
    expect(win.webContents.reloads).toBe(RENDERER_CRASH_LIMIT - 1);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Copy diagnostics');
    expect(logs.at(-1)).toContain('not reloading it again');
  });

  it('a window closing is not a crash, and a closed window is never reloaded', () => {
    vi.useFakeTimers();
    const { win } = make();
    win.webContents.crash('clean-exit', 0);
    win.webContents.crash();
    win.close();
    win.webContents.emit('destroyed');
    vi.runOnlyPendingTimers();
    expect(win.webContents.reloads).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
