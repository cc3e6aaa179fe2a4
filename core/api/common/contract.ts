import { z } from 'zod';
import { configSchema, ttsSettingsSchema, type SettingsPatch } from '../../config/common/configSchema.js';
import { simKinds } from '../../sim/common/adapter.js';
import { simStateSchema } from '../../sim/common/simState.js';
import { audioDevicesSchema, micTestResultSchema } from '../../audio/common/audioDevices.js';
import { engineStatusSchema, warningEventSchema, warningSchema } from '../../base/common/status.js';
import { modelDeleteResultSchema, modelEntrySchema, modelProgressEventSchema } from '../../speech/common/models.js';
import { voiceListSchema, voicePreviewResultSchema } from '../../speech/common/ttsVoices.js';
import { copilotEventSchemas } from '../../copilot/common/copilotEvents.js';
import { commandResultSchema, pipelineStages, trustStateSchema, turnEventSchemas } from '../../turn/common/turnResults.js';
import { historyEventSchema, historyListSchema, historyUndoResultSchema } from '../../turn/common/historyEntry.js';
import { customCommandSchemas, customResultSchemas, profileCommandSchemas, profileResultSchemas } from '../../custom/common/customApi.js';

// The shared vocabulary lives with the area that owns it; the contract composes it and re-exports
// it, so UIs read every shape from here.
export * from '../../audio/common/audioDevices.js';
export * from '../../base/common/status.js';
export * from '../../base/common/metrics.js';
export * from '../../speech/common/models.js';
export { voiceListSchema, voicePreviewResultSchema, type VoiceList, type VoicePreviewResult } from '../../speech/common/ttsVoices.js';
export * from '../../copilot/common/copilotEvents.js';
export * from '../../turn/common/turnResults.js';
export * from '../../turn/common/historyEntry.js';

/**
 * The contract between the engine and every UI: state, events and commands. Electron IPC and the
 * headless WebSocket host both carry exactly these shapes, validated at the boundary.
 * Bump `contractVersion` on any change that an older UI could misread.
 */
export const contractVersion = 2;

export const simConnectionSchema = z.object({
  kind: z.enum(simKinds),
  phase: z.enum(['searching', 'connected', 'stale', 'lost', 'reconnecting', 'stopped']),
  detail: z.string(),
  reason: z.string().optional(),
});

/** The telemetry the overlay shows: a flat subset of SimState, in the architecture's units. */
export const telemetrySchema = simStateSchema
  .pick({
    simTimeS: true,
    altitudeFt: true,
    altitudeAglFt: true,
    iasKt: true,
    groundSpeedKt: true,
    headingDegMag: true,
    verticalSpeedFpm: true,
    latDeg: true,
    lonDeg: true,
    flapsIndex: true,
    flapsRatio: true,
    gearDown: true,
    onGround: true,
    fuelKg: true,
    xpdrCode: true,
  })
  .extend({
    apMaster: z.boolean(),
    apHeadingDegMag: z.number(),
    apAltitudeFt: z.number(),
    apSpeedKt: z.number(),
    apVerticalSpeedFpm: z.number(),
    apModes: z.array(z.string()),
    com1ActiveKhz: z.number(),
    com1StandbyKhz: z.number(),
    /** The sim is paused (a pilot's own "pause the sim" shows here). */
    paused: z.boolean().optional(),
    /** Exterior lights that are on ("landing", "taxi", ...). */
    lightsOn: z.array(z.string()).optional(),
  });
export type Telemetry = z.infer<typeof telemetrySchema>;

export const engineStateSchema = z.object({
  contractVersion: z.literal(contractVersion),
  version: z.string(),
  sim: simConnectionSchema.extend({
    aircraft: z.string(),
    packets: z.object({ received: z.number(), dropped: z.number() }),
  }),
  telemetry: telemetrySchema,
  ptt: z.object({ mode: z.enum(['hold', 'toggle', 'voice']), pressed: z.boolean() }),
  stage: z.enum(pipelineStages),
  /** Input level in dBFS (-100 when not listening), for the meter; about 10 Hz while listening or testing the microphone. */
  levelDb: z.number(),
  engines: z.object({
    audio: engineStatusSchema,
    vad: engineStatusSchema,
    stt: engineStatusSchema,
    tts: engineStatusSchema,
    llm: engineStatusSchema,
  }),
  warnings: z.array(warningSchema),
  ui: z.object({ showTextInput: z.boolean(), calloutsMuted: z.boolean() }),
  /**
   * A question waiting for "affirm" and the last command "undo" can take back, so a UI that
   * (re)connects shows them. Optional for hosts that predate it; the engine always sends it.
   */
  trust: trustStateSchema.optional(),
});
export type EngineState = z.infer<typeof engineStateSchema>;

/**
 * A settings update on the wire: any object. Its contents are checked where it is applied (merged
 * into the saved settings and validated by configSchema, which names the bad field); the type is
 * the deep-partial Config that well-behaved callers write.
 */
export const settingsPatchSchema = z.custom<SettingsPatch>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object of settings');

/** What one settings update did. Paths are dotted ("sim.xplane.port"); see config/common/settingsEffects.ts. */
const settingsChange = {
  /** The effective settings now. */
  settings: configSchema,
  /** Settings whose effective value changed. */
  changed: z.array(z.string()),
  /**
   * Settings saved at another value than this run started with that only a restart applies (by
   * this update or an earlier one); every other change is applied.
   */
  restartNeeded: z.array(z.string()),
};

export const engineEventSchema = z.discriminatedUnion('type', [
  ...turnEventSchemas,
  warningEventSchema,
  /** Once per update that changed something, whoever made it (a settings window, the tray, a voice command, a model download). */
  z.object({
    type: z.literal('settingsChanged'),
    ...settingsChange,
    /** The top-level sections that changed ("sim", "overlay"). */
    sections: z.array(z.string()),
  }),
  ...copilotEventSchemas,
  modelProgressEventSchema,
  historyEventSchema,
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;

const modelIdSchema = z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore');

/** Commands any UI may send. `.strict()` so unknown fields are refused, not ignored. */
export const engineCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pttDown'), source: z.enum(['api', 'button', 'key', 'joystick']).default('api') }).strict(),
  z.object({ type: z.literal('pttUp'), source: z.enum(['api', 'button', 'key', 'joystick']).default('api') }).strict(),
  z.object({ type: z.literal('text'), text: z.string().min(1).max(2000) }).strict(),
  z.object({ type: z.literal('cancel') }).strict(),
  z.object({ type: z.literal('settingsUpdate'), patch: settingsPatchSchema }).strict(),
  /** The whisper models: known ones with size, installed or not, and disk use. */
  z.object({ type: z.literal('modelList') }).strict(),
  /** Downloads (resuming) a known model, or a custom one from `url`; progress as modelProgress events. */
  z.object({ type: z.literal('modelDownload'), id: modelIdSchema, url: z.url({ protocol: /^https?$/ }).optional() }).strict(),
  z.object({ type: z.literal('modelCancel'), id: modelIdSchema }).strict(),
  /** Deletes a downloaded model; the one in use only with `confirm` (recognition then switches to another installed model or PocketSphinx). */
  z.object({ type: z.literal('modelDelete'), id: modelIdSchema, confirm: z.boolean().default(false) }).strict(),
  /**
   * Speaks a sample with the saved voice, speed and radio effect, or with `tts` (the settings being
   * edited, not saved); the answer says whether anything was played and why not.
   */
  z.object({ type: z.literal('voicePreview'), text: z.string().min(1).max(200).optional(), tts: ttsSettingsSchema.optional() }).strict(),
  /** The voices speech.tts.voice may name (installed system voices, Piper voices), for the voice picker. */
  z.object({ type: z.literal('voiceList') }).strict(),
  /** The audio devices the engine's audio worker sees (PortAudio), for the device pickers. */
  z.object({ type: z.literal('audioDevices') }).strict(),
  /**
   * Records `seconds` from the engine's microphone (level events flow meanwhile), judges it and,
   * with `playback`, plays the recording through the output device.
   */
  z.object({ type: z.literal('micTest'), seconds: z.number().min(0.5).max(5).default(2), playback: z.boolean().default(true) }).strict(),
  /** Keeps the live input level (state.levelDb) coming for `seconds` even when not listening: the settings window's meter renews it while open. */
  z.object({ type: z.literal('micMonitor'), seconds: z.number().min(1).max(30).default(5) }).strict(),
  /** The transcript history, newest first. */
  z.object({ type: z.literal('historyList') }).strict(),
  /** Undoes one history entry: refused with the reason when a later change to the same control (or the pilot) would be overwritten. */
  z.object({ type: z.literal('historyUndo'), turnId: z.string().min(1).max(64) }).strict(),
  /** The pilot's own commands: list, save one, delete one, import and export a shared file (core/custom/common/customApi.ts). */
  ...customCommandSchemas,
  ...profileCommandSchemas,
]);
export type EngineCommand = z.infer<typeof engineCommandSchema>;

/** The answer to `settingsUpdate`. */
export const settingsUpdateResultSchema = z.object({
  ...settingsChange,
  /** Settings in the patch that a STRATUS_* variable holds for this run: saved to the file, not applied. */
  overridden: z.array(z.string()),
});
export type SettingsUpdateResult = z.infer<typeof settingsUpdateResultSchema>;

/**
 * What each command answers, by command type: the engine's `execute` is typed by it, and a UI
 * can check a reply with the schema of the command it sent.
 */
export const commandResultSchemas = {
  pttDown: engineStateSchema,
  pttUp: engineStateSchema,
  text: commandResultSchema,
  cancel: engineStateSchema,
  settingsUpdate: settingsUpdateResultSchema,
  modelList: z.array(modelEntrySchema),
  modelDownload: z.array(modelEntrySchema),
  modelCancel: z.array(modelEntrySchema),
  modelDelete: modelDeleteResultSchema,
  voicePreview: voicePreviewResultSchema,
  voiceList: voiceListSchema,
  audioDevices: audioDevicesSchema,
  micTest: micTestResultSchema,
  micMonitor: engineStateSchema,
  historyList: historyListSchema,
  historyUndo: historyUndoResultSchema,
  ...customResultSchemas,
  ...profileResultSchemas,
} satisfies { [K in EngineCommand['type']]: z.ZodType }; // a command without a result schema fails to compile here
export type CommandResults = { [K in keyof typeof commandResultSchemas]: z.infer<(typeof commandResultSchemas)[K]> };
/** The result type of a command (`ResultOf<{ type: 'micTest' }>` is MicTestResult). */
export type ResultOf<C extends { type: EngineCommand['type'] }> = CommandResults[C['type']];

/** Messages on the headless WebSocket, server to client. */
export const serverMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hello'), contractVersion: z.number(), state: engineStateSchema }),
  z.object({ kind: z.literal('state'), state: engineStateSchema }),
  z.object({ kind: z.literal('event'), event: engineEventSchema }),
  z.object({ kind: z.literal('reply'), id: z.number(), ok: z.boolean(), result: z.unknown().optional(), error: z.string().optional() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** Messages on the headless WebSocket, client to server: a command with an id for its reply. */
export const clientMessageSchema = z.object({ id: z.number().int(), command: engineCommandSchema }).strict();
export type ClientMessage = z.infer<typeof clientMessageSchema>;
