// Draws Stratus's icons in code and writes them as PNGs (no image tools needed):
//   npx tsx electron/build/generateIcons.ts
// into assets/icons: icon.png (1024², app icon for electron-builder on every OS); per tray state
// tray-<status>-{16,22,32}.png with their @2x (electron/main/trayIcons.ts picks one per OS) and
// tray-<status>.png (32², the first icon app.ts shows); and the macOS menu-bar template images
// trayTemplate.png / trayDisconnectedTemplate.png (16² + @2x, black and alpha only).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePng } from './png.js';

type Rgba = [number, number, number, number];
type Point = [number, number];
/** A shape in unit coordinates (0-1), tested per sub-sample. */
type Shape = { inside: (x: number, y: number) => boolean; color: Rgba };

const SUBSAMPLES = 4; // 4x4 per pixel: smooth edges at tray size

function polygon(points: Point[]): (x: number, y: number) => boolean {
  return (x, y) => {
    let inside = false;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i]!;
      const [xj, yj] = points[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
}

function roundedSquare(margin: number, radius: number): (x: number, y: number) => boolean {
  return (x, y) => {
    const lo = margin + radius;
    const hi = 1 - margin - radius;
    const cx = Math.min(Math.max(x, lo), hi);
    const cy = Math.min(Math.max(y, lo), hi);
    return x >= margin && x <= 1 - margin && y >= margin && y <= 1 - margin && (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
  };
}

function circle(cx: number, cy: number, r: number): (x: number, y: number) => boolean {
  return (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A top-down airliner silhouette pointing up, centred, about `size` of the canvas. */
function aircraft(size: number, cx = 0.5, cy = 0.52): (x: number, y: number) => boolean {
  const s = size / 2;
  const p = (x: number, y: number): Point => [cx + x * s, cy + y * s];
  return polygon([
    p(0, -1), p(0.09, -0.85), p(0.1, -0.3), p(0.95, 0.1), p(0.95, 0.25), p(0.1, 0.05), p(0.08, 0.65), p(0.38, 0.85), p(0.38, 0.97),
    p(0, 0.88), p(-0.38, 0.97), p(-0.38, 0.85), p(-0.08, 0.65), p(-0.1, 0.05), p(-0.95, 0.25), p(-0.95, 0.1), p(-0.1, -0.3), p(-0.09, -0.85),
  ]);
}

/** A radio-wave arc to the upper right: Stratus talks. */
function arc(cx: number, cy: number, r: number, width: number): (x: number, y: number) => boolean {
  return (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    const a = Math.atan2(cy - y, x - cx);
    return Math.abs(d - r) <= width / 2 && a > 0.15 && a < 1.4;
  };
}

function render(size: number, shapes: Shape[]): Uint8Array {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUBSAMPLES; sy++) {
        for (let sx = 0; sx < SUBSAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SUBSAMPLES) / size;
          const y = (py + (sy + 0.5) / SUBSAMPLES) / size;
          let c: Rgba = [0, 0, 0, 0];
          for (const s of shapes) if (s.inside(x, y)) c = s.color;
          const alpha = c[3] / 255;
          r += c[0] * alpha; g += c[1] * alpha; b += c[2] * alpha; a += alpha;
        }
      }
      const n = SUBSAMPLES * SUBSAMPLES;
      const i = (py * size + px) * 4;
      out[i] = a ? Math.round(r / a) : 0;
      out[i + 1] = a ? Math.round(g / a) : 0;
      out[i + 2] = a ? Math.round(b / a) : 0;
      out[i + 3] = Math.round((a / n) * 255);
    }
  }
  return out;
}

const white: Rgba = [255, 255, 255, 255];
export const trayColors: Record<string, Rgba> = {
  idle: [58, 141, 222, 255],
  listening: [46, 184, 92, 255],
  speaking: [155, 89, 230, 255],
  busy: [230, 160, 30, 255],
  disconnected: [120, 128, 138, 255],
};

export function appIcon(size: number): Uint8Array {
  return render(size, [
    { inside: roundedSquare(0.06, 0.2), color: [22, 44, 74, 255] },
    { inside: arc(0.5, 0.55, 0.3, 0.04), color: [90, 176, 255, 255] },
    { inside: arc(0.5, 0.55, 0.38, 0.04), color: [90, 176, 255, 200] },
    { inside: aircraft(0.62), color: white },
  ]);
}

export function trayIcon(size: number, color: Rgba, crossed: boolean): Uint8Array {
  const shapes: Shape[] = [{ inside: circle(0.5, 0.5, 0.48), color }, { inside: aircraft(0.74, 0.5, 0.53), color: white }];
  if (crossed) shapes.push({ inside: polygon([[0.18, 0.12], [0.88, 0.82], [0.82, 0.88], [0.12, 0.18]]), color: [220, 60, 60, 255] });
  return render(size, shapes);
}

/** Tray sizes in px at 1x: Windows draws 16, Linux panels 22, some Linux panels and docks 32. */
export const TRAY_SIZES_PX = [16, 22, 32];
/** The macOS menu bar's icon size in points (the @2x file doubles it). */
const TEMPLATE_PT = 16;
const black: Rgba = [0, 0, 0, 255];

/** A macOS template image: black shapes on transparency (macOS tints it), the aircraft inside a ring. */
export function trayTemplate(size: number, crossed: boolean): Uint8Array {
  const ring = circle(0.5, 0.5, 0.48);
  const hole = circle(0.5, 0.5, 0.4);
  const shapes: Shape[] = [{ inside: (x, y) => ring(x, y) && !hole(x, y), color: black }, { inside: aircraft(0.66, 0.5, 0.53), color: black }];
  if (crossed) shapes.push({ inside: polygon([[0.14, 0.08], [0.92, 0.86], [0.86, 0.92], [0.08, 0.14]]), color: black });
  return render(size, shapes);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = join(import.meta.dirname, '..', '..', 'assets', 'icons');
  writeFileSync(join(dir, 'icon.png'), encodePng(1024, 1024, appIcon(1024)));
  for (const [status, color] of Object.entries(trayColors)) {
    const crossed = status === 'disconnected';
    writeFileSync(join(dir, `tray-${status}.png`), encodePng(32, 32, trayIcon(32, color, crossed)));
    for (const px of TRAY_SIZES_PX) {
      writeFileSync(join(dir, `tray-${status}-${px}.png`), encodePng(px, px, trayIcon(px, color, crossed)));
      writeFileSync(join(dir, `tray-${status}-${px}@2x.png`), encodePng(px * 2, px * 2, trayIcon(px * 2, color, crossed)));
    }
  }
  for (const [name, crossed] of [['trayTemplate', false], ['trayDisconnectedTemplate', true]] as const) {
    writeFileSync(join(dir, `${name}.png`), encodePng(TEMPLATE_PT, TEMPLATE_PT, trayTemplate(TEMPLATE_PT, crossed)));
    writeFileSync(join(dir, `${name}@2x.png`), encodePng(TEMPLATE_PT * 2, TEMPLATE_PT * 2, trayTemplate(TEMPLATE_PT * 2, crossed)));
  }
  console.log(`icons written to ${dir}`);
}
