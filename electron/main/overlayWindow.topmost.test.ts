import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../core/config/common/configSchema.js';
import { OverlayWindow, TOPMOST_REASSERT_INTERVAL_MS } from './overlayWindow.js';
import { createFakeElectron, type FakeWindow } from './testing/fakeElectron.js';

const paths = { preload: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer' };

function make() {
  const fake = createFakeElectron();
  const overlay = new OverlayWindow(fake.deps, defaultConfig().overlay, paths, () => {}, false);
  const win = fake.windows[0] as FakeWindow;
  win.emit('ready-to-show');
  return { fake, overlay, win };
}

describe('overlay stays above the game', () => {
  afterEach(() => vi.useRealTimers());

  it('a blurred overlay is put back on top at the screen-saver level', () => {
    const { win } = make();
    win.coveredByGame();
    win.blur();
    expect(win.onTop).toBe(true);
    expect(win.alwaysOnTopCalls.at(-1)).toEqual({ flag: true, level: 'screen-saver' });
  });

  it('another of our windows taking focus re-asserts the overlay', () => {
    const { fake, win } = make();
    win.coveredByGame();
    fake.app.emit('browser-window-focus');
    expect(win.onTop).toBe(true);
  });

  it('re-asserts on a timer while visible, pauses while hidden and stops on dispose', () => {
    vi.useFakeTimers();
    const { overlay, win } = make();
    win.coveredByGame();
    vi.advanceTimersByTime(TOPMOST_REASSERT_INTERVAL_MS);
    expect(win.onTop).toBe(true);
    overlay.toggleVisible();
    const hiddenCalls = win.moveTopCalls;
    vi.advanceTimersByTime(TOPMOST_REASSERT_INTERVAL_MS * 3);
    expect(win.moveTopCalls).toBe(hiddenCalls);
    overlay.toggleVisible();
    win.coveredByGame();
    vi.advanceTimersByTime(TOPMOST_REASSERT_INTERVAL_MS);
    expect(win.onTop).toBe(true);
    overlay.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('interact mode (the hotkey: click-through off on every OS, Linux has no hover forwarding)', () => {
  it('toggles ignore-mouse-events and tells the overlay', () => {
    const { overlay, win } = make();
    expect(win.ignoreMouse.ignore).toBe(true);
    expect(overlay.toggleInteract()).toBe(true);
    expect(win.ignoreMouse.ignore).toBe(false);
    expect(win.focusable).toBe(true);
    expect(win.webContents.sent).toContainEqual({ channel: 'overlay:interact', args: [true] });
    // Hover leaving a control must not switch click-through back on while interact mode holds.
    overlay.setInteractive(false);
    expect(win.ignoreMouse.ignore).toBe(false);
    expect(overlay.toggleInteract()).toBe(false);
    expect(win.ignoreMouse).toEqual({ ignore: true, forward: true });
    expect(win.focusable).toBe(false);
    expect(win.webContents.sent).toContainEqual({ channel: 'overlay:interact', args: [false] });
  });
});
