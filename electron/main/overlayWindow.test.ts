import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../core/config/common/configSchema.js';
import { OverlayWindow } from './overlayWindow.js';
import { createFakeElectron, type FakeWindow } from './testing/fakeElectron.js';

const paths = { preload: '/app/out/preload/index.cjs', rendererDir: '/app/out/renderer' };

function make(over: Partial<ReturnType<typeof defaultConfig>['overlay']> = {}, startHidden = false) {
  const fake = createFakeElectron();
  const saved: unknown[] = [];
  const overlay = new OverlayWindow(fake.deps, { ...defaultConfig().overlay, ...over }, paths, (b) => saved.push(b), startHidden);
  return { fake, overlay, win: fake.windows[0] as FakeWindow, saved };
}

describe('overlay window', () => {
  afterEach(() => vi.useRealTimers());

  it('is frameless, transparent, on top, out of the taskbar, unfocusable and sandboxed', () => {
    const { win } = make();
    expect(win.options).toMatchObject({
      frame: false,
      transparent: true,
      alwaysOnTop: true,
      skipTaskbar: true,
      focusable: false,
      show: false,
      webPreferences: { preload: paths.preload, contextIsolation: true, sandbox: true, nodeIntegration: false, backgroundThrottling: false },
    });
    expect(win.alwaysOnTop).toEqual({ flag: true, level: 'screen-saver' });
    expect(win.ignoreMouse).toEqual({ ignore: true, forward: true });
    expect(win.loaded).toBe('/app/out/renderer/index.html');
  });

  it('shows without taking focus once ready, or stays hidden when starting minimised', () => {
    const shown = make();
    expect(shown.win.visible).toBe(false);
    shown.win.emit('ready-to-show');
    expect(shown.win.showInactiveCalls).toBe(1);
    expect(shown.win.focused).toBe(false);
    const hidden = make({}, true);
    hidden.win.emit('ready-to-show');
    expect(hidden.win.visible).toBe(false);
  });

  it('applies opacity, scale (zoom) and content protection from config', () => {
    const { win, overlay } = make({ opacity: 0.6, scale: 1.25, contentProtection: true });
    win.emit('ready-to-show');
    expect(win.opacity).toBe(0.6);
    expect(win.contentProtection).toBe(true);
    expect(win.webContents.zoomFactor).toBe(1.25);
    overlay.applyConfig({ ...defaultConfig().overlay, opacity: 0.9, position: 'bottom-left' });
    expect(win.opacity).toBe(0.9);
    expect(win.contentProtection).toBe(false);
    expect(win.bounds.x).toBe(16);
  });

  it('edit-layout mode takes the mouse, allows move/resize, and saves the new place on leaving', () => {
    vi.useFakeTimers();
    const { win, overlay, saved } = make();
    overlay.setEditLayout(true);
    expect(win.ignoreMouse.ignore).toBe(false);
    expect(win.focusable).toBe(true);
    expect(win.resizable).toBe(true);
    expect(win.movable).toBe(true);
    expect(win.webContents.sent).toContainEqual({ channel: 'overlay:editLayout', args: [true] });
    win.userMoves({ x: 300, y: 200 });
    overlay.setEditLayout(false);
    expect(saved).toEqual([{ x: 300, y: 200, width: win.bounds.width, height: win.bounds.height }]);
    expect(win.ignoreMouse).toEqual({ ignore: true, forward: true });
    expect(win.focusable).toBe(false);
    expect(win.resizable).toBe(false);
  });

  it('does not save a place when edit-layout ends without a move, and ignores moves outside it', () => {
    const { win, overlay, saved } = make();
    win.userMoves({ x: 5 });
    overlay.setEditLayout(true);
    overlay.setEditLayout(false);
    expect(saved).toEqual([]);
  });

  it('takes input only while the pointer is over a control', () => {
    const { win, overlay } = make();
    overlay.setInteractive(true);
    expect(win.ignoreMouse.ignore).toBe(false);
    expect(win.focusable).toBe(true);
    overlay.setInteractive(false);
    expect(win.ignoreMouse).toEqual({ ignore: true, forward: true });
  });
});
