// Runs after `npm install` in this folder. npm 11 blocks dependency install scripts unless
// package.json allows them, and Electron's would fail the whole install where its runtime
// cannot be downloaded (build machines, CI). So its download is tried here instead: on a pilot's
// PC it fetches the runtime and `npm start` opens the desktop app; where it cannot, one line
// says so and `npm start` runs the headless overlay.
// With the runtime present, the native add-ons that are not N-API are rebuilt for Electron's ABI
// (scripts/rebuildNative.js; today all of them are N-API, so nothing is). One line either way.
// Nothing here fails the install.
import { downloadElectronRuntime, electronRuntimePresent, electronVersion, nativePackages, rebuildForElectron, rebuildPlan } from './rebuildNative.js';

async function main() {
  const version = electronVersion();
  if (!version) return; // production install without dev dependencies: no desktop app to prepare
  if (!electronRuntimePresent()) {
    if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return;
    const why = downloadElectronRuntime();
    if (why) {
      console.log(`Stratus: the Electron runtime could not be downloaded (${why}); \`npm start\` will run the headless overlay instead.`);
      return;
    }
  }
  try {
    console.log(`Stratus: ${await rebuildForElectron(rebuildPlan(nativePackages()), version, { quiet: true })}.`);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    console.log(`Stratus: ${why}; the desktop app will not load those modules until \`node scripts/rebuildNative.js\` (which shows the build log) succeeds. The headless overlay is unaffected.`);
  }
}

await main().catch((e) => console.log(`Stratus: native module check skipped (${e instanceof Error ? e.message : String(e)}).`));
