import type { HistoryEntry } from '../../../../core/api/common/contract.js';
import { formatControlValue } from '../../../../core/turn/common/turnHistory.js';

/** An entry added or changed: replaces the one with its turn id, else goes on top; the list keeps `limit` (newest first). */
export function upsertEntry(list: readonly HistoryEntry[], entry: HistoryEntry, limit: number): HistoryEntry[] {
  const i = list.findIndex((e) => e.turnId === entry.turnId);
  if (i >= 0) return list.map((e, j) => (j === i ? entry : e));
  return [entry, ...list].slice(0, Math.max(1, limit));
}

/** "12:03:07" in the pilot's local time. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** "heading bug 270 → 090" for each changed sim value. */
export function changeText(entry: HistoryEntry): string[] {
  return entry.changes.map((c) => `${c.label} ${formatControlValue(c.control, c.before)} → ${formatControlValue(c.control, c.after)}`);
}

/** What the undo control shows for an entry: a button, or why there is none. */
export function undoLabel(entry: HistoryEntry): { canTry: boolean; text: string } {
  switch (entry.undo.state) {
    case 'available':
      return { canTry: true, text: `Undo: ${entry.changes.map((c) => `${c.label} back to ${formatControlValue(c.control, c.before)}`).join(', ') || 'put back the earlier values'}` };
    case 'undone':
      return { canTry: false, text: entry.undo.undoneAt ? `Undone at ${clockTime(entry.undo.undoneAt)}` : 'Undone' };
    case 'not-undoable':
      return { canTry: false, text: `Cannot be undone: ${entry.undo.reason ?? 'no earlier value'}` };
    case 'none':
      return { canTry: false, text: '' };
  }
}
