import type { TurnEvent } from './turnResults.js';
import type { Intent } from '../../intent/common/intents.js';
import { toNotation } from '../../intent/common/notation.js';
import { readbackFor } from '../../intent/common/readback.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import { CONFIRM_WINDOW_MS, PendingConfirmation, type ConfirmationOutcome, type Pending, type Scheduler } from './confirmation.js';
import type { CommittedWrite } from './turnHistory.js';
import { inverseOf, UNDO_WINDOW_MS, UndoLedger, type UndoEntry } from './undo.js';

/** After push-to-talk is released the utterance reaches the runner within this (release tail, audio hand-over): the question stays open meanwhile. */
export const LISTEN_GRACE_MS = 1_500;

/** "Confirm gear up?", "Confirm gear down, flaps full?": the readbacks asked as one question. */
export function questionFor(intents: Intent[], profile?: AircraftProfile): string {
  const said = intents.map((i) => readbackFor(i, profile)).filter(Boolean);
  return `Confirm ${said.join(', ')}?`;
}

/** "Gear up" from "gear up": a readback as the start of a sentence. */
export function sentence(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/**
 * The turn runner's memory across turns for "never fly a wrong command": the one command waiting
 * for "affirm" (with its window, held open while the pilot is talking) and the last applied
 * command with its inverse for "undo". Emits the overlay's events. Pure; timers via the Scheduler.
 */
export class Safeguards {
  readonly pending: PendingConfirmation;
  readonly undo: UndoLedger;
  private collected: CommittedWrite[] = [];
  private listening = false;
  private turnRunning = false;
  private grace: unknown;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly emit: (e: TurnEvent) => void,
    /** Every turn's applied writes, undoable or not, with their readback: the transcript history (the runner adds the sim state after them). */
    private readonly committed: (turnId: string, writes: CommittedWrite[], readback: string) => void = () => {},
  ) {
    this.undo = new UndoLedger(() => scheduler.now());
    this.pending = new PendingConfirmation(
      scheduler,
      (p, outcome) => this.emit({ type: 'confirmationResolved', turnId: p.turnId, notation: p.notation, outcome }),
      (p) => this.emit({ type: 'confirmationPending', turnId: p.turnId, notation: p.notation, question: p.question, expiresAt: p.expiresAt, windowMs: CONFIRM_WINDOW_MS }),
    );
  }

  /** Holds a command until "affirm"; the question's window opens when the turn has asked it. */
  ask(turnId: string, intents: Intent[], profile: AircraftProfile): string {
    const question = questionFor(intents, profile);
    this.pending.set({ turnId, notation: intents.map(toNotation).join('; '), question, intents });
    return question;
  }

  /** Resolves the waiting command, if any; what it was. */
  resolve(outcome: ConfirmationOutcome): Pending | undefined {
    return this.pending.take(outcome);
  }

  /** Remembers how to take back a write about to be applied (`before`: the sim state read just before). */
  collect(intent: Intent, before: SimState, profile: AircraftProfile): void {
    this.collected.push({ intent, inverse: inverseOf(intent, before, profile), before });
  }

  /** A write was not applied after all: nothing to take back for it. */
  discardLast(): void {
    this.collected.pop();
  }

  /** The turn's applied writes become the one thing "undo" takes back, for UNDO_WINDOW_MS. */
  commit(turnId: string, profile: AircraftProfile): void {
    const applied = this.collected.splice(0);
    if (applied.length === 0) return;
    const notation = applied.map((a) => toNotation(a.intent)).join('; ');
    const readback = applied.map((a) => readbackFor(a.intent, profile)).filter(Boolean).join(', ');
    const entry = this.undo.record(turnId, notation, readback, applied.map((a) => a.inverse));
    this.committed(turnId, applied, readback);
    if (entry) this.emit({ type: 'undoAvailable', turnId, notation, readback, until: entry.until, windowMs: UNDO_WINDOW_MS });
  }

  /** Forgets writes collected by a turn that will not commit them (an undo's own writes). */
  forget(): void {
    this.collected = [];
  }

  takeUndo(): UndoEntry | undefined {
    return this.undo.take();
  }

  undone(entry: UndoEntry): void {
    this.emit({ type: 'undone', turnId: entry.turnId, notation: entry.notation });
  }

  /** A turn runs: the question does not time out under it. */
  setTurnRunning(on: boolean): void {
    this.turnRunning = on;
    this.refreshHold();
  }

  /** Push-to-talk is listening: the pilot may be answering; after release, LISTEN_GRACE_MS for the utterance to arrive. */
  setListening(on: boolean): void {
    if (on === this.listening) return;
    this.listening = on;
    if (this.grace !== undefined) this.scheduler.clearTimeout(this.grace);
    this.grace = undefined;
    if (!on) {
      this.grace = this.scheduler.setTimeout(() => {
        this.grace = undefined;
        this.refreshHold();
      }, LISTEN_GRACE_MS);
    }
    this.refreshHold();
  }

  private refreshHold(): void {
    this.pending.hold(this.turnRunning || this.listening || this.grace !== undefined);
  }

  dispose(): void {
    if (this.grace !== undefined) this.scheduler.clearTimeout(this.grace);
    this.grace = undefined;
    this.pending.dispose();
    this.undo.clear();
  }
}
