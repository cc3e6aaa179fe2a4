import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

/**
 * Engine worker threads, built beside out/main/index.js: the engine finds them as siblings of its
 * own module URL (siblingUrl / telemetryWorkerUrl), so they and all shared chunks sit in out/main/.
 */
const workerEntries = Object.fromEntries(
  [
    ['audioWorker', 'core/audio/node/audioWorker.ts'],
    ['whisperWorker', 'core/speech/node/whisperWorker.ts'],
    ['pocketsphinxWorker', 'core/speech/node/pocketsphinxWorker.ts'],
    ['telemetryWorker', 'core/sim/node/telemetryWorker.ts'],
    ['wavDecodeWorker', 'core/audio/node/wavDecodeWorker.ts'],
    ['piperWorker', 'core/speech/node/piperWorker.ts'],
    // The child process the speech engines' workers run in (WorkerClient isolation 'process'):
    // found beside the chunk that holds spawnWorker.ts, like the workers.
    ['processHost', 'core/base/node/processHost.ts'],
    // The global input hook's utility process (HookProcessHost forks out/main/hookProcess.js).
    ['hookProcess', 'electron/main/hookProcessEntry.ts'],
    // Joystick/HOTAS buttons through node-hid (HidProcessHost forks out/main/hidProcess.js).
    ['hidProcess', 'electron/main/hidProcessEntry.ts'],
  ]
    .filter(([, file]) => existsSync(resolve(root, file!)))
    .map(([name, file]) => [name!, resolve(root, file!)]),
);

/**
 * One build for the three Electron bundles. The renderer output (out/renderer) is also what the
 * headless host serves, so it must not depend on Electron: it reaches the engine through
 * renderer/lib/bridge.ts, which picks the preload API or the WebSocket.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: { index: resolve(root, 'electron/main/index.ts'), ...workerEntries }, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: { output: { chunkFileNames: '[name]-[hash].js' } },
      // Native modules and npm deps stay external (electron-vite's default) so asarUnpack can find them.
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload must be CommonJS and may require only 'electron'.
      lib: { entry: resolve(root, 'electron/preload/index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [svelte()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      reportCompressedSize: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'renderer/index.html'),
          settings: resolve(root, 'renderer/settings.html'),
        },
      },
    },
  },
});
