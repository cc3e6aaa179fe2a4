import type { Config, SettingsPatch } from '../../config/common/configSchema.js';
import type { CommandResult, EngineCommand, EngineEvent, EngineState, ResultOf } from './contract.js';

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
   * Runs one already-validated command and resolves with that command's result
   * (`commandResultSchemas` in the contract): `text` with the turn's result, `settingsUpdate`
   * with what changed and what needs a restart, `micTest` with the verdict, and so on.
   */
  execute<C extends EngineCommand>(command: C, origin?: CommandOrigin): Promise<ResultOf<C>>;
  /** The client went away (socket closed, window gone): push-to-talk it held is released. */
  releaseClient(client: string): void;
  /** Shorthand for a text command, as the HTTP API and `stratus cmd` use it. */
  runText(text: string, signal?: AbortSignal): Promise<CommandResult>;
  /** A WAV file through the real speech pipeline, as if spoken with push-to-talk. */
  runUtterance(wav: Uint8Array, signal?: AbortSignal): Promise<CommandResult>;
  /** The effective settings (file + STRATUS_* environment). */
  settings(): Config;
  /**
   * Merges a partial update into the saved settings, validates the result with the config schema
   * (throws with the reason, changing nothing), saves it, applies what can be applied live, and
   * emits `settingsChanged` once if anything changed. Resolves with the effective settings.
   */
  updateSettings(patch: SettingsPatch): Promise<Config>;
  dispose(): Promise<void>;
}
