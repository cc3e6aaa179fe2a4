import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../core/config/common/configSchema.js';
import type { ModelFallback } from '../../../core/speech/common/models.js';
import { ModelDownloadError, ModelManager } from '../../../core/speech/node/modelManager.js';
import { ModelInUseError, ModelService } from '../../../core/speech/node/modelService.js';

/** A built CLI run (bin/stratus.js) downloads nothing here: it only lists, deletes and fails to connect. */
const CLI_TIMEOUT_MS = 60_000;
/** Refused on loopback comes back at once; a download that "hangs" instead would be the bug. */
const OFFLINE_FAILS_WITHIN_MS = 5_000;

/** A loopback port nothing listens on: bound once, then closed, so a connect is refused. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const root = join(import.meta.dirname, '..', '..', '..');
const home = mkdtempSync(join(tmpdir(), 'stratus-h5-models-'));
const models = join(home, 'models');
afterAll(() => rmSync(home, { recursive: true, force: true }));

function stratus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'stratus.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STRATUS_HOME: home, STRATUS_CONFIG: join(home, 'config.json') },
    timeout: CLI_TIMEOUT_MS,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Puts a model "downloaded" by hand into the folder: list and delete look at files, not contents. */
function place(id: string, bytes: number): string {
  mkdirSync(models, { recursive: true });
  const manager = new ModelManager(models);
  writeFileSync(manager.pathFor(id), Buffer.alloc(bytes, 1));
  writeFileSync(`${manager.pathFor(id)}.sha256`, 'ab'.repeat(32));
  return manager.pathFor(id);
}

describe('model download offline', () => {
  let port = 0;
  beforeAll(async () => {
    port = await refusedPort();
  });

  it('explains a refused connection and gives the manual route (ModelManager)', async () => {
    const url = `http://127.0.0.1:${port}/ggml-offline.bin`;
    const started = performance.now();
    const err = await new ModelManager(join(home, 'm1')).download({ id: 'offline', url }).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(OFFLINE_FAILS_WITHIN_MS);
    expect(err).toBeInstanceOf(ModelDownloadError);
    expect((err as ModelDownloadError).kind).toBe('offline');
    expect((err as ModelDownloadError).url).toBe(url);
    const message = (err as Error).message;
    expect(message).toContain(`Could not reach 127.0.0.1:${port}`);
    expect(message).toContain('ECONNREFUSED');
    expect(message).toContain(`Download ${url} on another computer, then run \`stratus model use FILE\``);
    expect(message).not.toMatch(/^download of .* failed: fetch failed$/);
  });

  it('says the same through the built CLI, exit 1', () => {
    const url = `http://127.0.0.1:${port}/ggml-offline.bin`;
    const r = stratus('model', 'download', 'offline', '--url', url);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`Could not reach 127.0.0.1:${port}`);
    expect(r.stderr).toContain(`Download ${url} on another computer, then run \`stratus model use FILE\``);
  });
});

describe('model delete', () => {
  it('deletes a model that is not in use and reports what it freed', async () => {
    const dir = join(home, 'svc');
    const manager = new ModelManager(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(manager.pathFor('small.en'), Buffer.alloc(3000, 1));
    writeFileSync(`${manager.pathFor('small.en')}.part`, Buffer.alloc(500, 1));
    const fallbacks: ModelFallback[] = [];
    const svc = new ModelService(dir, () => {}, async () => {}, async (f) => void fallbacks.push(f));
    const stt = defaultConfig().speech.stt; // base.en selected
    const result = await svc.delete('small.en', () => stt, false);
    expect(result.freedBytes).toBe(3500);
    expect(result.fallback).toBeUndefined();
    expect(existsSync(manager.pathFor('small.en'))).toBe(false);
    expect(result.models.find((m) => m.id === 'small.en')).toMatchObject({ installed: false, bytes: 0 });
    expect(fallbacks).toEqual([]);
    await expect(svc.delete('small.en', () => stt, false)).rejects.toThrow(/not downloaded/);
  });

  it('asks before deleting the model in use, then switches recognition to another installed model', async () => {
    const dir = join(home, 'svc2');
    const manager = new ModelManager(dir);
    mkdirSync(dir, { recursive: true });
    writeFileSync(manager.pathFor('base.en'), Buffer.alloc(2000, 1));
    writeFileSync(manager.pathFor('tiny.en'), Buffer.alloc(1000, 1));
    let stt = defaultConfig().speech.stt;
    const svc = new ModelService(dir, () => {}, async () => {}, async (f) => {
      stt = { ...stt, ...f, modelPath: null };
    });
    const refused = await svc.delete('base.en', () => stt, false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ModelInUseError);
    expect((refused as Error).message).toMatch(/base\.en is the model speech recognition uses: confirm .* switches to tiny\.en/);
    expect(existsSync(manager.pathFor('base.en'))).toBe(true);
    const done = await svc.delete('base.en', () => stt, true);
    expect(done.fallback).toBe('tiny.en');
    expect(stt).toMatchObject({ engine: 'whisper', whisperModel: 'tiny.en' });
    expect(done.models.find((m) => m.id === 'tiny.en')?.selected).toBe(true);
    expect(existsSync(manager.pathFor('base.en'))).toBe(false);
    // The last model: PocketSphinx takes over.
    const last = await svc.delete('tiny.en', () => stt, true);
    expect(last.fallback).toBe('PocketSphinx');
    expect(stt.engine).toBe('pocketsphinx');
  });

  it('lists sizes on disk with a total, and deletes through the built CLI (--yes for the model in use)', () => {
    place('tiny.en', 2 * 1024 * 1024);
    place('base.en', 1024 * 1024);
    const list = stratus('model', 'list');
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/tiny\.en .*installed, 2\.0 MB on disk/);
    expect(list.stdout).toMatch(/base\.en .*installed, 1\.0 MB on disk \(selected\)/);
    expect(list.stdout).toMatch(/small\.en .*not downloaded/);
    expect(list.stdout).toContain(`total on disk: 3.0 MB in ${models}`);

    const plain = stratus('model', 'delete', 'tiny.en');
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toContain('deleted tiny.en: 2.0 MB freed');

    const inUse = stratus('model', 'delete', 'base.en');
    expect(inUse.status).toBe(2);
    expect(inUse.stderr).toMatch(/base\.en is the model speech recognition uses.*PocketSphinx \(add --yes\)/);
    expect(existsSync(join(models, 'ggml-base.en.bin'))).toBe(true);

    const yes = stratus('model', 'delete', 'base.en', '--yes');
    expect(yes.status, yes.stderr).toBe(0);
    expect(yes.stdout).toContain('speech recognition now uses PocketSphinx');
    const config = JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')) as { speech: { stt: { engine: string } } };
    expect(config.speech.stt.engine).toBe('pocketsphinx');
    expect(stratus('model', 'delete', 'small.en').stderr).toMatch(/small\.en is not downloaded/);
  });
});
