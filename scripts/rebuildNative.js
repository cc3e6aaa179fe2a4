// Native add-ons for Electron: finds the add-ons the app ships, tells which are tied to one Node
// ABI, and rebuilds those (only those) for the installed Electron with @electron/rebuild.
//
// Why only those: an N-API add-on (NAPI_MODULE, node-addon-api, napi-rs) is ABI-stable, so the
// binary built or prebuilt for Node loads unchanged in Electron. Rebuilding it would only add a C++
// toolchain and a download of Electron's headers to every install. An add-on written against V8
// or NAN is compiled for one NODE_MODULE_VERSION and must be compiled again for Electron's.
//
// What this finds for the add-ons Stratus loads (electron/packaging.test.ts checks it still holds):
//   naudiodon 2.3         N-API: src/naudiodon.cc uses NAPI_MODULE; compiled from source at install.
//   onnxruntime-node 1.30 N-API: prebuilt bin/napi-v6/<platform>/<arch>/onnxruntime_binding.node.
//   @fugood/whisper.node  N-API: src/addons.cc uses NODE_API_MODULE (node-addon-api); its binaries
//                         come prebuilt in @fugood/node-whisper-<platform>-<arch>[-vulkan|-cuda].
//   uiohook-napi 1.5      N-API: NAPI_MODULE_INIT; `prebuildify --napi` prebuilds.
//   segfault-handler      a local no-op package (npm override): it has no add-on.
// So today nothing gets rebuilt. The check stays so that a V8/NAN add-on added later is rebuilt
// instead of failing in Electron with "was compiled against a different Node.js version". Once
// rebuilt, such an add-on no longer loads in plain Node (headless overlay, CLI, tests), so
// N-API dependencies remain the better choice.
//
// Used by scripts/postinstall.js once the Electron runtime is present, and by `npm run dist`
// (`node scripts/rebuildNative.js`), which fails when the runtime cannot be obtained.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000; // ~100 MB on a slow line

/** @typedef {'napi' | 'node-abi' | 'unknown'} AddonAbi */
/** @typedef {{ file: string, abi: AddonAbi }} Addon  file: relative to the project, '/'-separated */
/** @typedef {{ name: string, dir: string, buildable: boolean, addons: Addon[] }} NativePackage */
/** @typedef {{ napi: string[], rebuild: string[], stuck: string[] }} RebuildPlan */

/**
 * Symbol names of an add-on that registers through N-API: NAPI_MODULE exports
 * napi_register_module_v1 (older headers call napi_module_register from a static constructor).
 */
const NAPI_MARKERS = ['napi_register_module_v1', 'napi_module_register'];
/**
 * Symbol names of an add-on tied to one Node ABI: the NODE_MODULE registration (node_module_register,
 * or an exported node_register_module_v<ABI>) and V8's C++ API, in Itanium mangling (Linux, macOS)
 * and MSVC decoration (Windows).
 */
const NODE_ABI_MARKERS = ['node_module_register', 'node_register_module_v', '_ZN2v8', '@v8@@'];

/**
 * The ABI of a compiled add-on, from the symbol names it imports and exports. It searches the raw
 * bytes instead of parsing the symbol table, so the same check covers ELF, Mach-O and PE binaries
 * (packages ship prebuilds for every platform). Dynamic symbols cannot be stripped, so the
 * names are always present. Reads in chunks: some add-ons (whisper with CUDA) are ~200 MB.
 * @param {string} file
 * @param {number} [chunkBytes]
 * @returns {AddonAbi}
 */
export function addonAbi(file, chunkBytes = 4 << 20) {
  const napi = NAPI_MARKERS.map((m) => Buffer.from(m, 'latin1'));
  const nodeAbi = NODE_ABI_MARKERS.map((m) => Buffer.from(m, 'latin1'));
  const overlap = Math.max(...[...napi, ...nodeAbi].map((m) => m.length)) - 1; // a marker may straddle two chunks
  const buf = Buffer.alloc(overlap + chunkBytes);
  const fd = openSync(file, 'r');
  let seenNapi = false;
  try {
    let carry = 0;
    for (;;) {
      const n = readSync(fd, buf, carry, chunkBytes, null);
      if (n === 0) break;
      const view = buf.subarray(0, carry + n);
      if (nodeAbi.some((m) => view.includes(m))) return 'node-abi'; // any V8 use ties it to one ABI
      seenNapi ||= napi.some((m) => view.includes(m));
      carry = Math.min(overlap, view.length);
      buf.copyWithin(0, view.length - carry, view.length);
    }
  } finally {
    closeSync(fd);
  }
  return seenNapi ? 'napi' : 'unknown';
}

/** The compiled add-ons (*.node) in a package, outside its own node_modules. */
function addonFiles(dir) {
  /** @type {string[]} */
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue; // nested packages are visited as packages
    const p = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...addonFiles(p));
    else if (entry.isFile() && entry.name.endsWith('.node')) files.push(p);
  }
  return files;
}

/** Where Node would find package `name` required from `fromDir`, staying inside the project. */
function resolvePackageDir(root, fromDir, name) {
  for (let d = fromDir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (d === root || dirname(d) === d) return undefined;
  }
}

/** What a package needs at run time (its peers too: npm installs them, and they get loaded). */
function runtimeDeps(pkgJson) {
  return Object.keys({ ...pkgJson.dependencies, ...pkgJson.optionalDependencies, ...pkgJson.peerDependencies });
}

/**
 * The packages the app ships (the project's dependencies and theirs, as installed; optional
 * platform packages that are not installed are skipped) that carry or build a native add-on.
 * @param {string} [root]
 * @returns {NativePackage[]}
 */
export function nativePackages(root = projectRoot) {
  /** @type {NativePackage[]} */
  const found = [];
  const seen = new Set();
  const app = readJson(join(root, 'package.json'));
  const queue = Object.keys({ ...app.dependencies, ...app.optionalDependencies }).map((name) => ({ from: root, name }));
  while (queue.length > 0) {
    const { from, name } = /** @type {{ from: string, name: string }} */ (queue.shift());
    const dir = resolvePackageDir(root, from, name);
    if (!dir) continue;
    const real = realpathSync(dir);
    if (seen.has(real)) continue;
    seen.add(real);
    queue.push(...runtimeDeps(readJson(join(dir, 'package.json'))).map((dep) => ({ from: real, name: dep })));
    const buildable = existsSync(join(dir, 'binding.gyp'));
    const addons = addonFiles(dir).map((f) => ({ file: relative(root, f).split(sep).join('/'), abi: addonAbi(f) }));
    if (buildable || addons.length > 0) found.push({ name, dir, buildable, addons });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Which native packages must be rebuilt for Electron. A package whose add-ons are all N-API loads
 * as it is. One with any other add-on (tied to Node's ABI, or unrecognised), or with a
 * binding.gyp but no compiled add-on yet, must be compiled for Electron: `rebuild` when it has a
 * binding.gyp (what @electron/rebuild builds), `stuck` when it ships only a prebuilt binary.
 * @param {Pick<NativePackage, 'name' | 'buildable' | 'addons'>[]} packages
 * @returns {RebuildPlan}
 */
export function rebuildPlan(packages) {
  /** @type {RebuildPlan} */
  const plan = { napi: [], rebuild: [], stuck: [] };
  for (const p of packages) {
    const abiStable = p.addons.length > 0 && p.addons.every((a) => a.abi === 'napi');
    const list = abiStable ? plan.napi : p.buildable ? plan.rebuild : plan.stuck;
    if (!list.includes(p.name)) list.push(p.name);
  }
  return plan;
}

/** The installed Electron package's version, or undefined in a production install. */
export function electronVersion() {
  try {
    return /** @type {{ version: string }} */ (require('electron/package.json')).version;
  } catch {
    return undefined;
  }
}

/** Whether Electron's runtime binary is installed (the npm package alone does not include it). */
export function electronRuntimePresent() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

/**
 * Runs Electron's own download of its runtime (the package's install script, which npm 11 does not
 * run here). Returns undefined on success, else one short reason.
 * @returns {string | undefined}
 */
export function downloadElectronRuntime() {
  let installer;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    return 'the electron package is not installed';
  }
  const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: DOWNLOAD_TIMEOUT_MS, encoding: 'utf8' });
  if (r.status === 0 && electronRuntimePresent()) return undefined;
  return (r.stderr ?? '').split('\n').find((l) => /Error|ENOTFOUND|ECONN|EAI_AGAIN/.test(l))?.trim() ?? (r.error ? r.error.message : `exit ${r.status}`);
}

/**
 * Rebuilds the packages of the plan for Electron `version`. Resolves to one line for the console;
 * rejects with one line when a package could not be made loadable. `quiet` keeps node-gyp's log
 * (which @electron/rebuild prints with console.error on failure) off the console.
 * @param {RebuildPlan} plan
 * @param {string} version
 * @param {{ root?: string, quiet?: boolean }} [options]
 * @returns {Promise<string>}
 */
export async function rebuildForElectron(plan, version, { root = projectRoot, quiet = false } = {}) {
  if (plan.stuck.length > 0) {
    throw new Error(`${plan.stuck.join(', ')} ship${plan.stuck.length === 1 ? 's' : ''} a binary built for Node's ABI and no sources to rebuild for Electron ${version}`);
  }
  if (plan.rebuild.length === 0) return `native modules ready for Electron ${version}: all N-API, nothing to rebuild (${plan.napi.join(', ')})`;
  const { rebuild } = await import('@electron/rebuild'); // only here: a production install has no dev dependencies
  const consoleError = console.error;
  if (quiet) console.error = () => {};
  try {
    // onlyModules: the N-API packages stay as installed (a rebuild would need a toolchain for nothing).
    await rebuild({ buildPath: root, electronVersion: version, onlyModules: plan.rebuild, mode: 'sequential' });
  } catch (e) {
    const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new Error(`could not rebuild ${plan.rebuild.join(', ')} for Electron ${version} (${why})`, { cause: e });
  } finally {
    console.error = consoleError;
  }
  // "built": @electron/rebuild skips a module it already built for this Electron.
  return `native modules ready for Electron ${version}: ${plan.rebuild.join(', ')} built for it${plan.napi.length > 0 ? `; N-API as installed: ${plan.napi.join(', ')}` : ''}`;
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * `node scripts/rebuildNative.js` (first step of `npm run dist`): the runtime must be present or
 * downloadable, since electron-builder packages it, and the native modules must load in it.
 */
async function main() {
  const version = electronVersion();
  if (!version) return fail('the electron package is not installed; run `npm ci` (with dev dependencies) first.');
  if (!electronRuntimePresent()) {
    const why = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : downloadElectronRuntime();
    if (why) {
      return fail(
        `the Electron ${version} runtime is not installed and could not be downloaded (${why}). ` +
          'electron-builder packages that runtime, so packaging needs github.com (or ELECTRON_MIRROR) once; it is cached afterwards.',
      );
    }
  }
  try {
    console.log(`Stratus: ${await rebuildForElectron(rebuildPlan(nativePackages()), version)}.`);
  } catch (e) {
    return fail(`${e instanceof Error ? e.message : String(e)}.`);
  }
}

function fail(message) {
  console.error(`Stratus: cannot package: ${message}`);
  process.exitCode = 1;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
