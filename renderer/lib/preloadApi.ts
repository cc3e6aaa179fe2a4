import type { z } from 'zod';
import type { engineCommandSchema, EngineState } from '../../core/api/common/contract.js';
import type { Config, SettingsPatch } from '../../core/config/common/configSchema.js';

/**
 * The typed API the Electron preload exposes as `window.stratus`, split by domain. Both sides
 * import this file (types only): electron/preload implements it, renderer/lib/bridge.ts uses it.
 * Every `on…` returns an unsubscribe function; nothing here leaks ipcRenderer.
 */
export type Unsubscribe = () => void;

/** What a command sent to the engine comes back as, over IPC and over the WebSocket alike. */
export interface CommandReply {
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** A command as the UI writes it (defaults such as pttDown's source may be left out). */
export type EngineCommandInput = z.input<typeof engineCommandSchema>;

export interface StratusEngineApi {
  /** The current state (first message after connecting). */
  hello(): Promise<{ contractVersion: number; state: EngineState }>;
  onState(listener: (state: unknown) => void): Unsubscribe;
  onEvent(listener: (event: unknown) => void): Unsubscribe;
  execute(command: EngineCommandInput): Promise<CommandReply>;
}

export interface StratusSpeechApi {
  pttDown(source: 'button' | 'joystick'): Promise<CommandReply>;
  pttUp(source: 'button' | 'joystick'): Promise<CommandReply>;
  text(text: string): Promise<CommandReply>;
  cancel(): Promise<CommandReply>;
}

export interface StratusSimApi {
  /** The sim part of each state push only ({ sim, telemetry }), for windows that need nothing else. */
  onTelemetry(listener: (part: { sim: unknown; telemetry: unknown }) => void): Unsubscribe;
}

export interface StratusSettingsApi {
  get(): Promise<unknown>;
  /** Merged into the saved settings and validated by main; the reply's result is the effective settings. */
  update(patch: SettingsPatch): Promise<CommandReply>;
  /** Opens (or focuses) the settings window. */
  open(): Promise<void>;
}

export interface StratusOverlayApi {
  /** Edit-layout mode: the overlay takes the mouse so it can be dragged and resized. */
  onEditLayout(listener: (editing: boolean) => void): Unsubscribe;
  /** Interact mode (the global hotkey): the overlay takes the mouse until the hotkey is pressed again. */
  onInteract(listener: (on: boolean) => void): Unsubscribe;
  setEditLayout(editing: boolean): Promise<void>;
  /** The pointer is over a control: let it take clicks (the overlay is click-through otherwise). */
  setInteractive(on: boolean): Promise<void>;
}

/** What the desktop shell can and cannot do on this machine (shown in Settings). */
export interface ShellStatus {
  /** The global push-to-talk key (input hook): running, starting, or why not and what to do about it. */
  pttKey: { state: 'starting' | 'running' | 'unavailable'; reason?: string; action?: { label: string; url: string } };
  /** "Start with the system" works only in the installed app. */
  autostart: { supported: boolean; reason?: string };
  /**
   * Joystick/HOTAS buttons read natively (node-hid, in the background): running (and whether the
   * bound stick is connected), or why not (then the Gamepad API in the overlay is the fallback).
   */
  hotas?: {
    state: 'starting' | 'running' | 'unavailable';
    reason?: string;
    source?: string;
    watch?: { state: 'idle' } | { state: 'watching'; device: string; raw: boolean } | { state: 'noDevice'; reason: string };
  };
}

/** What binding a HOTAS button answers: the binding (null: none pressed, or why not in `note`). */
export interface HotasBindReply {
  binding: Config['ptt']['hotas'];
  note: string;
}

export interface StratusInputApi {
  /** A joystick/HOTAS button seen by the renderer's Gamepad API, forwarded to main. */
  gamepadButton(event: { gamepadIndex: number; button: number; pressed: boolean; gamepadId?: string }): Promise<void>;
  /** "Press the button you want": resolves with the next key, mouse or joystick button. */
  captureBinding(): Promise<{ kind: 'key' | 'mouse' | 'joystick'; code: string; label: string } | null>;
  /** Whether the push-to-talk key and autostart work here (null from an older main). */
  status(): Promise<ShellStatus | null>;
  /** Opens the system page the push-to-talk status points at (macOS: Accessibility). */
  openPttAction(): Promise<void>;
  /** Pushed whenever the push-to-talk key's or HOTAS input's status changes. */
  onStatus(listener: (status: ShellStatus) => void): Unsubscribe;
  /** "Press the button you want" on a joystick/HOTAS: the HID process watches every stick, whatever window has focus. */
  bindHotas(): Promise<HotasBindReply>;
}

export interface StratusPreloadApi {
  readonly host: 'electron';
  engine: StratusEngineApi;
  speech: StratusSpeechApi;
  sim: StratusSimApi;
  settings: StratusSettingsApi;
  overlay: StratusOverlayApi;
  input: StratusInputApi;
}
