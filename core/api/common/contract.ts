import { z } from 'zod';
import { configSchema, type SettingsPatch } from '../../config/common/configSchema.js';
import { simKinds } from '../../sim/common/adapter.js';
import { simStateSchema } from '../../sim/common/simState.js';

/**
 * The contract between the engine and every UI: state, events and commands. Electron IPC and the
 * headless WebSocket host both carry exactly these shapes, validated at the boundary.
 * Bump `contractVersion` on any change that an older UI could misread.
 */
export const contractVersion = 2;

export const pipelineStages = ['idle', 'listening', 'transcribing', 'thinking', 'acting', 'speaking'] as const;
export type PipelineStage = (typeof pipelineStages)[number];

export const engineStatusSchema = z.object({
  state: z.enum(['ready', 'loading', 'missing', 'error', 'disabled']),
  /** What the user sees: "pocketsphinx en-us", "no model: download base.en (142 MB)?" */
  detail: z.string(),
});
export type EngineStatus = z.infer<typeof engineStatusSchema>;

export const warningSchema = z.object({
  id: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
});
export type Warning = z.infer<typeof warningSchema>;

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
});
export type EngineState = z.infer<typeof engineStateSchema>;

export const metricStages = ['capture', 'vad', 'stt', 'intent', 'llm', 'sim', 'tts'] as const;
export const stageMetricSchema = z.object({
  stage: z.enum(metricStages),
  turnId: z.string(),
  /** ms since the turn started. */
  startedAt: z.number(),
  durationMs: z.number(),
  /** Time to first byte/token/audio where it applies, measured from when the request was sent. */
  ttfbMs: z.number().optional(),
  cancelled: z.boolean(),
});
export type StageMetric = z.infer<typeof stageMetricSchema>;

export const headlineMetricsSchema = z.object({
  /** Push-to-talk release (or text submit) to final transcript. */
  releaseToTranscriptMs: z.number().optional(),
  /** Release to the sim confirming the action by readback. */
  releaseToActionMs: z.number().optional(),
  /** Release to the first audio of the spoken reply. */
  releaseToFirstAudioMs: z.number().optional(),
  totalMs: z.number(),
});
export type HeadlineMetrics = z.infer<typeof headlineMetricsSchema>;

export const outcomeSchema = z.object({
  status: z.enum(['applied', 'refused', 'timeout', 'answered', 'not-understood', 'llm', 'cancelled', 'control']),
  reason: z.string().optional(),
});
export type Outcome = z.infer<typeof outcomeSchema>;

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

const turnId = z.string();
export const engineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('turnStarted'), turnId, source: z.enum(['text', 'voice', 'copilot']), at: z.number() }),
  z.object({ type: z.literal('transcript'), turnId, kind: z.enum(['interim', 'final']), text: z.string() }),
  z.object({ type: z.literal('intent'), turnId, notation: z.string(), confidence: z.number(), matched: z.array(z.string()) }),
  z.object({ type: z.literal('actionApplied'), turnId, notation: z.string(), latencyMs: z.number() }),
  z.object({ type: z.literal('actionRefused'), turnId, notation: z.string(), reason: z.string() }),
  z.object({ type: z.literal('reply'), turnId, text: z.string(), final: z.boolean() }),
  z.object({
    type: z.literal('turnEnded'),
    turnId,
    outcome: outcomeSchema,
    metrics: z.array(stageMetricSchema),
    headline: headlineMetricsSchema,
  }),
  z.object({ type: z.literal('warning'), warning: warningSchema }),
  /** Once per update that changed something, whoever made it (a settings window, the tray, a voice command, a model download). */
  z.object({
    type: z.literal('settingsChanged'),
    ...settingsChange,
    /** The top-level sections that changed ("sim", "overlay"). */
    sections: z.array(z.string()),
  }),
  z.object({ type: z.literal('callout'), id: z.string(), text: z.string(), priority: z.enum(['info', 'caution', 'warning']), simTimeS: z.number() }),
  z.object({
    type: z.literal('modelProgress'),
    id: z.string(),
    state: z.enum(['downloading', 'installed', 'failed', 'cancelled']),
    receivedBytes: z.number(),
    totalBytes: z.number().optional(),
    error: z.string().optional(),
  }),
  z.object({
    type: z.literal('checklist'),
    name: z.string(),
    title: z.string(),
    index: z.number(),
    items: z.array(z.object({ challenge: z.string(), response: z.string(), status: z.enum(['pending', 'checked', 'skipped', 'challenged']) })),
    done: z.boolean(),
  }),
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;

const modelIdSchema = z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'letters, digits, dot, dash or underscore');

export const modelEntrySchema = z.object({
  id: z.string(),
  sizeMb: z.number().optional(),
  installed: z.boolean(),
  /** Bytes on disk (0 when not installed). */
  bytes: z.number(),
  path: z.string(),
  selected: z.boolean(),
  downloading: z.boolean(),
});
export type ModelEntry = z.infer<typeof modelEntrySchema>;

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
  /** Speaks a sample with the current voice, speed and radio effect. */
  z.object({ type: z.literal('voicePreview'), text: z.string().min(1).max(200).optional() }).strict(),
  /** The audio devices the engine's audio worker sees (PortAudio), for the device pickers. */
  z.object({ type: z.literal('audioDevices') }).strict(),
  /**
   * Records `seconds` from the engine's microphone (level events flow meanwhile), judges it and,
   * with `playback`, plays the recording through the output device.
   */
  z.object({ type: z.literal('micTest'), seconds: z.number().min(0.5).max(5).default(2), playback: z.boolean().default(true) }).strict(),
]);
export type EngineCommand = z.infer<typeof engineCommandSchema>;

export const audioDeviceSchema = z.object({ name: z.string(), defaultSampleRateHz: z.number(), hostApi: z.string() });
/** The answer to `audioDevices`: inputs and outputs by name (the settings store names, not ids). */
export const audioDevicesSchema = z.object({
  inputs: z.array(audioDeviceSchema),
  outputs: z.array(audioDeviceSchema),
  /** Why the list is empty, when it is ("no audio hardware", "PortAudio failed to load: ..."). */
  problem: z.string().optional(),
});
export type AudioDevices = z.infer<typeof audioDevicesSchema>;

/** The answer to `micTest`. */
export const micTestResultSchema = z.object({
  /** The input that was recorded ("default input" for the system default). */
  device: z.string(),
  seconds: z.number(),
  peakDb: z.number(),
  rmsDb: z.number(),
  /** The VAD heard speech somewhere in the recording. */
  speech: z.boolean(),
  verdict: z.enum(['ok', 'quiet', 'silent', 'clipping', 'unavailable']),
  /** One sentence for the pilot: what was heard and what to do about it. */
  message: z.string(),
  /** The recording was played through the output device. */
  playedBack: z.boolean(),
});
export type MicTestResult = z.infer<typeof micTestResultSchema>;

/** The answer to a text or audio command: what the HTTP API and `stratus cmd` print. */
export const commandResultSchema = z.object({
  turnId: z.string(),
  transcript: z.string(),
  intent: z.string().nullable(),
  confidence: z.number(),
  reply: z.string(),
  outcome: outcomeSchema,
  metrics: z.array(stageMetricSchema),
  headline: headlineMetricsSchema,
});
export type CommandResult = z.infer<typeof commandResultSchema>;

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
  voicePreview: engineStateSchema,
  audioDevices: audioDevicesSchema,
  micTest: micTestResultSchema,
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
