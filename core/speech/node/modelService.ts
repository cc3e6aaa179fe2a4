import { existsSync, statSync } from 'node:fs';
import { deleteFallback, fallbackName, type ModelDeleteResult, type ModelEntry, type ModelFallback, type ModelProgressEvent } from '../common/models.js';
import type { Config } from '../../config/common/configSchema.js';
import { whisperModelInfo } from '../common/whisperModels.js';
import { ModelDownloadError, ModelManager, type DownloadProgress } from './modelManager.js';

/** Deleting the selected model needs the pilot's confirmation. */
export class ModelInUseError extends Error {
  override readonly name = 'ModelInUseError';
}

/** Progress events to the UI at most this often: a progress bar needs no more. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * Whisper models for the UIs: the list with disk use, downloads with progress events and
 * cancel, one download per model at a time. A catalogue model downloads from its catalogue
 * address only, is checked against its SHA-256 and in full, and `onInstalled` selects it. A custom
 * model (the pilot's own URL, under a name that is not in the catalogue) is checked in full and
 * listed with its SHA-256, but never selected here: the pilot compares the checksum and selects it.
 */
export class ModelService {
  private readonly manager: ModelManager;
  private readonly downloads = new Map<string, AbortController>();

  constructor(
    dir: string,
    private readonly emit: (event: ModelProgressEvent) => void,
    private readonly onInstalled: (id: string) => Promise<void>,
    /** Switches recognition away from a model being deleted (see delete()). */
    private readonly onFallback: (f: ModelFallback) => Promise<void> = async () => {},
  ) {
    this.manager = new ModelManager(dir);
  }

  list(stt: Config['speech']['stt']): ModelEntry[] {
    const known: { id: string; sizeMb?: number; path: string; installed: boolean }[] = this.manager
      .list()
      .map((m) => ({ id: m.id, sizeMb: m.sizeMb, path: m.path, installed: m.installed }));
    for (const id of new Set([...this.manager.customIds(), stt.whisperModel])) {
      if (known.some((m) => m.id === id)) continue;
      const path = this.manager.pathFor(id);
      known.push({ id, path, installed: existsSync(path) });
    }
    return known.map((m) => ({
      id: m.id,
      ...(m.sizeMb !== undefined ? { sizeMb: m.sizeMb } : {}),
      installed: m.installed,
      bytes: m.installed ? statSync(m.path).size : 0,
      path: m.path,
      selected: stt.engine === 'whisper' && stt.modelPath === null && stt.whisperModel === m.id,
      downloading: this.downloads.has(m.id),
      ...(whisperModelInfo(m.id) ? {} : { custom: true }),
      ...this.sha256(m.id, m.installed),
    }));
  }

  private sha256(id: string, installed: boolean): { sha256?: string } {
    const sha = installed ? this.manager.sha256Of(id) : undefined;
    return sha ? { sha256: sha } : {};
  }

  /** Resolves with the installed path; failures are also reported as a modelProgress event. */
  async download(id: string, url?: string): Promise<string> {
    if (this.downloads.has(id)) throw new ModelDownloadError(`${id} is already downloading`, 'refused');
    if (url && whisperModelInfo(id)) throw new ModelDownloadError(`${id} is a catalogue model: it downloads only from its catalogue address, with its checksum; give a model from another address a name of its own`, 'refused');
    const ac = new AbortController();
    this.downloads.set(id, ac);
    let last = 0;
    let received = 0;
    let total: number | undefined;
    const progress = (p: DownloadProgress): void => {
      received = p.receivedBytes;
      total = p.totalBytes;
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      this.emit({ type: 'modelProgress', id, state: 'downloading', receivedBytes: received, ...(total !== undefined ? { totalBytes: total } : {}) });
    };
    try {
      const path = await this.manager.download(url ? { id, url } : id, { signal: ac.signal, onProgress: progress });
      // A catalogue model is selected first, so a UI that re-reads the settings on "installed"
      // sees the new choice. A custom one waits for the pilot (compare its SHA-256, then select).
      if (!url) await this.onInstalled(id);
      this.emit({ type: 'modelProgress', id, state: 'installed', receivedBytes: received, ...(total !== undefined ? { totalBytes: total } : {}), ...this.sha256(id, true) });
      return path;
    } catch (e) {
      const cancelled = ac.signal.aborted;
      this.emit({ type: 'modelProgress', id, state: cancelled ? 'cancelled' : 'failed', receivedBytes: received, ...(cancelled ? {} : { error: (e as Error).message }) });
      throw e;
    } finally {
      this.downloads.delete(id);
    }
  }

  /**
   * Deletes a downloaded model and returns what it freed. The model in use goes only with
   * `confirm`, after recognition was switched (`stt` is read again after that) to the fallback (another installed model, else
   * PocketSphinx); without it the refusal names that fallback.
   */
  async delete(id: string, stt: () => Config['speech']['stt'], confirm: boolean): Promise<ModelDeleteResult> {
    if (this.downloads.has(id)) throw new ModelDownloadError(`${id} is downloading: cancel the download first`, 'refused');
    const before = this.list(stt());
    const entry = before.find((e) => e.id === id);
    if (!entry?.installed && !existsSync(`${this.manager.pathFor(id)}.part`)) throw new ModelDownloadError(`${id} is not downloaded: nothing to delete`, 'refused');
    let fallback: ModelFallback | undefined;
    if (entry?.selected) {
      fallback = deleteFallback(before, id);
      if (!confirm) throw new ModelInUseError(`${id} is the model speech recognition uses: confirm to delete it, and recognition switches to ${fallbackName(fallback)}`);
      await this.onFallback(fallback);
    }
    const freedBytes = await this.manager.delete(id);
    return { id, freedBytes, ...(fallback ? { fallback: fallbackName(fallback) } : {}), models: this.list(stt()) };
  }

  /** Stops a download; the part file stays so the next download resumes. */
  cancel(id: string): boolean {
    const ac = this.downloads.get(id);
    ac?.abort(new Error('cancelled'));
    return ac !== undefined;
  }

  dispose(): void {
    for (const ac of this.downloads.values()) ac.abort(new Error('shutting down'));
  }
}
