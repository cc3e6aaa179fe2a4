import type { Intent } from '../../intent/common/intents.js';
import { toNotation } from '../../intent/common/notation.js';
import type { SimState } from '../../sim/common/simState.js';
import { controlsOf, sameSetting, type Control, type ControlValue } from './controls.js';
import type { HistoryEntry, HistoryResult } from './historyEntry.js';
import type { Outcome, TurnEvent } from './turnResults.js';
import type { UndoEntry } from './undo.js';

/** Turns the history keeps in memory: a long session's worth to scroll back through, a few hundred kB at most. */
export const HISTORY_MAX_ENTRIES = 200;

/** One applied sim write with the state read just before it and how to put it back (none when it cannot be). */
export interface CommittedWrite {
  intent: Intent;
  inverse: Intent[] | undefined;
  before: SimState;
}

interface Tracked {
  entry: HistoryEntry;
  /** The controls the turn's writes changed, with the value each was left at. */
  set: Array<{ control: Control; after: ControlValue }>;
  inverse: Intent[] | undefined;
}

const RESULT_OF: Record<Outcome['status'], HistoryResult> = {
  applied: 'applied',
  refused: 'refused',
  confirming: 'asked',
  'not-understood': 'said again',
  answered: 'answered',
  llm: 'answered',
  control: 'done',
  cancelled: 'cancelled',
  timeout: 'timed out',
};

/** "090" for a heading, "true"/"false" as on/off: how a value reads in a sentence. */
export function formatControlValue(control: string, v: ControlValue): string {
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'string') return v;
  if (control === 'ap.headingDegMag') return String(Math.round(v) % 360 || 360).padStart(3, '0');
  if (control === 'altimeterInHg') return v.toFixed(2);
  if (control === 'xpdrCode') return String(v).padStart(4, '0');
  return String(Math.round(v * 100) / 100);
}

/**
 * The transcript history: every turn (heard, understood, done, said), newest kept, oldest
 * dropped past HISTORY_MAX_ENTRIES. Built from the turn events and the runner's committed writes.
 * It decides whether an entry can be undone now: only when no later turn changed the same control
 * (unless that was undone since) and the sim still shows what the entry set — a wrong undo never flies.
 */
export class TurnHistory {
  private readonly turns = new Map<string, Tracked>();

  constructor(
    private readonly changed: (entry: HistoryEntry) => void,
    private readonly now: () => number,
  ) {}

  /** Newest first. */
  list(): HistoryEntry[] {
    return [...this.turns.values()].reverse().map((t) => structuredClone(t.entry));
  }

  get(turnId: string): HistoryEntry | undefined {
    const t = this.turns.get(turnId);
    return t ? structuredClone(t.entry) : undefined;
  }

  onEvent(e: TurnEvent): void {
    if (e.type === 'turnStarted') return this.start(e.turnId, e.source, e.at);
    const t = this.turns.get(e.turnId);
    if (!t) return;
    const entry = t.entry;
    switch (e.type) {
      case 'transcript':
        if (e.kind === 'final') entry.heard = e.text;
        return;
      case 'intent':
        entry.intent = e.notation;
        entry.confidence = e.confidence;
        return;
      case 'actionApplied':
        entry.actions.push({ notation: e.notation, status: 'applied', latencyMs: e.latencyMs });
        return;
      case 'actionRefused':
        entry.actions.push({ notation: e.notation, status: 'refused', reason: e.reason });
        return;
      case 'reply':
        if (e.final) entry.reply = e.text;
        return;
      case 'confirmationPending':
        entry.question = e.question;
        return;
      case 'confirmationResolved':
        entry.confirmation = e.outcome;
        if (entry.result !== 'running') this.changed(structuredClone(entry));
        return;
      case 'turnEnded':
        entry.outcome = e.outcome;
        // A turn cut short after its write (the pilot spoke over the readback) still changed the
        // aircraft: the list must say so, or the pilot would think nothing happened.
        entry.result = e.outcome.status === 'cancelled' && entry.actions.some((a) => a.status === 'applied') ? 'applied' : RESULT_OF[e.outcome.status];
        this.changed(structuredClone(entry));
        return;
      default:
        return;
    }
  }

  /** The writes a turn applied, with the sim state after them: its changes and its undo. */
  committed(turnId: string, writes: CommittedWrite[], after: SimState, readback: string): void {
    const t = this.turns.get(turnId);
    if (!t || writes.length === 0) return;
    for (const w of writes) {
      for (const control of controlsOf(w.intent)) {
        const value = control.read(after);
        const known = t.set.find((s) => s.control.key === control.key);
        if (known) {
          known.after = value;
          t.entry.changes.find((c) => c.control === control.key)!.after = value;
          continue;
        }
        t.set.push({ control, after: value });
        t.entry.changes.push({ control: control.key, label: control.label, before: control.read(w.before), after: value });
      }
    }
    t.entry.readback = [t.entry.readback, readback].filter(Boolean).join(', ');
    const all = [...writes.slice().reverse(), ...(t.inverse ? [{ inverse: t.inverse }] : [])];
    // Undo puts back the last write first; a write without an inverse makes the whole turn not undoable.
    const inverse = writes.some((w) => w.inverse === undefined) || t.entry.undo.state === 'not-undoable' ? undefined : all.flatMap((w) => w.inverse!);
    t.inverse = inverse;
    t.entry.undo = inverse
      ? { state: 'available', inverse: inverse.map(toNotation).join('; ') }
      : { state: 'not-undoable', reason: 'part of it has no earlier value that can be set back (no mode was active, or a value out of range)' };
  }

  /** `turnId` was undone by the turn `by`. */
  markUndone(turnId: string, by: string): void {
    const t = this.turns.get(turnId);
    if (t) {
      t.entry.undo = { ...t.entry.undo, state: 'undone', undoneBy: by, undoneAt: this.now() };
      delete t.entry.undo.reason;
      this.changed(structuredClone(t.entry));
    }
    const undoing = this.turns.get(by);
    if (undoing) undoing.entry.undoOf = turnId;
  }

  /** Why `turnId` cannot be undone with the sim in `state`, or undefined when it can. */
  undoProblem(turnId: string, state: SimState): string | undefined {
    const t = this.turns.get(turnId);
    if (!t) return `no turn ${turnId} in the history (it keeps the last ${HISTORY_MAX_ENTRIES} turns)`;
    const { undo } = t.entry;
    if (undo.state === 'undone') return 'it was already undone';
    if (undo.state === 'none') return 'it changed nothing in the sim';
    if (undo.state === 'not-undoable' || !t.inverse) return undo.reason ?? 'it cannot be undone';
    if (t.entry.result === 'running') return 'it is still running';
    const later = this.laterChange(t);
    if (later) return `the ${later.label} was changed again afterwards ("${later.by}"); undo that first`;
    for (const { control, after } of t.set) {
      const nowValue = control.read(state);
      if (!sameSetting(control, nowValue, after)) {
        return `the ${control.label} is ${formatControlValue(control.key, nowValue)} now, not ${formatControlValue(control.key, after)} as this command left it (changed outside Stratus)`;
      }
    }
    return undefined;
  }

  /** The commands that undo `turnId` (check undoProblem first). */
  inverseOf(turnId: string): Intent[] | undefined {
    return this.turns.get(turnId)?.inverse;
  }

  /** What the undo path takes back for `turnId` with the sim in `state`, or why it must not. */
  undoEntry(turnId: string, state: SimState): UndoEntry | string {
    const why = this.undoProblem(turnId, state);
    const t = this.turns.get(turnId);
    if (why || !t?.inverse) return why ?? 'it cannot be undone';
    const notation = t.entry.actions.filter((a) => a.status === 'applied').map((a) => a.notation).join('; ');
    return { turnId, notation, readback: t.entry.readback, inverse: t.inverse, until: this.now() };
  }

  /** A later turn, not itself undone, that changed one of the same controls. */
  private laterChange(t: Tracked): { label: string; by: string } | undefined {
    const keys = new Set(t.set.map((s) => s.control.key));
    let after = false;
    for (const other of this.turns.values()) {
      if (other === t) {
        after = true;
        continue;
      }
      if (!after || other.entry.undo.state === 'undone') continue;
      const hit = other.set.find((s) => keys.has(s.control.key));
      if (hit) return { label: hit.control.label, by: other.entry.heard || other.entry.intent || other.entry.turnId };
    }
    return undefined;
  }

  private start(turnId: string, source: HistoryEntry['source'], at: number): void {
    this.turns.set(turnId, {
      entry: { turnId, source, at, heard: '', intent: null, confidence: null, reply: '', result: 'running', actions: [], changes: [], readback: '', undo: { state: 'none' } },
      set: [],
      inverse: undefined,
    });
    while (this.turns.size > HISTORY_MAX_ENTRIES) {
      const oldest = this.turns.keys().next().value;
      if (oldest === undefined) break;
      this.turns.delete(oldest);
    }
  }
}
