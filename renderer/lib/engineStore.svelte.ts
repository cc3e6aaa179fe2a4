import type { EngineState } from '../../core/api/common/contract.js';

/** `unauthorized`: the host refused this page's session token (rotated, or another install): no retrying with it. */
export type LinkStatus = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

/** Small parts are compared by value so an unchanged part keeps its identity (and its readers stay asleep). */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The engine state as the UI sees it. Every update replaces `state` whole ($state.raw: no deep
 * proxies); the overlay reads the split parts instead, which change only when their content
 * does, so a 10 Hz telemetry stream re-renders the telemetry strip and nothing else.
 */
export class EngineStore {
  state = $state.raw<EngineState | null>(null);
  sim = $state.raw<EngineState['sim'] | null>(null);
  telemetry = $state.raw<EngineState['telemetry'] | null>(null);
  ptt = $state.raw<EngineState['ptt'] | null>(null);
  stage = $state<EngineState['stage']>('idle');
  levelDb = $state(-100);
  engines = $state.raw<EngineState['engines'] | null>(null);
  warnings = $state.raw<EngineState['warnings']>([]);
  ui = $state.raw<EngineState['ui'] | null>(null);
  /** A question waiting for "affirm" and the last command that can be undone (times in epoch ms). */
  trust = $state.raw<EngineState['trust'] | null>(null);
  link = $state<LinkStatus>('connecting');
  /** Why the link is down ("host closed the connection", "retrying in 2 s"). */
  linkReason = $state('');
  /** Messages that failed contract validation: counted and dropped, never rendered. */
  rejectedMessages = $state(0);

  setState(next: EngineState): void {
    this.state = next;
    if (!sameValue(this.sim, next.sim)) this.sim = next.sim;
    if (!sameValue(this.telemetry, next.telemetry)) this.telemetry = next.telemetry;
    if (!sameValue(this.ptt, next.ptt)) this.ptt = next.ptt;
    this.stage = next.stage;
    // The meter only shows while listening; elsewhere the level is noise nobody sees.
    this.levelDb = next.stage === 'listening' ? next.levelDb : -100;
    if (!sameValue(this.engines, next.engines)) this.engines = next.engines;
    if (!sameValue(this.warnings, next.warnings)) this.warnings = next.warnings;
    if (!sameValue(this.ui, next.ui)) this.ui = next.ui;
    if (!sameValue(this.trust, next.trust ?? null)) this.trust = next.trust ?? null;
  }

  setLink(link: LinkStatus, reason = ''): void {
    this.link = link;
    this.linkReason = reason;
  }

  countRejected(): void {
    this.rejectedMessages += 1;
  }
}
