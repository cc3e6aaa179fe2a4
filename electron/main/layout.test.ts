import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/common/configSchema.js';
import { chooseDisplay, OVERLAY_BASE_SIZE, overlayBounds } from './layout.js';

const primary = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const second = { id: 2, workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const all = [primary, second];

describe('overlay layout', () => {
  it('places presets inside the chosen display work area', () => {
    const cfg = { ...defaultConfig().overlay, position: 'top-right' as const };
    const b = overlayBounds(cfg, second, all);
    expect(b.x + b.width).toBe(1920 + 2560 - 16);
    expect(b.y).toBe(16);
    const bl = overlayBounds({ ...cfg, position: 'bottom-left' }, primary, all);
    expect(bl).toEqual({ x: 16, y: 1040 - OVERLAY_BASE_SIZE.height - 16, width: OVERLAY_BASE_SIZE.width, height: OVERLAY_BASE_SIZE.height });
    const tc = overlayBounds({ ...cfg, position: 'top-center' }, primary, all);
    expect(tc.x).toBe(Math.round((1920 - OVERLAY_BASE_SIZE.width) / 2));
  });
  it('scales the window with the overlay scale', () => {
    const b = overlayBounds({ ...defaultConfig().overlay, scale: 1.5 }, primary, all);
    expect(b.width).toBe(Math.round(OVERLAY_BASE_SIZE.width * 1.5));
  });
  it('remembers a custom place, but not one that is off every screen', () => {
    const bounds = { x: 2000, y: 100, width: 400, height: 300 };
    expect(overlayBounds({ ...defaultConfig().overlay, position: 'custom', bounds }, primary, all)).toEqual(bounds);
    const lost = overlayBounds({ ...defaultConfig().overlay, position: 'custom', bounds: { ...bounds, x: 9000 } }, primary, all);
    expect(lost.x).toBe(1920 - OVERLAY_BASE_SIZE.width - 16);
  });
  it('falls back to the primary display when the chosen monitor is gone', () => {
    expect(chooseDisplay(all, primary, 1)).toBe(second);
    expect(chooseDisplay(all, primary, 5)).toBe(primary);
  });
});
