import type { EngineState } from '../../core/api/common/contract.js';

export type LinkStatus = 'connecting' | 'connected' | 'disconnected';

/**
 * The engine state as the UI sees it. `state` is replaced whole on every update ($state.raw: no
 * deep proxies, a 10 Hz update costs one assignment); components read fields with $derived.
 */
export class EngineStore {
  state = $state.raw<EngineState | null>(null);
  link = $state<LinkStatus>('connecting');
  /** Why the link is down ("host closed the connection", "retrying in 2 s"). */
  linkReason = $state('');
  /** Messages that failed contract validation: counted and dropped, never rendered. */
  rejectedMessages = $state(0);

  setState(next: EngineState): void {
    this.state = next;
  }

  setLink(link: LinkStatus, reason = ''): void {
    this.link = link;
    this.linkReason = reason;
  }

  countRejected(): void {
    this.rejectedMessages += 1;
  }
}
