import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelDownloadError, ModelManager, type DownloadProgress } from '../../../core/speech/node/modelManager.js';
import { randomWhisperModel } from './randomWhisperModel.js';

/** A local model server on 127.0.0.1 with HTTP Range support and misbehaviour switches. */
const MODEL = randomWhisperModel();
const MODEL_SHA = createHash('sha256').update(MODEL).digest('hex');
let mode: 'ok' | 'corrupt' | 'drop-half' | 'lmgg-random' = 'ok';
const rangeRequests: string[] = [];

function handler(req: IncomingMessage, res: ServerResponse): void {
  const range = /bytes=(\d+)-/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  if (range) rangeRequests.push(req.headers.range!);
  let body = mode === 'lmgg-random' ? Buffer.concat([Buffer.from('lmgg'), randomBytes(1 << 20)]) : MODEL.subarray(start);
  if (mode === 'corrupt') {
    body = Buffer.from(body);
    body[body.length - 1] = body[body.length - 1]! ^ 0xff;
  }
  res.writeHead(range ? 206 : 200, { 'content-length': body.length, ...(range ? { 'content-range': `bytes ${start}-${MODEL.length - 1}/${MODEL.length}` } : {}) });
  if (mode === 'drop-half') {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(body);
}

describe('ModelManager downloads (local server)', () => {
  let server: Server;
  let url = '';
  const dir = mkdtempSync(join(tmpdir(), 'stratus-models-'));
  const manager = new ModelManager(join(dir, 'models'));

  beforeAll(async () => {
    server = createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ggml-test.bin`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the catalogue with install state', () => {
    const ids = manager.list().map((m) => [m.id, m.installed]);
    expect(ids).toEqual([
      ['tiny.en', false],
      ['base.en', false],
      ['small.en', false],
    ]);
  });

  it('downloads with progress, verifies SHA-256 and installs atomically', async () => {
    mode = 'ok';
    const progress: DownloadProgress[] = [];
    const path = await manager.download({ id: 'test-ok', url, sha256: MODEL_SHA }, { onProgress: (p) => progress.push(p) });
    expect(readFileSync(path).equals(MODEL)).toBe(true);
    expect(existsSync(`${path}.part`)).toBe(false);
    expect(progress.at(-1)).toMatchObject({ receivedBytes: MODEL.length, totalBytes: MODEL.length });
  });

  it('deletes a corrupt download and says so', async () => {
    mode = 'corrupt';
    const err = await manager.download({ id: 'test-bad', url, sha256: MODEL_SHA }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelDownloadError);
    expect((err as ModelDownloadError).kind).toBe('checksum');
    expect(existsSync(manager.pathFor('test-bad'))).toBe(false);
    expect(existsSync(`${manager.pathFor('test-bad')}.part`)).toBe(false);
  });

  it('keeps a download that stopped mid-file and resumes it with a Range request', async () => {
    mode = 'drop-half';
    const err = await manager.download({ id: 'test-resume', url, sha256: MODEL_SHA }).catch((e: unknown) => e);
    expect((err as ModelDownloadError).kind).toBe('interrupted');
    const part = `${manager.pathFor('test-resume')}.part`;
    const partial = statSync(part).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(MODEL.length);
    mode = 'ok';
    rangeRequests.length = 0;
    const progress: DownloadProgress[] = [];
    const path = await manager.download({ id: 'test-resume', url, sha256: MODEL_SHA }, { onProgress: (p) => progress.push(p) });
    expect(rangeRequests).toEqual([`bytes=${partial}-`]);
    expect(progress[0]?.resumedFromBytes).toBe(partial);
    expect(readFileSync(path).equals(MODEL)).toBe(true);
  });

  it('deletes a download from a custom URL that is not a complete whisper model, and says what is wrong', async () => {
    mode = 'lmgg-random';
    const err = await manager.download({ id: 'test-lmgg', url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelDownloadError);
    expect((err as ModelDownloadError).kind).toBe('damaged');
    expect((err as Error).message).toMatch(/the download of test-lmgg is not a usable whisper model \(header: .*\); the file was deleted/);
    expect(existsSync(manager.pathFor('test-lmgg'))).toBe(false);
    expect(existsSync(`${manager.pathFor('test-lmgg')}.part`)).toBe(false);
  });

  it('records the SHA-256 of what it downloaded', () => {
    expect(manager.sha256Of('test-ok')).toBe(MODEL_SHA);
  });

  it('accepts a local whisper model and refuses anything else, a bare ggml magic included', async () => {
    const good = join(dir, 'mine.bin');
    writeFileSync(good, MODEL);
    await expect(manager.useLocalFile(good)).resolves.toBe(good);
    const magicOnly = join(dir, 'magic.bin');
    const magic = Buffer.alloc(8);
    magic.writeUInt32LE(0x67676d6c, 0);
    writeFileSync(magicOnly, magic);
    await expect(manager.useLocalFile(magicOnly)).rejects.toThrow(/is damaged: header field .* truncated/);
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'hello');
    await expect(manager.useLocalFile(bad)).rejects.toThrow(/not a whisper.cpp/);
    await expect(manager.useLocalFile(join(dir, 'missing.bin'))).rejects.toThrow(/cannot open/);
  });

  it('refuses unknown catalogue ids', async () => {
    await expect(manager.download('huge.en')).rejects.toThrow(/unknown whisper model/);
  });
});
