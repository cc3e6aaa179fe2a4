import type { Rectangle } from 'electron';
import type { Config } from '../../core/config/common/configSchema.js';
import type { DisplayLike } from './shellTypes.js';

export type OverlayConfig = Config['overlay'];

/** The overlay's natural size at scale 1 (the renderer lays out for this width). */
export const OVERLAY_BASE_SIZE = { width: 380, height: 460 } as const;
/** Gap between the overlay and the screen edge for the presets. */
const EDGE_MARGIN_PX = 16;

/** The display the user chose, falling back to the primary one if it is gone (unplugged monitor). */
export function chooseDisplay(all: DisplayLike[], primary: DisplayLike, index: number): DisplayLike {
  return all[index] ?? primary;
}

/** Where the overlay goes: the remembered bounds when they still fit a display, else the preset. */
export function overlayBounds(cfg: OverlayConfig, display: DisplayLike, all: DisplayLike[]): Rectangle {
  const width = Math.round(OVERLAY_BASE_SIZE.width * cfg.scale);
  const height = Math.round(OVERLAY_BASE_SIZE.height * cfg.scale);
  if (cfg.position === 'custom' && cfg.bounds && all.some((d) => intersects(d.workArea, cfg.bounds!))) {
    return { x: Math.round(cfg.bounds.x), y: Math.round(cfg.bounds.y), width: Math.round(cfg.bounds.width), height: Math.round(cfg.bounds.height) };
  }
  const wa = display.workArea;
  const preset = cfg.position === 'custom' ? 'top-right' : cfg.position;
  const [vertical, horizontal] = preset.split('-') as ['top' | 'bottom', 'left' | 'center' | 'right'];
  const x = horizontal === 'left' ? wa.x + EDGE_MARGIN_PX : horizontal === 'right' ? wa.x + wa.width - width - EDGE_MARGIN_PX : wa.x + Math.round((wa.width - width) / 2);
  const y = vertical === 'top' ? wa.y + EDGE_MARGIN_PX : wa.y + wa.height - height - EDGE_MARGIN_PX;
  return { x, y, width, height };
}

function intersects(a: Rectangle, b: Rectangle): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
