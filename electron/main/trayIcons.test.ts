import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TrayStatus } from './trayMenu.js';
import { trayIconFileFor } from './trayIcons.js';

const iconDir = join(import.meta.dirname, '..', '..', 'assets', 'icons');
const STATUSES: TrayStatus[] = ['idle', 'listening', 'speaking', 'busy', 'disconnected'];

/** Width, height and the unfiltered RGBA rows of one of our PNGs (8-bit RGBA, filter 0, as png.ts writes). */
function decode(file: string): { width: number; height: number; rgba: Buffer } {
  const buf = readFileSync(join(iconDir, file));
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let off = 8; off < buf.length; ) {
    const len = buf.readUInt32BE(off);
    if (buf.toString('ascii', off + 4, off + 8) === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.concat(Array.from({ length: height }, (_, y) => raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1))));
  return { width, height, rgba };
}

describe('tray icons per platform', () => {
  it('ships every status at 16, 22 and 32 px, each with its @2x for high-DPI screens', () => {
    for (const status of STATUSES)
      for (const px of [16, 22, 32]) {
        expect(decode(`tray-${status}-${px}.png`)).toMatchObject({ width: px, height: px });
        expect(decode(`tray-${status}-${px}@2x.png`)).toMatchObject({ width: px * 2, height: px * 2 });
      }
  });

  it('macOS gets template images: black and alpha only, 16 pt (+@2x), the menu bar tints them', () => {
    for (const file of ['trayTemplate.png', 'trayTemplate@2x.png', 'trayDisconnectedTemplate.png', 'trayDisconnectedTemplate@2x.png']) {
      const { width, rgba } = decode(file);
      expect(width).toBe(file.includes('@2x') ? 32 : 16);
      let opaque = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        expect(rgba[i]! + rgba[i + 1]! + rgba[i + 2]!).toBe(0);
        if (rgba[i + 3]! > 128) opaque++;
      }
      expect(opaque).toBeGreaterThan(width * 2); // a drawing, not an empty square
    }
    expect(decode('trayDisconnectedTemplate.png').rgba.equals(decode('trayTemplate.png').rgba)).toBe(false);
  });

  it('picks the size each OS draws: 16 px on Windows, 22 px on Linux, the template on macOS; every pick exists', () => {
    expect(trayIconFileFor('idle', 'win32')).toBe('tray-idle-16.png');
    expect(trayIconFileFor('busy', 'linux')).toBe('tray-busy-22.png');
    expect(trayIconFileFor('speaking', 'darwin')).toBe('trayTemplate.png');
    expect(trayIconFileFor('disconnected', 'darwin')).toBe('trayDisconnectedTemplate.png');
    for (const platform of ['win32', 'linux', 'darwin', 'freebsd'] as const)
      for (const status of STATUSES) expect(existsSync(join(iconDir, trayIconFileFor(status, platform))), `${platform} ${status}`).toBe(true);
  });
});
