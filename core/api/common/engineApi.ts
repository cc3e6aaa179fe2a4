import type { Config } from '../../config/common/configSchema.js';
import type { AudioDevices, CommandResult, EngineCommand, EngineEvent, EngineState, MicTestResult, ModelEntry } from './contract.js';

export type Unsubscribe = () => void;

/** Who sent a command: one id per WebSocket, window or input device, so its presses can be released when it goes away. */
export interface CommandOrigin {
  client: string;
}

/**
 * What a host (Electron main, the headless server, the CLI) sees of the engine. Both hosts
 * validate incoming payloads with the contract's schemas before calling `execute`.
 */
export interface EngineApi {
  state(): EngineState;
  onState(listener: (state: EngineState) => void): Unsubscribe;
  onEvent(listener: (event: EngineEvent) => void): Unsubscribe;
  /**
   * Runs one already-validated command: `text` resolves with the turn's result,
   * `settingsUpdate` with the new settings, the others with the engine state.
   */
  execute(command: EngineCommand, origin?: CommandOrigin): Promise<CommandResult | EngineState | Config | ModelEntry[] | AudioDevices | MicTestResult | null>;
  /** The client went away (socket closed, window gone): push-to-talk it held is released. */
  releaseClient(client: string): void;
  /** Shorthand for a text command, as the HTTP API and `stratus cmd` use it. */
  runText(text: string, signal?: AbortSignal): Promise<CommandResult>;
  /** A WAV file through the real speech pipeline, as if spoken with push-to-talk. */
  runUtterance(wav: Uint8Array, signal?: AbortSignal): Promise<CommandResult>;
  /** The effective settings, and a validated partial update (throws with the reason). */
  settings(): unknown;
  updateSettings(patch: unknown): Promise<unknown>;
  dispose(): Promise<void>;
}
