import type { EngineEvent, EngineState } from '../../core/api/common/contract.js';
import type { CommandReply, EngineCommandInput, Unsubscribe } from './preloadApi.js';
import type { LinkStatus } from './engineStore.svelte.js';

/** What a transport reports to the bridge; everything has already passed contract validation. */
export interface TransportSink {
  state(state: EngineState): void;
  event(event: EngineEvent): void;
  link(status: LinkStatus, reason?: string): void;
  rejected(reason: string): void;
}

/** One way to reach the engine: the Electron preload or the headless WebSocket. */
export interface Transport {
  readonly host: 'electron' | 'headless';
  start(sink: TransportSink): void;
  send(command: EngineCommandInput): Promise<CommandReply>;
  getSettings(): Promise<unknown>;
  dispose(): void;
}

export type { CommandReply, EngineCommandInput, Unsubscribe };
