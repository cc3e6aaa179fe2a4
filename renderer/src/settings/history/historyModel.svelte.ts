import { historyListSchema, historyUndoResultSchema, type EngineEvent, type HistoryEntry } from '../../../../core/api/common/contract.js';
import type { CommandReply, EngineCommandInput, Unsubscribe } from '../../../lib/transport.js';
import { upsertEntry } from './historyView.js';

/**
 * The transcript history as the Settings page shows it: the engine's list, kept live by
 * historyUpdated events, and what became of each undo asked for here. Talks only through `send`.
 */
export class HistoryModel {
  entries = $state.raw<HistoryEntry[]>([]);
  limit = $state(0);
  loaded = $state(false);
  error = $state('');
  /** Per turn: the answer to the last undo asked for it ("Undone.", "Not undone: …"). */
  notes = $state.raw<Record<string, string>>({});
  /** The turn whose undo is running. */
  busy = $state<string | null>(null);

  constructor(private readonly send: (command: EngineCommandInput) => Promise<CommandReply>) {}

  attach(onEvent: (listener: (event: EngineEvent) => void) => Unsubscribe): Unsubscribe {
    return onEvent((e) => {
      if (e.type === 'historyUpdated') this.entries = upsertEntry(this.entries, e.entry, this.limit || Infinity);
    });
  }

  async refresh(): Promise<void> {
    const reply = await this.send({ type: 'historyList' });
    const parsed = reply.ok ? historyListSchema.safeParse(reply.result) : undefined;
    if (!parsed?.success) {
      this.error = `Could not load the history: ${reply.error ?? 'the engine sent a list that does not match the contract'}`;
      return;
    }
    this.error = '';
    this.limit = parsed.data.limit;
    this.entries = parsed.data.entries;
    this.loaded = true;
  }

  /** Undoes one entry; the engine refuses (with the reason) what would overwrite a later change. */
  async undo(turnId: string): Promise<void> {
    this.busy = turnId;
    this.notes = Object.fromEntries(Object.entries(this.notes).filter(([id]) => id !== turnId));
    try {
      const reply = await this.send({ type: 'historyUndo', turnId });
      const parsed = reply.ok ? historyUndoResultSchema.safeParse(reply.result) : undefined;
      const note = !parsed?.success ? `Undo failed: ${reply.error ?? 'unexpected answer'}` : parsed.data.status === 'undone' ? 'Undone.' : `Not undone: ${parsed.data.reason ?? 'refused'}.`;
      this.notes = { ...this.notes, [turnId]: note };
    } finally {
      this.busy = null;
    }
  }
}
