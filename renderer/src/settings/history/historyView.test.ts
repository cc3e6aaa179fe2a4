import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../../core/api/common/contract.js';
import { changeText, upsertEntry, undoLabel } from './historyView.js';

function entry(turnId: string, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return { turnId, source: 'text', at: 0, heard: 'heading two seven zero', intent: 'set ap.heading 270', confidence: 1, reply: 'Heading two seven zero', result: 'applied', actions: [], changes: [], readback: '', undo: { state: 'none' }, ...over };
}

describe('history view', () => {
  it('puts a new entry on top, replaces a changed one in place, and keeps the limit', () => {
    let list = upsertEntry([], entry('a'), 2);
    list = upsertEntry(list, entry('b'), 2);
    expect(list.map((e) => e.turnId)).toEqual(['b', 'a']);
    list = upsertEntry(list, entry('a', { undo: { state: 'undone' } }), 2);
    expect(list.map((e) => [e.turnId, e.undo.state])).toEqual([['b', 'none'], ['a', 'undone']]);
    expect(upsertEntry(list, entry('c'), 2).map((e) => e.turnId)).toEqual(['c', 'b']);
  });

  it('reads sim values as a pilot says them', () => {
    const e = entry('a', { changes: [{ control: 'ap.headingDegMag', label: 'heading bug', before: 90, after: 270 }, { control: 'gearDown', label: 'gear down', before: true, after: false }] });
    expect(changeText(e)).toEqual(['heading bug 090 → 270', 'gear down on → off']);
  });

  it('offers undo only for an entry that has one, and says why not otherwise', () => {
    const changes = [{ control: 'ap.headingDegMag', label: 'heading bug', before: 90, after: 270 }];
    expect(undoLabel(entry('a', { changes, undo: { state: 'available', inverse: 'set ap.heading 090' } }))).toEqual({ canTry: true, text: 'Undo: heading bug back to 090' });
    expect(undoLabel(entry('a', { undo: { state: 'not-undoable', reason: 'no mode was active' } }))).toEqual({ canTry: false, text: 'Cannot be undone: no mode was active' });
  });
});
