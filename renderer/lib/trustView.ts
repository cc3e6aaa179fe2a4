import type { TrustState } from '../../core/api/common/contract.js';

/** The undo chance fades out over its last this-many ms, so it is gone (not cut off) at the end of the window. */
export const UNDO_FADE_MS = 2_000;

export interface ConfirmView {
  turnId: string;
  /** "Confirm gear up?" */
  question: string;
  /** Whole seconds left to answer, at least 1 while it is open. */
  secondsLeft: number;
}

export interface UndoView {
  turnId: string;
  /** "Gear up" */
  what: string;
  /** 1 while fresh, down to 0 at the end of the window. */
  opacity: number;
}

/** What the overlay shows of the engine's trust state at `nowMs` (epoch ms): a waiting question, the undo chance. */
export function trustView(trust: TrustState | undefined | null, nowMs: number): { confirm: ConfirmView | null; undo: UndoView | null } {
  const c = trust?.confirmation;
  const u = trust?.undo;
  const confirm = c && c.expiresAt > nowMs ? { turnId: c.turnId, question: c.question, secondsLeft: Math.max(1, Math.ceil((c.expiresAt - nowMs) / 1000)) } : null;
  const undo =
    u && u.until > nowMs && u.readback
      ? { turnId: u.turnId, what: u.readback[0]!.toUpperCase() + u.readback.slice(1), opacity: Math.min(1, (u.until - nowMs) / UNDO_FADE_MS) }
      : null;
  return { confirm, undo };
}
