import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sileroModelPath } from '../native/sileroModel.js';
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
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  allowScripts: Record<string, boolean>;
};

type AddonAbi = 'napi' | 'node-abi' | 'unknown';
interface NativePackage {
  name: string;
  dir: string;
  buildable: boolean;
  addons: { file: string; abi: AddonAbi }[];
}
interface RebuildPlan {
  napi: string[];
  rebuild: string[];
  stuck: string[];
}
/** scripts/rebuildNative.js is plain JS (npm runs it before anything is built): its API, typed here. */
interface RebuildNative {
  addonAbi(file: string, chunkBytes?: number): AddonAbi;
  nativePackages(root?: string): NativePackage[];
  rebuildPlan(packages: Pick<NativePackage, 'name' | 'buildable' | 'addons'>[]): RebuildPlan;
}
const native = (await import(pathToFileURL(join(root, 'scripts/rebuildNative.js')).href)) as RebuildNative;
let installedNatives: NativePackage[] | undefined;
/** The native packages installed for the app, scanned once (the add-ons weigh ~300 MB). */
const shippedNatives = (): NativePackage[] => (installedNatives ??= native.nativePackages(root));

/** electron-builder globs: `**` any depth, `*` within one path segment. */
function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '@@').replace(/\*/g, '[^/]*').replace(/@@/g, '.*');
  return new RegExp(`^${re}$`);
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

  it('targets NSIS + portable on Windows, AppImage + deb on Linux and dmg (+ the zip electron-updater applies) on macOS', () => {
    expect(builder.win.target.map((t) => t.target)).toEqual(['nsis', 'portable']);
    expect(builder.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(builder.mac.target.map((t) => t.target)).toEqual(['dmg', 'zip']);
  });

  it('unpacks every add-on the app ships, the libraries beside it and the Silero model from the asar', () => {
    const patterns = builder.asarUnpack.map(globToRegExp);
    const covered = (p: string): boolean => patterns.some((re) => re.test(p));
    const natives = shippedNatives();
    const host = `${process.platform}-${process.arch}`;
    expect(natives.map((p) => p.name)).toEqual(expect.arrayContaining(['naudiodon', 'onnxruntime-node', `@fugood/node-whisper-${host}`, 'uiohook-napi']));
    // Each add-on and the shared libraries in its folder (libportaudio, libonnxruntime, DLLs).
    const files = natives.flatMap((p) => p.addons.map((a) => a.file));
    const libs = files.flatMap((f) => readdirSync(join(root, dirname(f))).filter((n) => /\.(so(\.\d+)*|dll|dylib)$/.test(n)).map((n) => `${dirname(f)}/${n}`));
    expect(libs).toEqual(expect.arrayContaining([expect.stringMatching(/portaudio[^/]*$/), expect.stringMatching(/onnxruntime[^/]*$/)]));
    expect([...files, ...libs].filter((f) => !covered(f))).toEqual([]);
    // The model is loaded from where native/sileroModel.ts finds it, by onnxruntime's native code.
    const model = sileroModelPath();
    expect(model).toBeDefined();
    expect(covered(relative(root, model!).split('\\').join('/'))).toBe(true);
  });

  it('leaves native rebuilds to scripts/rebuildNative.js (npmRebuild off)', () => {
    expect(builder.npmRebuild).toBe(false);
  });

  it("keeps electron-builder's default deb dependencies next to the app's own", () => {
    // A custom `depends` replaces the defaults (what Electron itself needs) instead of adding to them.
    const fpm = createRequire(join(root, 'node_modules/app-builder-lib/package.json'))('./out/targets/FpmTarget.js') as {
      default: { prototype: { getDefaultDepends(target: string): string[] } };
    };
    const defaults = fpm.default.prototype.getDefaultDepends('deb');
    expect(defaults).toContain('libnss3');
    expect((builder.deb as { depends: string[] }).depends).toEqual([...defaults, 'libasound2', 'libportaudio2', 'libgomp1', 'espeak-ng', 'libpocketsphinx3', 'pocketsphinx-en-us', 'libudev1', 'libusb-1.0-0']);
    // whisper.cpp's add-on is built with OpenMP: without libgomp.so.1 it does not load (no speech
    // recognition at all), and neither Electron's defaults nor a minimal desktop install bring it.
    const whisper = `node_modules/@fugood/node-whisper-${process.platform}-${process.arch}/index.node`;
    const readelf = process.platform === 'linux' ? spawnSync('readelf', ['-d', join(root, whisper)], { encoding: 'utf8' }) : undefined;
    if (readelf?.status === 0) expect(readelf.stdout).toContain('[libgomp.so.1]');
    // node-hid's hidraw add-on (the one shipped for Linux) links libudev and libusb-1.0.
    const hid = process.platform === 'linux' ? spawnSync('readelf', ['-d', join(root, `node_modules/node-hid/prebuilds/HID_hidraw-linux-${process.arch}/node-napi-v4.node`)], { encoding: 'utf8' }) : undefined;
    if (hid?.status === 0) expect(hid.stdout).toMatch(/\[libudev\.so\.1\][\s\S]*\[libusb-1\.0\.so\.0\]/);
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

describe('packaging tools', () => {
  it('are dev dependencies: electron-builder and @electron/rebuild, never shipped', () => {
    for (const tool of ['electron-builder', '@electron/rebuild']) {
      expect(pkg.devDependencies[tool]).toMatch(/^\^\d+\.\d+\.\d+$/);
      expect(pkg.dependencies[tool]).toBeUndefined();
      expect(pkg.optionalDependencies?.[tool]).toBeUndefined();
      expect(existsSync(join(root, 'node_modules', tool, 'package.json'))).toBe(true);
    }
  });

  it('`npm run dist` checks the runtime and native modules, builds, then packages for this platform per electron-builder.yml', () => {
    const steps = pkg.scripts.dist?.split('&&').map((s) => s.trim()) ?? [];
    expect(steps[0]).toBe('node scripts/rebuildNative.js');
    expect(steps[1]).toBe('electron-vite build');
    expect(steps[2]).toMatch(/^electron-builder\b/);
    expect(steps).toHaveLength(3);
    // No platform flag (electron-builder then builds for the current one) and no other config file.
    expect(steps[2]).not.toMatch(/\s(-[wlm]|--win|--windows|--linux|--mac|--macos|-c|--config)(\s|=|$)/);
  });

  it('install without scripts that allowScripts has not decided (electron-builder fetches its tools when packaging)', () => {
    // npm 11 runs only the install scripts allowScripts lists; an unlisted one is skipped silently.
    // electron-winstaller (an auto-installed peer of electron-builder, for Squirrel.Windows, which is
    // not a target here) only copies a 7z.exe that its package already ships, so skipping it is fine.
    const skippedOnPurpose = ['electron-winstaller'];
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.filter((name) => !(name in pkg.allowScripts) && !skippedOnPurpose.includes(name))).toEqual([]);
    const squirrel = (builder.win.target as { target: string }[]).some((t) => t.target === 'squirrel');
    expect(squirrel).toBe(false);
  });
});

describe('native add-ons in Electron', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stratus-native-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** A stand-in add-on: only the symbol names matter to the ABI check. */
  function fakeAddon(path: string, ...symbols: string[]): string {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\0', 'latin1'), ...symbols.map((s) => Buffer.from(`\0${s}\0`, 'latin1')), Buffer.alloc(64)]));
    return path;
  }

  it('are all N-API, so nothing is rebuilt (as scripts/rebuildNative.js says)', () => {
    const natives = shippedNatives();
    const plan = native.rebuildPlan(natives);
    const host = `${process.platform}-${process.arch}`;
    expect(plan.napi).toEqual(expect.arrayContaining(['naudiodon', 'onnxruntime-node', 'uiohook-napi', `@fugood/node-whisper-${host}`]));
    // Every add-on that ships loads in Electron: N-API, or listed for @electron/rebuild, never stuck.
    for (const p of natives) expect(plan.napi.includes(p.name) || plan.rebuild.includes(p.name)).toBe(true);
    expect(plan.stuck).toEqual([]);
    // If this changes, update the findings in the comment at the top of scripts/rebuildNative.js.
    expect(plan.rebuild).toEqual([]);
    // @fugood/whisper.node's own folder holds no add-on: its binaries come in the platform packages.
    expect(plan.napi).not.toContain('@fugood/whisper.node');
    expect(natives.some((p) => p.name === 'segfault-handler')).toBe(false); // the no-op override
  });

  it('checks the very binaries the modules load on this host', () => {
    const files = shippedNatives().flatMap((p) => p.addons.filter((a) => a.abi === 'napi').map((a) => a.file));
    const onnxArch = `${process.platform}/${process.arch}`;
    expect(files).toEqual(
      expect.arrayContaining([
        'node_modules/naudiodon/build/Release/naudiodon.node',
        `node_modules/onnxruntime-node/bin/napi-v6/${onnxArch}/onnxruntime_binding.node`,
        `node_modules/uiohook-napi/prebuilds/${process.platform}-${process.arch}/uiohook-napi.node`,
        `node_modules/@fugood/node-whisper-${process.platform}-${process.arch}/index.node`,
      ]),
    );
  });

  it('tells an N-API add-on from one tied to Node’s ABI by its symbols, in any binary format', () => {
    const abi = (name: string, ...symbols: string[]): AddonAbi => native.addonAbi(fakeAddon(join(scratch, 'abi', `${name}.node`), ...symbols));
    expect(abi('napi', 'napi_create_function', 'napi_register_module_v1')).toBe('napi');
    expect(abi('napi-old', 'napi_module_register')).toBe('napi');
    expect(abi('macho', '_napi_register_module_v1')).toBe('napi');
    expect(abi('node-module', 'node_module_register', '_ZN2v811HandleScopeC1EPNS_7IsolateE')).toBe('node-abi');
    expect(abi('context-aware', 'node_register_module_v115')).toBe('node-abi');
    expect(abi('msvc-nan', '?New@String@v8@@SA?AV?$MaybeLocal@VString@v8@@@2@PEAVIsolate@2@PEBD@Z')).toBe('node-abi');
    expect(abi('hybrid', 'napi_register_module_v1', '_ZN2v87Isolate10GetCurrentEv')).toBe('node-abi'); // any V8 use ties it
    expect(abi('none', 'main', 'printf')).toBe('unknown');
    // A name split across two read chunks is still found.
    const split = fakeAddon(join(scratch, 'abi', 'split.node'), 'xx', 'napi_register_module_v1');
    for (const chunk of [3, 7, 8, 11]) expect(native.addonAbi(split, chunk)).toBe('napi');
  });

  const headers = [join(dirname(process.execPath), '..', 'include', 'node'), '/usr/include/node'].find((d) => existsSync(join(d, 'node.h')));
  const cxx = spawnSync('c++', ['--version']).status === 0;
  it.skipIf(!headers || !cxx)('classifies real add-ons compiled here against Node’s headers, which Node loads', () => {
    const sources: Record<string, [string, AddonAbi]> = {
      'nan-style.cc': ['#include <node.h>\nstatic void Init(v8::Local<v8::Object> exports) { NODE_SET_METHOD(exports, "x", [](const v8::FunctionCallbackInfo<v8::Value>& a) { a.GetReturnValue().Set(1); }); }\nNODE_MODULE(NODE_GYP_MODULE_NAME, Init)\n', 'node-abi'],
      'context-aware.cc': ['#include <node.h>\nNODE_MODULE_INIT() { exports->Set(context, v8::String::NewFromUtf8(context->GetIsolate(), "x").ToLocalChecked(), v8::Integer::New(context->GetIsolate(), 1)).Check(); }\n', 'node-abi'],
      'napi.cc': ['#include <node_api.h>\nstatic napi_value Init(napi_env env, napi_value exports) { napi_value v; napi_create_int32(env, 1, &v); napi_set_named_property(env, exports, "x", v); return exports; }\nNAPI_MODULE(NODE_GYP_MODULE_NAME, Init)\n', 'napi'],
    };
    const dir = join(scratch, 'compiled');
    mkdirSync(dir, { recursive: true });
    const require = createRequire(import.meta.url);
    for (const [file, [code, expected]] of Object.entries(sources)) {
      const name = file.replace(/\W/g, '_');
      const out = join(dir, `${name}.node`);
      writeFileSync(join(dir, file), code);
      const cc = spawnSync('c++', ['-shared', '-fPIC', '-std=c++17', `-DNODE_GYP_MODULE_NAME=${name}`, `-I${headers}`, join(dir, file), '-o', out, ...(process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [])], { encoding: 'utf8' });
      expect(cc.status, cc.stderr).toBe(0);
      expect(spawnSync('strip', [process.platform === 'darwin' ? '-x' : '--strip-unneeded', out]).status).toBe(0); // dynamic symbols survive
      expect((require(out) as { x?: unknown }).x).toBeDefined(); // a genuine add-on
      expect(native.addonAbi(out)).toBe(expected);
    }
  }, 120_000); // V8's headers make each compile take seconds

  it('plans a rebuild only for add-ons that are not N-API, and flags those it cannot rebuild', () => {
    const napi = { file: 'a.node', abi: 'napi' as const };
    const nodeAbi = { file: 'b.node', abi: 'node-abi' as const };
    const unknown = { file: 'c.node', abi: 'unknown' as const };
    const plan = native.rebuildPlan([
      { name: 'prebuilt-napi', buildable: false, addons: [napi] },
      { name: 'gyp-napi', buildable: true, addons: [napi, napi] },
      { name: 'nan', buildable: true, addons: [nodeAbi] },
      { name: 'mixed', buildable: true, addons: [napi, nodeAbi] },
      { name: 'odd', buildable: true, addons: [unknown] },
      { name: 'unbuilt', buildable: true, addons: [] },
      { name: 'prebuilt-nan', buildable: false, addons: [nodeAbi] },
      { name: 'prebuilt-odd', buildable: false, addons: [napi, unknown] },
    ]);
    expect(plan).toEqual({ napi: ['prebuilt-napi', 'gyp-napi'], rebuild: ['nan', 'mixed', 'odd', 'unbuilt'], stuck: ['prebuilt-nan', 'prebuilt-odd'] });
    expect(native.rebuildPlan([])).toEqual({ napi: [], rebuild: [], stuck: [] });
  });

  it('finds the add-ons of the shipped dependency tree only, as installed', () => {
    const app = join(scratch, 'app');
    const nm = join(app, 'node_modules');
    const pkgJson = (dir: string, json: object): void => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify(json));
    };
    pkgJson(app, { name: 'app', dependencies: { 'napi-prebuilt': '1', 'nan-gyp': '1', plain: '1' }, optionalDependencies: { 'not-installed': '1' }, devDependencies: { 'dev-native': '1' } });
    pkgJson(join(nm, 'napi-prebuilt'), { name: 'napi-prebuilt', optionalDependencies: { 'napi-prebuilt-linux': '1', 'napi-prebuilt-win32': '1' } });
    pkgJson(join(nm, 'napi-prebuilt-linux'), { name: 'napi-prebuilt-linux' });
    fakeAddon(join(nm, 'napi-prebuilt-linux', 'index.node'), 'napi_register_module_v1');
    pkgJson(join(nm, 'nan-gyp'), { name: 'nan-gyp', dependencies: { 'nested-nan': '1' } });
    writeFileSync(join(nm, 'nan-gyp', 'binding.gyp'), '{}');
    fakeAddon(join(nm, 'nan-gyp', 'build', 'Release', 'nan.node'), 'node_module_register');
    pkgJson(join(nm, 'nan-gyp', 'node_modules', 'nested-nan'), { name: 'nested-nan' }); // a second copy, nested
    fakeAddon(join(nm, 'nan-gyp', 'node_modules', 'nested-nan', 'prebuilds', 'linux-x64', 'n.node'), 'node_register_module_v137');
    pkgJson(join(nm, 'plain'), { name: 'plain', dependencies: { 'napi-prebuilt': '1' } });
    mkdirSync(join(nm, 'plain', 'folder.node')); // a folder named *.node is no add-on
    pkgJson(join(nm, 'dev-native'), { name: 'dev-native' });
    fakeAddon(join(nm, 'dev-native', 'x.node'), 'node_module_register');

    const found = native.nativePackages(app);
    expect(found.map((p) => [p.name, p.buildable, p.addons])).toEqual([
      ['nan-gyp', true, [{ file: 'node_modules/nan-gyp/build/Release/nan.node', abi: 'node-abi' }]],
      ['napi-prebuilt-linux', false, [{ file: 'node_modules/napi-prebuilt-linux/index.node', abi: 'napi' }]],
      ['nested-nan', false, [{ file: 'node_modules/nan-gyp/node_modules/nested-nan/prebuilds/linux-x64/n.node', abi: 'node-abi' }]],
    ]);
    expect(native.rebuildPlan(found)).toEqual({ napi: ['napi-prebuilt-linux'], rebuild: ['nan-gyp'], stuck: ['nested-nan'] });
  });
});
