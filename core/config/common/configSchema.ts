import { z } from 'zod';
import { MAX_LLM_URL_CHARS, parseLlmUrl } from './llmUrl.js';

/**
 * Every setting Stratus has, with its default. The settings UI, the config file, the
 * STRATUS_* environment variables and the contract's settingsUpdate all go through this schema.
 */
const port = z.number().int().min(0).max(65535);

/** An IPv4 literal (four 0-255 parts). */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** A DNS host name: dot-separated labels of letters, digits and inner hyphens, 253 characters at most. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** An IPv6 literal without brackets: eight hex groups, one `::` for a run of zeros, an optional IPv4 tail. */
function isIpv6(v: string): boolean {
  if (v.length > 45 || !v.includes(':')) return false;
  const halves = v.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  const last = groups[groups.length - 1];
  const v4Tail = last !== undefined && last.includes('.');
  if (v4Tail && !IPV4.test(last)) return false;
  const hex = v4Tail ? groups.slice(0, -1) : groups;
  if (!hex.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return false;
  const count = hex.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? count <= 7 : count === 8;
}

export function isIpLiteral(v: string): boolean {
  return IPV4.test(v) || isIpv6(v);
}

/** Addresses that only this machine can reach. */
export function isLoopbackBind(v: string): boolean {
  return v === 'localhost' || v === '::1' || /^127\./.test(v) || /^::ffff:127\./i.test(v);
}

/** A sim's host: a host name or an IP literal (no scheme, port, path or spaces). */
const host = z
  .string()
  .min(1)
  .max(253)
  .refine((v) => HOSTNAME.test(v) || isIpLiteral(v), 'expected a host name or IP address (e.g. 127.0.0.1, sim-pc.local)');

/** Longest file path accepted (Windows long paths reach 32,767; nothing real comes near this). */
const MAX_PATH_CHARS = 4096;
/** An absolute file path (POSIX or Windows) without NUL or other control characters, or '' for none. */
export const absolutePathOrEmpty = z
  .string()
  .max(MAX_PATH_CHARS)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((v) => !/[\u0000-\u001f]/.test(v), 'must not contain control characters')
  .refine((v) => v === '' || v.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(v) || v.startsWith('\\\\'), 'expected an absolute file path');

/** A name shown in lists (devices): bounded, no control characters. */
const displayName = z
  .string()
  .min(1)
  .max(256)
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters');

/** A language-model endpoint the clients accept (core/config/common/llmUrl.ts decides for both). */
const llmUrl = z
  .string()
  .max(MAX_LLM_URL_CHARS)
  .superRefine((v, ctx) => {
    const r = parseLlmUrl(v);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: `the language-model URL ${r.reason}` });
  });

/** Ollama's keep_alive: a Go duration ("30m", "1h30m", "-1m" = forever) or a number of seconds ("0" unloads at once, "-1" forever). */
const OLLAMA_DURATION = /^(-?\d+|-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/;
/** Most per-rule callout switches kept: there are a few dozen callouts; this bounds a hostile file. */
const MAX_CALLOUT_RULES = 256;
/** Monitors a window may be placed on: more than any desk has. */
const MAX_MONITORS = 32;
/** A window coordinate or size in pixels: beyond any real desktop (16 8K screens side by side) is a corrupt value. */
const screenPx = z.number().min(-131_072).max(131_072);
/** The sentence a refused network bind answers with. */
export const EXPOSE_REASON =
  'would expose Stratus to the network: every device that can reach this address could use the overlay and the API (with the session token) and read the settings; set host.exposeToNetwork to true as well to allow it';

/** speech.tts; also what a voice preview of unsaved settings carries (the contract's voicePreview). */
export const ttsSettingsSchema = z.object({
  engine: z.enum(['system', 'piper']).default('system'),
  /** A voice name (never a path or an option: it reaches a child process); that it is installed is checked by core/speech/node/ttsVoices.ts. */
  voice: z.string().min(1).max(64).regex(/^(?!.*\.\.)[\p{L}\p{N}][\p{L}\p{N} _.+(),'-]*$/u, 'expected a voice name such as en-us+m3 (not a path or an option)').default('en-us+m3'),
  rateWpm: z.number().int().min(80).max(400).default(175),
  radioEffect: z.boolean().default(true),
  enabled: z.boolean().default(true),
});

export const pttBindingSchema = z.object({
  kind: z.enum(['key', 'mouse', 'joystick']),
  /** Key code (uiohook keycode), mouse button number, or joystick "gamepadIndex:button". */
  code: z.string().min(1).max(64),
  label: z.string().max(64),
});

/**
 * A joystick/HOTAS button read natively (node-hid, in its own process): which device, and which of
 * its buttons. Every field is always written (a settings patch merges objects; nulls replace).
 */
export const hotasBindingSchema = z
  .object({
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    /** The device's product name: shown in Settings, and tells two sticks apart when neither has a serial. */
    product: z.string().max(128),
    /** Tells two identical sticks apart; '' when the device has none. */
    serialNumber: z.string().max(128).default(''),
    /** Button usage number from the device's report descriptor (Button 1 = 1); 0 when rawBit is used. */
    button: z.number().int().min(0).max(0xffff),
    /** The descriptor could not be read (Windows, macOS): the bit that toggled, in reports of this length. */
    rawBit: z
      .object({ reportBytes: z.number().int().min(1).max(1024), bitOffset: z.number().int().min(0).max(8191) })
      .nullable()
      .default(null),
    label: z.string().max(200),
  })
  .refine((b) => b.button > 0 || b.rawBit !== null, 'a HOTAS binding names a button (1 or more) or a raw bit');

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
        /** MSFS on another PC (its SimConnect.xml opened to the network); null or absent: this PC's SimConnect pipe. Null clears it from Settings. */
        msfs: z.object({ host: host.nullish(), port: port.nullish() }).prefault({}),
        replay: z.object({ file: absolutePathOrEmpty.default(''), speed: z.number().min(0.1).max(100).default(1) }).prefault({}),
      })
      .prefault({}),
    aircraft: z.object({ profile: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'expected an aircraft profile id (letters, digits, dot, dash or underscore)').default('auto') }).prefault({}),
    ptt: z
      .object({
        mode: z.enum(['hold', 'toggle', 'voice']).default('hold'),
        binding: pttBindingSchema.nullable().default(null),
        /** A HOTAS button read natively in the background; works alongside the key binding. */
        hotas: hotasBindingSchema.nullable().default(null),
        releaseTailMs: z.number().int().min(0).max(1000).default(250),
        /** A press held longer than this is taken as stuck (a key left down, a client gone) and released. */
        maxHoldS: z.number().min(5).max(600).default(30),
        beeps: z.boolean().default(true),
      })
      .prefault({}),
    audio: z
      .object({
        inputDevice: displayName.nullable().default(null),
        outputDevice: displayName.nullable().default(null),
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
        tts: ttsSettingsSchema.prefault({}),
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
        host: llmUrl.default('http://127.0.0.1:11434'),
        model: z
          .string()
          .regex(/^[\w.:/@+-]{1,200}$/, 'expected a model name (letters, digits and . : / @ + - _)')
          .default('llama3.2:3b'),
        /** OpenAI-compatible base URL (LM Studio, llama.cpp server, vLLM, cloud). */
        baseUrl: llmUrl.default('http://127.0.0.1:1234/v1'),
        timeoutS: z.number().min(1).max(300).default(30),
        keepAlive: z.string().max(32).regex(OLLAMA_DURATION, 'expected a duration like "30m", "1h", "0" or "-1"').default('30m'),
        /**
         * Read-only: whether the secret store holds an API key. The key itself is sent as
         * `llm.apiKey` in a settings update, goes to the secret store and never into settings.
         */
        apiKeySet: z.boolean().default(false),
      })
      .prefault({}),
    callouts: z
      .object({
        enabled: z.boolean().default(true),
        muted: z.boolean().default(false),
        /** Per-rule switches by callout id; absent means on. */
        rules: z
          .record(z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, 'expected a callout id'), z.boolean())
          .refine((r) => Object.keys(r).length <= MAX_CALLOUT_RULES, `at most ${MAX_CALLOUT_RULES} callout switches`)
          .default({}),
      })
      .prefault({}),
    overlay: z
      .object({
        showTextInput: z.boolean().default(true),
        opacity: z.number().min(0.2).max(1).default(0.92),
        scale: z.number().min(0.5).max(2).default(1),
        position: z.enum(['top-left', 'top-center', 'top-right', 'bottom-left', 'bottom-center', 'bottom-right', 'custom']).default('top-right'),
        monitor: z.number().int().min(0).max(MAX_MONITORS).default(0),
        contentProtection: z.boolean().default(false),
        /**
         * Global hotkey (Electron accelerator) that toggles the overlay's click-through, so its
         * controls can be used where hover forwarding does not exist (Linux). '' turns it off.
         */
        interactHotkey: z
          .string()
          .max(64)
          .regex(/^$|^(?:[A-Za-z0-9]+\+)*[A-Za-z0-9]+$/, 'expected a key combination such as CommandOrControl+Shift+Space')
          .default('CommandOrControl+Shift+Space'),
        bounds: z
          .object({ x: screenPx, y: screenPx, width: screenPx.positive(), height: screenPx.positive() })
          .nullable()
          .default(null),
      })
      .prefault({}),
    app: z
      .object({
        startWithSystem: z.boolean().default(false),
        startMinimised: z.boolean().default(false),
        /** Chromium draws on the CPU: the fix for a black (not transparent) overlay on some GPUs/drivers. Read once, before the app is ready. */
        disableHardwareAcceleration: z.boolean().default(false),
        /** Installed builds check for updates at start and every few hours, download in the background and install on quit. */
        autoUpdate: z.boolean().default(true),
      })
      .prefault({}),
    host: z
      .object({
        /** 127.0.0.1 unless the user opts in to serving other devices (a tablet as second screen). */
        bind: z
          .string()
          .max(64)
          .refine((v) => v === 'localhost' || isIpLiteral(v), 'expected an IP address or localhost (e.g. 127.0.0.1)')
          .default('127.0.0.1'),
        port: port.default(0),
        /** The pilot's explicit opt-in to a bind address other devices can reach (0.0.0.0, ::, a LAN address). */
        exposeToNetwork: z.boolean().default(false),
      })
      .superRefine((h, ctx) => {
        if (!h.exposeToNetwork && (h.bind === 'localhost' || isIpLiteral(h.bind)) && !isLoopbackBind(h.bind)) {
          ctx.addIssue({ code: 'custom', path: ['bind'], message: `${h.bind} ${EXPOSE_REASON}` });
        }
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
export type SettingsPatch = DeepPartial<Omit<Config, 'llm'>> & {
  /** `apiKey` goes to the secret store (a string sets it, '' or null removes it); never saved in settings. */
  llm?: DeepPartial<Omit<Config['llm'], 'apiKeySet'>> & { apiKey?: string | null };
};

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
