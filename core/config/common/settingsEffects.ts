import type { Config } from './configSchema.js';

/**
 * When a changed setting takes effect. `live`: the running app applies it at once (`how` says
 * where). `restart`: it is saved, and used from the next start; the settings window names it
 * by `label` ("Saved — restart Stratus to apply: headless server port").
 */
export type SettingEffect = { applies: 'live'; how: string } | { applies: 'restart'; how: string; label: string };

/**
 * Every setting, by dotted path or by the prefix of a group that applies the same way (the
 * longest matching key wins). A unit test checks that every path in the schema is covered, so a
 * new setting must be classified here. The engine answers each settingsUpdate from this table,
 * and the settings window says what it answered.
 */
export const settingEffects = {
  schemaVersion: { applies: 'live', how: 'one version exists: nothing to apply' },
  sim: { applies: 'live', how: 'the engine replaces its sim link (the old one is closed, the new one started) when a setting the chosen sim uses changed' },
  aircraft: { applies: 'live', how: 'the sim link is rebuilt with the chosen aircraft profile' },
  'ptt.mode': { applies: 'live', how: 'push-to-talk state machine options; the desktop global hook re-registers; published in state.ptt' },
  'ptt.binding': { applies: 'live', how: 'the desktop global hook (keys, mouse) and joystick router re-register the binding' },
  'ptt.hotas': { applies: 'live', how: 'the desktop HID process (node-hid) follows the new stick and button at once' },
  'ptt.releaseTailMs': { applies: 'live', how: 'push-to-talk state machine options' },
  'ptt.maxHoldS': { applies: 'live', how: 'push-to-talk state machine options' },
  'ptt.beeps': { applies: 'live', how: 'stored only: nothing plays push-to-talk beeps yet' },
  'audio.inputDevice': { applies: 'live', how: 'the audio worker reopens capture on the new device' },
  'audio.outputDevice': { applies: 'live', how: 'the audio worker reopens playback on the new device' },
  'audio.preRollMs': { applies: 'live', how: 'the audio worker resizes its ring buffer' },
  'audio.maxUtteranceS': { applies: 'live', how: 'the audio worker resizes its ring buffer; push-to-talk and utterance checks read it' },
  'audio.volume': { applies: 'live', how: 'read at every playback' },
  'speech.stt': { applies: 'live', how: 'the speech-to-text engine is rebuilt' },
  'speech.vad.engine': { applies: 'live', how: 'the audio worker loads the chosen VAD' },
  'speech.vad.threshold': { applies: 'live', how: 'sent to the audio worker; read at every trim' },
  'speech.vad.silenceMs': { applies: 'live', how: 'push-to-talk state machine options' },
  'speech.strictness': { applies: 'live', how: 'the turn runner reads it at every turn (confidence thresholds, core/turn/common/trust.ts)' },
  'speech.tts': { applies: 'live', how: 'the text-to-speech engine is rebuilt' },
  llm: { applies: 'live', how: 'the copilot gets a new model client and re-checks the model' },
  callouts: { applies: 'live', how: 'the callout engine is reconfigured; published in state.ui.calloutsMuted' },
  'overlay.showTextInput': { applies: 'live', how: 'published in state.ui; the overlay shows or hides the field' },
  overlay: { applies: 'live', how: 'the desktop shell re-applies look and place to the overlay window (a browser tab has no window to move)' },
  app: { applies: 'live', how: 'the desktop shell updates the login item at once (start minimised is, by nature, about the next start)' },
  'app.disableHardwareAcceleration': {
    applies: 'restart',
    how: 'Chromium reads it once, before the desktop app is ready (app.disableHardwareAcceleration)',
    label: 'hardware acceleration',
  },
  'overlay.interactHotkey': { applies: 'live', how: 'the desktop shell re-registers the global hotkey' },
  'app.autoUpdate': { applies: 'live', how: 'the desktop shell starts or stops its automatic update checks (electron/main/updater.ts)' },
  'host.bind': {
    applies: 'restart',
    how: 'the headless server listens once, at start; rebinding would cut off the page that made the change',
    label: 'headless server address',
  },
  'host.exposeToNetwork': {
    applies: 'restart',
    how: 'the headless server listens once, at start; the opt-in is read with host.bind',
    label: 'headless server exposed to the network',
  },
  'host.port': {
    applies: 'restart',
    how: 'the headless server listens once, at start; rebinding would cut off the page that made the change',
    label: 'headless server port',
  },
} as const satisfies Record<string, SettingEffect>;

/** The setting paths that only take effect after a restart. */
export const restartNeededSettings: readonly string[] = Object.entries(settingEffects as Record<string, SettingEffect>)
  .filter(([, e]) => e.applies === 'restart')
  .map(([path]) => path);

/** How a setting (by dotted path) takes effect: the entry of the longest key that is the path or a prefix of it. */
export function effectOf(path: string): SettingEffect | undefined {
  let best: string | undefined;
  for (const key of Object.keys(settingEffects)) {
    if ((path === key || path.startsWith(`${key}.`)) && (!best || key.length > best.length)) best = key;
  }
  return best ? (settingEffects as Record<string, SettingEffect>)[best] : undefined;
}

/**
 * The settings saved at other values than the running app started with and that only a restart
 * applies: what the settings window keeps asking a restart for (changing one back clears it).
 */
export function pendingRestart(startedWith: unknown, now: unknown): string[] {
  // An unclassified setting counts as restart-needed: better to ask for a restart than to claim it applied.
  return changedSettings(startedWith, now).filter((p) => effectOf(p)?.applies !== 'live');
}

/** What the UI calls a restart-needed setting: its label, or the path when it has none. */
export function restartLabel(path: string): string {
  const e = effectOf(path);
  return e?.applies === 'restart' ? e.label : path;
}

/**
 * The dotted paths whose values differ between two settings objects: plain objects are compared
 * key by key (so `callouts.rules.v1` for one rule), anything else as a whole value.
 */
export function changedSettings(previous: unknown, next: unknown, prefix = ''): string[] {
  if (isPlainObject(previous) && isPlainObject(next)) {
    const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
    return [...keys].flatMap((k) => changedSettings(previous[k], next[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(previous) === JSON.stringify(next) ? [] : [prefix || '(root)'];
}

/** The dotted paths a patch sets (its leaves: `{ sim: { xplane: { port: 1 } } }` -> `sim.xplane.port`). */
export function patchPaths(patch: unknown, prefix = ''): string[] {
  if (!isPlainObject(patch) || (prefix && Object.keys(patch).length === 0)) return prefix ? [prefix] : [];
  return Object.entries(patch).flatMap(([k, v]) => patchPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** Whether two dotted paths name the same setting or one contains the other. */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/** The top-level sections of these paths, once each ("sim", "overlay"). */
export function sectionsOf(paths: readonly string[]): Array<keyof Config> {
  return [...new Set(paths.map((p) => p.split('.')[0] as keyof Config))];
}

/** The value at a dotted settings path ("sim.xplane.port"), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
