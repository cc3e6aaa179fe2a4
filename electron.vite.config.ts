import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const root = import.meta.dirname;

/**
 * One build for the three Electron bundles. The renderer output (out/renderer) is also what the
 * headless host serves, so it must not depend on Electron: it reaches the engine through
 * renderer/lib/bridge.ts, which picks the preload API or the WebSocket.
 */
export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'electron/main/index.ts'), formats: ['es'], fileName: () => 'index.js' },
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
