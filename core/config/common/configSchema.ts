import { z } from 'zod';

/**
 * Every setting Stratus has, with its default. The settings UI, the config file, the
 * STRATUS_* environment variables and the contract's settingsUpdate all go through this schema.
 */
const port = z.number().int().min(0).max(65535);
const host = z.string().min(1).max(255);

export const pttBindingSchema = z.object({
  kind: z.enum(['key', 'mouse', 'joystick']),
  /** Key code (uiohook keycode), mouse button number, or joystick "gamepadIndex:button". */
  code: z.string().min(1).max(64),
  label: z.string().max(64),
});

export const configSchema = z
  .object({
    schemaVersion: z.literal(1).default(1),
    sim: z
      .object({
        kind: z.enum(['auto', 'demo', 'replay', 'xplane', 'xplane-web', 'flightgear', 'msfs']).default('auto'),
        demoRateHz: z.number().int().min(1).max(120).default(20),
        /** Seconds without packets before a connection counts as stale. */
        staleAfterS: z.number().min(0.2).max(30).default(2),
        xplane: z
          .object({ host: host.default('127.0.0.1'), port: port.default(49000), rateHz: z.number().int().min(1).max(99).default(20) })
          .prefault({}),
        xplaneWeb: z.object({ host: host.default('127.0.0.1'), port: port.default(8086) }).prefault({}),
        flightgear: z
          .object({
            host: host.default('127.0.0.1'),
            outPort: port.default(5505),
            inPort: port.default(5506),
            telnetPort: port.default(5401),
          })
          .prefault({}),
        msfs: z.object({ host: host.optional(), port: port.optional() }).prefault({}),
        replay: z.object({ file: z.string().default(''), speed: z.number().min(0.1).max(100).default(1) }).prefault({}),
      })
      .prefault({}),
    aircraft: z.object({ profile: z.string().default('auto') }).prefault({}),
    ptt: z
      .object({
        mode: z.enum(['hold', 'toggle', 'voice']).default('hold'),
        binding: pttBindingSchema.nullable().default(null),
        releaseTailMs: z.number().int().min(0).max(1000).default(250),
        /** A press held longer than this is taken as stuck (a key left down, a client gone) and released. */
        maxHoldS: z.number().min(5).max(600).default(30),
        beeps: z.boolean().default(true),
      })
      .prefault({}),
    audio: z
      .object({
        inputDevice: z.string().nullable().default(null),
        outputDevice: z.string().nullable().default(null),
        preRollMs: z.number().int().min(300).max(2000).default(400),
        maxUtteranceS: z.number().min(2).max(60).default(15),
        volume: z.number().min(0).max(1).default(0.9),
      })
      .prefault({}),
    speech: z
      .object({
        stt: z
          .object({
            engine: z.enum(['whisper', 'pocketsphinx']).default('whisper'),
            whisperModel: z.string().default('base.en'),
            modelPath: z.string().nullable().default(null),
          })
          .prefault({}),
        vad: z
          .object({
            engine: z.enum(['silero', 'energy']).default('silero'),
            threshold: z.number().min(0.05).max(0.95).default(0.5),
            silenceMs: z.number().int().min(200).max(5000).default(700),
          })
          .prefault({}),
        tts: z
          .object({
            engine: z.enum(['system', 'piper']).default('system'),
            voice: z.string().default('en-us+m3'),
            rateWpm: z.number().int().min(80).max(400).default(175),
            radioEffect: z.boolean().default(true),
            enabled: z.boolean().default(true),
          })
          .prefault({}),
        /**
         * How sure recognition must be before a command flies: 0 relaxed (fewer questions) .. 1
         * strict (every risky spoken command is read back as a question). Thresholds: core/turn/common/trust.ts.
         */
        strictness: z.number().min(0).max(1).default(0.5),
      })
      .prefault({}),
    llm: z
      .object({
        provider: z.enum(['ollama', 'openai', 'none']).default('ollama'),
        host: z.string().url().default('http://127.0.0.1:11434'),
        model: z.string().min(1).default('llama3.2:3b'),
        /** OpenAI-compatible base URL (LM Studio, llama.cpp server, vLLM, cloud). */
        baseUrl: z.string().url().default('http://127.0.0.1:1234/v1'),
        timeoutS: z.number().min(1).max(300).default(30),
        keepAlive: z.string().default('30m'),
      })
      .prefault({}),
    callouts: z
      .object({
        enabled: z.boolean().default(true),
        muted: z.boolean().default(false),
        /** Per-rule switches by callout id; absent means on. */
        rules: z.record(z.string(), z.boolean()).default({}),
      })
      .prefault({}),
    overlay: z
      .object({
        showTextInput: z.boolean().default(true),
        opacity: z.number().min(0.2).max(1).default(0.92),
        scale: z.number().min(0.5).max(2).default(1),
        position: z.enum(['top-left', 'top-center', 'top-right', 'bottom-left', 'bottom-center', 'bottom-right', 'custom']).default('top-right'),
        monitor: z.number().int().min(0).default(0),
        contentProtection: z.boolean().default(false),
        bounds: z.object({ x: z.number(), y: z.number(), width: z.number().positive(), height: z.number().positive() }).nullable().default(null),
      })
      .prefault({}),
    app: z.object({ startWithSystem: z.boolean().default(false), startMinimised: z.boolean().default(false) }).prefault({}),
    host: z
      .object({
        /** 127.0.0.1 unless the user opts in to serving other devices (a tablet as second screen). */
        bind: z.string().default('127.0.0.1'),
        port: port.default(0),
      })
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Any part of a settings object, at any depth: what a settings update carries (objects merge, the rest replaces). */
export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
/**
 * A settings update as callers write it. The type only guides well-behaved callers: every update
 * is merged into the saved settings and validated by `configSchema` before anything changes.
 */
export type SettingsPatch = DeepPartial<Config>;

export function defaultConfig(): Config {
  return configSchema.parse({});
}

/** Deep-merges a partial patch into a config object (arrays and nulls replace). */
export function mergeConfig(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch === undefined ? base : patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = mergeConfig(out[k], v);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads STRATUS_* variables into a patch: STRATUS_SIM_KIND=demo -> { sim: { kind: 'demo' } },
 * double underscore for camelCase-free nesting (STRATUS_LLM_HOST, STRATUS_SIM_XPLANE_PORT).
 * Segments are matched case-insensitively against the schema's keys; values are JSON when they
 * parse as JSON, else strings.
 */
export function envPatch(env: Record<string, string | undefined>): { patch: Record<string, unknown>; unknown: string[] } {
  const patch: Record<string, unknown> = {};
  const unknownVars: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('STRATUS_') || raw === undefined) continue;
    const parts = name.slice('STRATUS_'.length).toLowerCase().split('_');
    const path = resolvePath(configSchema, parts);
    if (!path) {
      if (!['STRATUS_CONFIG', 'STRATUS_HOME', 'STRATUS_LOG'].includes(name)) unknownVars.push(name);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let node = patch;
    path.slice(0, -1).forEach((k) => {
      node[k] = isPlainObject(node[k]) ? node[k] : {};
      node = node[k] as Record<string, unknown>;
    });
    node[path[path.length - 1]!] = value;
  }
  return { patch, unknown: unknownVars };
}

/**
 * Every setting's dotted path ("sim.xplane.port"), from the schema: objects are walked into,
 * anything else (numbers, enums, records, nullable objects such as `overlay.bounds`) is one setting.
 */
export function settingPaths(schema: z.ZodType = configSchema, prefix = ''): string[] {
  const shape = objectShapeOf(schema);
  if (!shape) return prefix ? [prefix] : [];
  return Object.entries(shape).flatMap(([key, child]) => settingPaths(child, prefix ? `${prefix}.${key}` : key));
}

/** The object shape behind defaults and prefaults only (not behind nullable/optional: those are one setting). */
function objectShapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s: z.ZodType = schema;
  for (let i = 0; i < 8; i++) {
    if (s instanceof z.ZodObject) return s.shape;
    if (!(s instanceof z.ZodDefault) && !(s instanceof z.ZodPrefault)) return undefined;
    s = s.unwrap() as z.ZodType;
  }
  return undefined;
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s: z.ZodType = schema;
  for (let i = 0; i < 8; i++) {
    if (s instanceof z.ZodObject) return s.shape;
    const inner = (s as unknown as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
    if (!inner) return undefined;
    s = inner;
  }
  return undefined;
}

function resolvePath(schema: z.ZodType, parts: string[]): string[] | undefined {
  if (parts.length === 0) return [];
  const shape = shapeOf(schema);
  if (!shape) return undefined;
  // Try the longest run of segments that names a key (camelCase keys span several segments).
  for (let n = parts.length; n >= 1; n--) {
    const joined = parts.slice(0, n).join('');
    const key = Object.keys(shape).find((k) => k.toLowerCase() === joined);
    if (!key) continue;
    if (n === parts.length) return [key];
    const rest = resolvePath(shape[key]!, parts.slice(n));
    if (rest) return [key, ...rest];
  }
  return undefined;
}
