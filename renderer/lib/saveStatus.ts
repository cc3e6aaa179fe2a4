import type { SettingsUpdateResult } from '../../core/api/common/contract.js';
import { restartLabel } from '../../core/config/common/settingsEffects.js';

/** What the engine said about an update, as far as the Save bar needs it (null: the host did not say). */
export type UpdateOutcome = Pick<SettingsUpdateResult, 'changed' | 'restartNeeded' | 'overridden'> | null;

/**
 * The Save bar's line after an update. "applied" is said only for what the engine applied: a
 * setting that waits for a restart is named ("Saved — restart Stratus to apply: headless server
 * port"), and so is one a STRATUS_* variable holds for this run.
 * `done` is what happened to the file: "Saved", "Defaults restored", or "Applied" for a part
 * applied straight away (a connection test).
 */
export function saveStatusText(done: 'Saved' | 'Defaults restored' | 'Applied', outcome: UpdateOutcome): string {
  if (!outcome) return done === 'Applied' ? 'Saved' : done;
  const parts: string[] = [];
  if (outcome.restartNeeded.length > 0) {
    const saved = done === 'Applied' ? 'Saved' : done;
    const labels = [...new Set(outcome.restartNeeded.map(restartLabel))].join(', ');
    const liveChanged = outcome.changed.some((p) => !outcome.restartNeeded.includes(p));
    parts.push(`${saved} — restart Stratus to apply: ${labels}${liveChanged ? '; the rest is applied' : ''}`);
  } else {
    parts.push(done === 'Applied' ? 'Applied' : `${done} and applied`);
  }
  if (outcome.overridden.length > 0) parts.push(`not applied, a STRATUS_* environment variable sets: ${outcome.overridden.join(', ')}`);
  return parts.join(' · ');
}
