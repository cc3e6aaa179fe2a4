import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WHISPER_MODELS, whisperModelFile, type WhisperModelInfo } from '../common/whisperModels.js';
import { checkWhisperModel, ModelFileError } from './whisperModelCheck.js';

export interface DownloadProgress {
  modelId: string;
  receivedBytes: number;
  /** undefined when the server sent no length. */
  totalBytes?: number;
  resumedFromBytes: number;
}

export interface ModelSource {
  id: string;
  url: string;
  /**
   * Expected SHA-256 (hex). Catalogue models always have it; a custom URL (the pilot's own, from
   * Settings or the CLI) has none: its file is checked in full and its SHA-256 shown instead.
   */
  sha256?: string;
}

export class ModelDownloadError extends Error {
  override readonly name = 'ModelDownloadError';
  constructor(
    message: string,
    /** 'interrupted' keeps the partial file for a resume; 'checksum' and 'damaged' deleted it; 'refused' never started. */
    readonly kind: 'interrupted' | 'checksum' | 'damaged' | 'http' | 'aborted' | 'refused' | 'offline',
    /** For 'offline': the address to fetch by hand on another computer. */
    readonly url?: string,
  ) {
    super(message);
  }
}

/**
 * The download server could not be reached at all (no network, DNS, refused, TLS): the manual
 * route in words, for the CLI and the settings window alike.
 */
export function offlineMessage(url: string, cause: string): string {
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // not a URL: say it as given
  }
  return `Could not reach ${host} (${cause}). Download ${url} on another computer, then run \`stratus model use FILE\``;
}

/** What fetch's "fetch failed" hides: the system's reason (ECONNREFUSED, ENOTFOUND…). */
function networkCause(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return (e as Error).message;
}

/** Progress callbacks at most this often, so a fast local copy does not flood the UI. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Whisper models in the user's models folder: list, download with progress and HTTP Range
 * resume into `<file>.part`, SHA-256 check, then an atomic rename into place. A corrupt
 * download is deleted; an interrupted one is kept and resumed by the next call.
 */
export class ModelManager {
  constructor(readonly modelsDir: string) {}

  pathFor(id: string): string {
    return join(this.modelsDir, whisperModelFile(id));
  }

  /** Ids of models in the folder that are not in the catalogue (downloaded from the pilot's URL). */
  customIds(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.modelsDir);
    } catch {
      return [];
    }
    const known = new Set(WHISPER_MODELS.map((m) => m.file));
    return names.filter((n) => /^ggml-[a-zA-Z0-9._-]+\.bin$/.test(n) && !known.has(n)).map((n) => n.slice('ggml-'.length, -'.bin'.length));
  }

  list(): (WhisperModelInfo & { installed: boolean; path: string })[] {
    return WHISPER_MODELS.map((m) => ({ ...m, path: this.pathFor(m.id), installed: existsSync(this.pathFor(m.id)) }));
  }

  /**
   * Checks a user-chosen file in full (whisperModelCheck.ts) before it may be selected; returns
   * its path for config.speech.stt.modelPath. Throws ModelFileError saying what is wrong.
   */
  async useLocalFile(path: string): Promise<string> {
    await checkWhisperModel(path);
    return path;
  }

  /**
   * Deletes a model from the folder (the file, its recorded SHA-256 and any partial download);
   * returns the bytes freed (0 when nothing was there). Whether it is in use is the caller's question.
   */
  async delete(id: string): Promise<number> {
    const path = this.pathFor(id);
    let freed = 0;
    for (const p of [path, `${path}${SHA_SUFFIX}`, `${path}.part`]) {
      try {
        freed += (await stat(p)).size;
      } catch {
        continue; // not there
      }
      await rm(p, { force: true });
    }
    return freed;
  }

  /** The SHA-256 recorded when this model was downloaded (the pilot compares it), if any. */
  sha256Of(id: string): string | undefined {
    try {
      return readFileSync(`${this.pathFor(id)}${SHA_SUFFIX}`, 'utf8').trim() || undefined;
    } catch {
      return undefined; // not downloaded by Stratus (copied in by hand): nothing was recorded
    }
  }

  async download(source: ModelSource | string, opts: { signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void } = {}): Promise<string> {
    const src = typeof source === 'string' ? catalogueSource(source) : source;
    await mkdir(this.modelsDir, { recursive: true });
    const finalPath = this.pathFor(src.id);
    const partPath = `${finalPath}.part`;
    const have = existsSync(partPath) ? (await stat(partPath)).size : 0;
    let res: Response;
    try {
      res = await fetch(src.url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {}, signal: opts.signal ?? null });
    } catch (e) {
      if (opts.signal?.aborted) throw new ModelDownloadError(`download of ${src.id} failed: ${(e as Error).message}`, 'aborted');
      throw new ModelDownloadError(offlineMessage(src.url, networkCause(e)), 'offline', src.url);
    }
    if (res.status === 416 && have > 0) {
      // Already complete on disk: fall through to verification.
      await res.body?.cancel();
    } else if (!res.ok) {
      await res.body?.cancel();
      throw new ModelDownloadError(`download of ${src.id} failed: HTTP ${res.status}`, 'http');
    }
    const resumed = res.status === 206;
    const start = resumed ? have : 0;
    const length = Number(res.headers.get('content-length') ?? NaN);
    const totalBytes = Number.isFinite(length) ? start + length : undefined;
    if (res.status !== 416) await this.receive(res, partPath, resumed, { modelId: src.id, receivedBytes: start, resumedFromBytes: start, ...(totalBytes ? { totalBytes } : {}) }, opts);
    const actual = await sha256File(partPath);
    if (src.sha256 && actual !== src.sha256.toLowerCase()) {
      await rm(partPath, { force: true });
      throw new ModelDownloadError(`checksum mismatch for ${src.id}: got ${actual.slice(0, 12)}…, expected ${src.sha256.slice(0, 12)}…; the file was deleted`, 'checksum');
    }
    try {
      await checkWhisperModel(partPath);
    } catch (e) {
      await rm(partPath, { force: true });
      const why = e instanceof ModelFileError ? e.reason : (e as Error).message;
      throw new ModelDownloadError(`the download of ${src.id} is not a usable whisper model (${why}); the file was deleted`, 'damaged');
    }
    await writeFile(`${finalPath}${SHA_SUFFIX}`, `${actual}\n`);
    await rename(partPath, finalPath);
    return finalPath;
  }

  private async receive(
    res: Response,
    partPath: string,
    append: boolean,
    progress: DownloadProgress,
    opts: { signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void },
  ): Promise<void> {
    const fh = await open(partPath, append ? 'a' : 'w');
    let lastReport = 0;
    try {
      if (!res.body) throw new ModelDownloadError('empty response body', 'interrupted');
      const reader = res.body.getReader();
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (e) {
          throw new ModelDownloadError(`download of ${progress.modelId} interrupted at ${progress.receivedBytes} bytes (${(e as Error).message}); it resumes from there`, opts.signal?.aborted ? 'aborted' : 'interrupted');
        }
        if (chunk.done) break;
        await fh.write(chunk.value);
        progress.receivedBytes += chunk.value.length;
        const now = performance.now();
        if (now - lastReport >= PROGRESS_INTERVAL_MS) {
          lastReport = now;
          opts.onProgress?.({ ...progress });
        }
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    opts.onProgress?.({ ...progress });
    if (progress.totalBytes !== undefined && progress.receivedBytes < progress.totalBytes) {
      throw new ModelDownloadError(`download of ${progress.modelId} stopped at ${progress.receivedBytes} of ${progress.totalBytes} bytes; it resumes from there`, 'interrupted');
    }
  }
}

/** Beside each downloaded model: its SHA-256, for the settings window to show. */
const SHA_SUFFIX = '.sha256';

function catalogueSource(id: string): ModelSource {
  const m = WHISPER_MODELS.find((x) => x.id === id);
  if (!m) throw new ModelDownloadError(`unknown whisper model "${id}" (known: ${WHISPER_MODELS.map((x) => x.id).join(', ')}); a model of your own needs its URL`, 'refused');
  return { id: m.id, url: m.url, sha256: m.sha256 };
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
