import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
interface AfterPackModule {
  relocateRunpath(file: string): { before: string; after: string } | null;
  default(context: { appOutDir: string; electronPlatformName: string }): Promise<void>;
}
const hook = (await import(pathToFileURL(join(import.meta.dirname, 'afterPack.mjs')).href)) as AfterPackModule;
const release = join(root, 'node_modules/naudiodon/build/Release');
/** The dynamic section's RUNPATH/RPATH as the system's own tool reads it. */
const runpath = (file: string): string | undefined => /\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[([^\]]*)\]/.exec(spawnSync('readelf', ['-d', file], { encoding: 'utf8' }).stdout)?.[1];
const linuxElf = process.platform === 'linux' && spawnSync('readelf', ['--version']).status === 0;
if (!linuxElf) console.warn('[packaging] skipping the naudiodon RUNPATH checks: they need Linux and readelf');

describe.skipIf(!linuxElf)('packaged naudiodon finds its own libportaudio (Linux)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stratus-afterpack-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('electron-builder.yml runs the hook', () => {
    const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { afterPack?: string };
    expect(config.afterPack).toBe('./electron/build/afterPack.mjs');
  });

  it('the add-on as built points at the build machine (what a pilot’s PC does not have)', () => {
    expect(runpath(join(release, 'naudiodon.node'))).toMatch(/^\//);
  });

  it('rewrites the packaged copy to $ORIGIN, and the copy loads with only the library beside it', () => {
    // A packaged layout: the add-on and libportaudio.so.2 in app.asar.unpacked, as asarUnpack puts them.
    const appOutDir = join(scratch, 'linux-unpacked');
    const dir = join(appOutDir, 'resources/app.asar.unpacked/node_modules/naudiodon/build/Release');
    mkdirSync(dir, { recursive: true });
    for (const f of ['naudiodon.node', 'libportaudio.so.2']) copyFileSync(join(release, f), join(dir, f));
    const addon = join(dir, 'naudiodon.node');
    const original = readFileSync(addon);

    return hook.default({ appOutDir, electronPlatformName: 'linux' }).then(() => {
      expect(runpath(addon)).toBe('$ORIGIN');
      expect(readFileSync(addon).length).toBe(original.length);
      expect(hook.relocateRunpath(addon)).toBeNull(); // already relative: left alone
      // The system has no PortAudio of its own here, so this loads only through $ORIGIN.
      const probe = join(scratch, 'probe.cjs');
      writeFileSync(probe, `const m = require(${JSON.stringify(addon)}); process.stdout.write(Object.getOwnPropertyNames(m).sort().join(','));`);
      const r = spawnSync(process.execPath, [probe], { encoding: 'utf8', env: { ...process.env, LD_LIBRARY_PATH: '' } });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/getDevices/);
    });
  });

  it('leaves other platforms’ packages alone', async () => {
    await expect(hook.default({ appOutDir: join(scratch, 'nowhere'), electronPlatformName: 'win32' })).resolves.toBeUndefined();
  });
});
