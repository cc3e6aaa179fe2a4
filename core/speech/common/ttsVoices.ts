import { z } from 'zod';

/**
 * Which voice names a text-to-speech engine may be given. A voice reaches a child process as an
 * argument (`espeak-ng -v <voice>`) or names a file (`<voice>.onnx`), so it is checked against
 * the voices the engine reports as installed, never trusted as typed: a path ("../../etc/passwd")
 * or an option ("--stdout") is not a voice.
 */

/** The voice every engine starts with: espeak-ng's US English with the "m3" variant; on macOS and Windows it means the system's default voice. */
export const DEFAULT_VOICE = 'en-us+m3';
/** Longer than any installed voice name ("English_(America,_New_York_City)" is 33); a cap for what is echoed and spawned. */
export const MAX_VOICE_CHARS = 64;
/** How many installed voices a refusal names: enough to see the form, short enough to read. */
const SUGGESTED_VOICES = 8;
/** A voice name: letters, digits, space and `_ . + ( ) , ' -`, starting with a letter or digit (so never an option, a path or hidden file). */
const VOICE_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.+(),'-]*$/u;

/** The voices one engine reports as installed. */
export const installedVoicesSchema = z.object({
  engine: z.enum(['espeak-ng', 'say', 'SAPI', 'piper']),
  /** Names as the engine takes them: espeak-ng languages ("en-us"), `say` and SAPI voice names, Piper model names. */
  voices: z.array(z.string()),
  /** espeak-ng variants ("m3", "f2"), taken after a "+" ("en-us+m3"). */
  variants: z.array(z.string()),
  /** Why the list could not be had (the engine is not installed): then no voice but the default is accepted. */
  problem: z.string().optional(),
});
export type InstalledVoices = z.infer<typeof installedVoicesSchema>;

/** The answer to the contract's `voiceList`: what speech.tts.voice may be, for each engine setting. */
export const voiceListSchema = z.object({ system: installedVoicesSchema, piper: installedVoicesSchema });
export type VoiceList = z.infer<typeof voiceListSchema>;

export type VoiceCheck = { ok: true } | { ok: false; reason: string };

/** Why `voice` cannot be a voice name at all, whatever is installed; undefined when it could be. */
export function voiceShapeProblem(voice: string): string | undefined {
  if (voice.length === 0) return 'a voice name is required';
  if (voice.length > MAX_VOICE_CHARS) return `a voice name has at most ${MAX_VOICE_CHARS} characters`;
  if (voice.includes('..') || !VOICE_NAME.test(voice)) return 'a voice is a name such as en-us+m3, not a path or an option';
  return undefined;
}

/** Whether one engine has `voice` installed (espeak-ng: a language, optionally with "+variant"). */
export function hasVoice(voice: string, installed: InstalledVoices): boolean {
  if (voiceShapeProblem(voice)) return false;
  if (installed.problem && installed.voices.length === 0) return voice === DEFAULT_VOICE;
  if (installed.engine === 'say' || installed.engine === 'SAPI') {
    // The default is espeak-ng's name: there it means the system's default voice (systemTts.ts).
    return voice === DEFAULT_VOICE || installed.voices.includes(voice);
  }
  if (installed.engine === 'piper') return installed.voices.includes(voice);
  const plus = voice.indexOf('+');
  const language = plus < 0 ? voice : voice.slice(0, plus);
  const variant = plus < 0 ? undefined : voice.slice(plus + 1);
  return installed.voices.includes(language) && (variant === undefined || installed.variants.includes(variant));
}

/**
 * Checks a voice against what the engines in use report as installed (`engines[0]` first: for
 * Piper, Piper's voices then the system voice it falls back to), with a refusal that names a few
 * installed voices.
 */
export function checkVoice(voice: string, engines: InstalledVoices[]): VoiceCheck {
  const shown = showVoice(voice);
  const shape = voiceShapeProblem(voice);
  if (shape) return { ok: false, reason: `speech.tts.voice: ${shown} is not a voice name (${shape}). ${suggestions(engines)}` };
  if (engines.some((e) => hasVoice(voice, e))) return { ok: true };
  const names = engines.map((e) => e.engine).join(' or ');
  return { ok: false, reason: `speech.tts.voice: ${shown} is not an installed ${names} voice. ${suggestions(engines)}` };
}

/** A voice as a message may quote it: control characters dropped, cut to the cap, in quotes. */
export function showVoice(voice: string): string {
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  const clean = voice.replace(/[\u0000-\u001f\u007f]/g, '');
  return JSON.stringify(clean.length > MAX_VOICE_CHARS ? `${clean.slice(0, MAX_VOICE_CHARS)}…` : clean);
}

function suggestions(engines: InstalledVoices[]): string {
  const parts = engines.map((e) => {
    if (e.problem && e.voices.length === 0) return `${e.engine}: ${e.problem}`;
    if (e.voices.length === 0) return `no ${e.engine} voices are installed`;
    // English first: the phraseology is English.
    const sorted = [...e.voices].sort((a, b) => Number(!a.startsWith('en')) - Number(!b.startsWith('en')) || a.localeCompare(b));
    const few = sorted.slice(0, SUGGESTED_VOICES).join(', ');
    const more = e.voices.length > SUGGESTED_VOICES ? ` (${e.voices.length} in all)` : '';
    const variants = e.variants.length > 0 ? `; a variant may follow "+", e.g. ${DEFAULT_VOICE} (${e.variants.slice(0, SUGGESTED_VOICES).join(', ')}…)` : '';
    return `Installed ${e.engine} voices: ${few}${more}${variants}`;
  });
  return `${parts.join('. ')}.`;
}

/**
 * `espeak-ng --voices` (or `--voices=variant`): the language column (and the other languages a
 * voice answers to, "(en 3)"), or for variants the file name after "!v/" ("m3").
 */
export function parseEspeakVoices(stdout: string, kind: 'languages' | 'variants'): string[] {
  const out = new Set<string>();
  for (const line of stdout.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5) continue;
    if (kind === 'variants') {
      const file = cols[4] ?? '';
      if (file.startsWith('!v/')) out.add(file.slice(3));
      continue;
    }
    out.add(cols[1] ?? '');
    for (const m of line.matchAll(/\(([a-z][a-z0-9-]*) \d+\)/g)) out.add(m[1] ?? '');
  }
  return [...out].filter((v) => v && !voiceShapeProblem(v));
}

/** `say -v ?` on macOS: "Alex                en_US    # Most people recognize me by my voice." (names may have spaces). */
export function parseSayVoices(stdout: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = /^(.+?)\s+[a-z]{2,3}[_-][A-Za-z0-9]+\s+#/.exec(line);
    const name = m?.[1]?.trim();
    if (name && !voiceShapeProblem(name)) out.push(name);
  }
  return out;
}

/** One voice name per line (the SAPI listing): blank lines and impossible names dropped. */
export function parseVoiceLines(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !voiceShapeProblem(l));
}

/**
 * What the voice picker offers for these settings: Piper's voices first when Piper is chosen,
 * then the system's; for espeak-ng the chosen language with each variant, then every language.
 */
export function suggestVoices(list: VoiceList, tts: { engine: 'system' | 'piper'; voice: string }): string[] {
  const system = list.system;
  const base = tts.voice.split('+')[0] ?? '';
  const language = system.voices.includes(base) ? base : DEFAULT_VOICE.split('+')[0]!;
  const withVariants = system.engine === 'espeak-ng' ? system.variants.map((v) => `${language}+${v}`) : [];
  const all = [...(tts.engine === 'piper' ? list.piper.voices : []), ...withVariants, ...system.voices];
  return [...new Set(all)];
}

/** The answer to the contract's `voicePreview`: whether anything was heard, and why not. */
export const voicePreviewResultSchema = z.object({
  /** Audio went to a working output device. */
  spoken: z.boolean(),
  /** The voice as the engine describes it ("espeak-ng en-us+m3"), when one was made. */
  voice: z.string(),
  /** Why nothing was played ("no output device: nothing was played"), or a note (a Piper voice fell back). */
  warning: z.string().optional(),
});
export type VoicePreviewResult = z.infer<typeof voicePreviewResultSchema>;
