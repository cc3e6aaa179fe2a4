import { z } from 'zod';
import { modelDeleteResultSchema, modelEntrySchema, type EngineEvent, type ModelEntry } from '../../core/api/common/contract.js';
import type { CommandReply, EngineCommandInput, Unsubscribe } from './transport.js';

export interface ModelProgress {
  receivedBytes: number;
  totalBytes?: number;
}

const CANCELLED_NOTE = 'Cancelled; a new download resumes where it stopped.';
const entriesSchema = z.array(modelEntrySchema);

/**
 * The whisper models as the settings window shows them: the engine's list, live download
 * progress from modelProgress events, and the last error per model. Only talks through `send`.
 */
export class ModelsModel {
  entries = $state.raw<ModelEntry[]>([]);
  progress = $state.raw<Record<string, ModelProgress>>({});
  errors = $state.raw<Record<string, string>>({});
  listError = $state('');
  /** Models the pilot cancelled: their failed reply is a note, not an error. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not UI state
  private readonly cancelled = new Set<string>();

  readonly diskBytes: number = $derived(this.entries.reduce((sum, e) => sum + (e.installed ? e.bytes : 0), 0));

  /** `onInstalled`: a model was installed (a catalogue one is then selected) or selected: the settings may have changed. */
  constructor(
    private readonly send: (command: EngineCommandInput) => Promise<CommandReply>,
    private readonly onInstalled: (id: string) => void = () => {},
  ) {}

  /** Listens for progress; returns the unsubscribe. */
  attach(onEvent: (listener: (event: EngineEvent) => void) => Unsubscribe): Unsubscribe {
    return onEvent((e) => {
      if (e.type !== 'modelProgress') return;
      if (e.state === 'downloading') {
        this.progress = { ...this.progress, [e.id]: { receivedBytes: e.receivedBytes, ...(e.totalBytes !== undefined ? { totalBytes: e.totalBytes } : {}) } };
        return;
      }
      // The end of a download, perhaps one another window started.
      this.progress = without(this.progress, e.id);
      if (e.state === 'installed') {
        this.errors = without(this.errors, e.id);
        this.onInstalled(e.id);
        void this.refresh();
      } else {
        this.errors = { ...this.errors, [e.id]: e.state === 'cancelled' ? CANCELLED_NOTE : (e.error ?? 'The download failed.') };
      }
    });
  }

  async refresh(): Promise<void> {
    this.adopt(await this.send({ type: 'modelList' }));
  }

  /** Downloads a known model, or a custom one from `url`; resolves once it is installed or failed. */
  async download(id: string, url?: string): Promise<boolean> {
    this.errors = without(this.errors, id);
    this.progress = { ...this.progress, [id]: { receivedBytes: 0 } };
    if (!this.entries.some((e) => e.id === id)) this.entries = [...this.entries, { id, installed: false, bytes: 0, path: '', selected: false, downloading: true }];
    else this.entries = this.entries.map((e) => (e.id === id ? { ...e, downloading: true } : e));
    const reply = await this.send({ type: 'modelDownload', id, ...(url ? { url } : {}) });
    this.progress = without(this.progress, id);
    const cancelled = this.cancelled.delete(id);
    if (!reply.ok) this.errors = { ...this.errors, [id]: cancelled ? CANCELLED_NOTE : (reply.error ?? 'The download failed.') };
    if (!reply.ok || !this.adopt(reply)) await this.refresh();
    // The reply comes once the engine also selected a catalogue model (its event may come a moment earlier).
    if (reply.ok) this.onInstalled(id);
    return reply.ok;
  }

  /**
   * The pilot selects a model (a custom one is never selected by its download: its SHA-256 is
   * shown first). The engine checks the file in full before loading it.
   */
  async select(id: string): Promise<boolean> {
    this.errors = without(this.errors, id);
    const reply = await this.send({ type: 'settingsUpdate', patch: { speech: { stt: { engine: 'whisper', whisperModel: id, modelPath: null } } } });
    if (!reply.ok) this.errors = { ...this.errors, [id]: reply.error ?? 'Could not select the model.' };
    await this.refresh();
    if (reply.ok) this.onInstalled(id);
    return reply.ok;
  }

  /**
   * Deletes a downloaded model. The one in use goes only with `confirm` (the row asks first);
   * resolves with what recognition switched to, if it did, or null when the engine refused.
   */
  async delete(id: string, confirm: boolean): Promise<{ freedBytes: number; fallback?: string } | null> {
    this.errors = without(this.errors, id);
    const reply = await this.send({ type: 'modelDelete', id, confirm });
    const parsed = modelDeleteResultSchema.safeParse(reply.result);
    if (!reply.ok || !parsed.success) {
      this.errors = { ...this.errors, [id]: reply.error ?? 'The engine sent a delete result that does not match the contract.' };
      await this.refresh();
      return null;
    }
    this.adopt({ ok: true, result: parsed.data.models });
    if (parsed.data.fallback) this.onInstalled(id);
    return { freedBytes: parsed.data.freedBytes, ...(parsed.data.fallback ? { fallback: parsed.data.fallback } : {}) };
  }

  async cancel(id: string): Promise<void> {
    this.cancelled.add(id);
    const reply = await this.send({ type: 'modelCancel', id });
    if (!reply.ok) this.errors = { ...this.errors, [id]: reply.error ?? 'could not cancel' };
  }

  private adopt(reply: CommandReply): boolean {
    if (!reply.ok) {
      this.listError = `Could not list the models: ${reply.error ?? 'no answer'}`;
      return false;
    }
    const parsed = entriesSchema.safeParse(reply.result);
    if (!parsed.success) {
      this.listError = 'The engine sent a model list that does not match the contract.';
      return false;
    }
    this.listError = '';
    // A custom model the engine does not list (failed, cancelled, still starting) keeps its row and message.
    const kept = this.entries.filter((e) => !parsed.data.some((p) => p.id === e.id) && (e.id in this.errors || e.id in this.progress));
    this.entries = [...parsed.data, ...kept.map((e) => ({ ...e, downloading: e.id in this.progress }))];
    return true;
  }
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _drop, ...rest } = record;
  return rest;
}
