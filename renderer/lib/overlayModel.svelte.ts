import type { EngineEvent } from '../../core/api/common/contract.js';
import type { Unsubscribe } from './transport.js';

/** A subtitle stays readable this long after its last change, then fades (one CSS transition). */
export const SUBTITLE_VISIBLE_MS = 8_000;
/** Callout toasts are short-lived: long enough to read "one thousand to go" at a glance. */
export const CALLOUT_VISIBLE_MS = 5_000;
/** A finished checklist card lingers briefly so the pilot sees it complete. */
export const CHECKLIST_DONE_LINGER_MS = 6_000;
/** At most this many toasts at once; older ones drop off. */
const MAX_TOASTS = 3;

export type CalloutEvent = Extract<EngineEvent, { type: 'callout' }>;
export type ChecklistEvent = Extract<EngineEvent, { type: 'checklist' }>;

/**
 * The overlay's view of the event stream: last transcript and reply (fading subtitles),
 * callout toasts, the current checklist card, and event-borne warnings. Timers only run while
 * something is on screen, so an idle overlay does no work.
 */
export class OverlayModel {
  transcript = $state('');
  transcriptFinal = $state(false);
  reply = $state('');
  subtitleVisible = $state(false);
  lastOutcome = $state<string | null>(null);
  toasts = $state<CalloutEvent[]>([]);
  checklist = $state.raw<ChecklistEvent | null>(null);
  eventWarnings = $state<{ id: string; level: 'info' | 'warning' | 'error'; message: string }[]>([]);

  private subtitleTimer: ReturnType<typeof setTimeout> | null = null;
  private checklistTimer: ReturnType<typeof setTimeout> | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- timer handles, not UI state
  private readonly toastTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private toastSeq = 0;

  attach(onEvent: (listener: (e: EngineEvent) => void) => Unsubscribe): Unsubscribe {
    return onEvent((e) => this.apply(e));
  }

  apply(e: EngineEvent): void {
    switch (e.type) {
      case 'turnStarted':
        this.transcript = '';
        this.reply = '';
        this.lastOutcome = null;
        this.showSubtitles();
        break;
      case 'transcript':
        this.transcript = e.text;
        this.transcriptFinal = e.kind === 'final';
        this.showSubtitles();
        break;
      case 'reply':
        this.reply = e.text;
        this.showSubtitles();
        break;
      case 'turnEnded':
        this.lastOutcome = e.outcome.status;
        this.showSubtitles();
        break;
      case 'callout':
        this.addToast(e);
        break;
      case 'checklist':
        this.setChecklist(e);
        break;
      case 'warning':
        this.eventWarnings = [...this.eventWarnings.filter((w) => w.id !== e.warning.id), e.warning];
        break;
      default:
        break;
    }
  }

  dismissWarning(id: string): void {
    this.eventWarnings = this.eventWarnings.filter((w) => w.id !== id);
  }

  private showSubtitles(): void {
    this.subtitleVisible = true;
    if (this.subtitleTimer) clearTimeout(this.subtitleTimer);
    this.subtitleTimer = setTimeout(() => {
      this.subtitleTimer = null;
      this.subtitleVisible = false;
    }, SUBTITLE_VISIBLE_MS);
  }

  private addToast(e: CalloutEvent): void {
    const key = `${e.id}#${this.toastSeq++}`;
    const toast = { ...e, id: key };
    const next = [...this.toasts, toast];
    for (const dropped of next.splice(0, Math.max(0, next.length - MAX_TOASTS))) this.clearToastTimer(dropped.id);
    this.toasts = next;
    this.toastTimers.set(
      key,
      setTimeout(() => {
        this.toastTimers.delete(key);
        this.toasts = this.toasts.filter((t) => t.id !== key);
      }, CALLOUT_VISIBLE_MS),
    );
  }

  private clearToastTimer(key: string): void {
    const t = this.toastTimers.get(key);
    if (t) clearTimeout(t);
    this.toastTimers.delete(key);
  }

  private setChecklist(e: ChecklistEvent): void {
    this.checklist = e;
    if (this.checklistTimer) clearTimeout(this.checklistTimer);
    this.checklistTimer = null;
    if (e.done) {
      this.checklistTimer = setTimeout(() => {
        this.checklistTimer = null;
        this.checklist = null;
      }, CHECKLIST_DONE_LINGER_MS);
    }
  }

  dispose(): void {
    if (this.subtitleTimer) clearTimeout(this.subtitleTimer);
    if (this.checklistTimer) clearTimeout(this.checklistTimer);
    for (const t of this.toastTimers.values()) clearTimeout(t);
    this.toastTimers.clear();
  }
}
