import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeWavTo16kMono, encodeWav16 } from '../../core/audio/common/wav.js';

/**
 * The spoken test set (issue 13): every prompt of test/fixtures/spoken/manifest.tsv spoken by
 * several espeak-ng voices, clean and over sox noise beds, plus non-speech clips (coughs, breath,
 * clicks, silence). Audio is generated on demand into a cache keyed by the manifest, this
 * generator's recipe version and the espeak-ng and sox versions: the same inputs give the same
 * bytes. Clips are 16 kHz mono s16 WAV.
 */

export const SPOKEN_DIR = fileURLToPath(new URL('../fixtures/spoken/', import.meta.url));
export const MANIFEST_PATH = join(SPOKEN_DIR, 'manifest.tsv');
/** Bump when anything below changes what a clip sounds like (voices, recipes, levels, layout). */
const RECIPE_VERSION = 2;
const RATE_HZ = 16_000;

/** Voices pocketsphinx's en-us model recognises at all (checked by hand: en-gb and plain en-us fare worse). */
export const VOICES = [
  { voice: 'en-us+f2', wpm: 140 },
  { voice: 'en-us+m3', wpm: 170 },
  { voice: 'en-us+m1', wpm: 150 },
  { voice: 'en+f3', wpm: 160 },
] as const;
export type Voice = (typeof VOICES)[number];
export const voiceTag = (v: { voice: string; wpm: number }): string => `${v.voice}@${v.wpm}`;

/** Background beds (sox synth, repeatable mode): cabin-ish pink and brown noise, and a cockpit hum. */
export const BEDS = {
  pink: ['synth', '40', 'pinknoise'],
  brown: ['synth', '40', 'brownnoise'],
  // Engine/avionics hum: brown rumble under 110/220/330 Hz tones, low-passed like a headset hears it.
  hum: ['synth', '40', 'brownnoise', 'synth', '40', 'sine', 'mix', '110', 'synth', '40', 'sine', 'mix', '220', 'synth', '40', 'sine', 'mix', '330', 'lowpass', '1200'],
} as const;
export type Bed = keyof typeof BEDS;

export interface Condition {
  name: string;
  bed?: Bed;
  snrDb?: number;
}
export const CLEAN: Condition = { name: 'clean' };
/** Noisy conditions, rotated over the prompts. */
export const NOISY: readonly Condition[] = [
  { name: 'pink10', bed: 'pink', snrDb: 10 },
  { name: 'pink5', bed: 'pink', snrDb: 5 },
  { name: 'brown10', bed: 'brown', snrDb: 10 },
  { name: 'brown5', bed: 'brown', snrDb: 5 },
  { name: 'hum10', bed: 'hum', snrDb: 10 },
  { name: 'hum5', bed: 'hum', snrDb: 5 },
];

/**
 * Non-speech clips: sox effects after `sox -n -r 16000 -c 1 ...`. Coughs are short band-passed
 * noise bursts with a fast attack; breath is high-passed pink noise with slow fades.
 */
export const NOISE_RECIPES: Record<string, string[][]> = {
  silence: [['trim', '0', '1.5']],
  'silence-short': [['trim', '0', '0.5']],
  hiss: [['synth', '1.2', 'whitenoise', 'vol', '0.01']],
  cough: [['synth', '0.28', 'whitenoise', 'bandpass', '700', '500', 'fade', 'q', '0.01', '0.28', '0.2', 'vol', '0.6', 'pad', '0.3', '0.4']],
  'cough-double': [['synth', '0.22', 'whitenoise', 'bandpass', '900', '600', 'fade', 'q', '0.01', '0.22', '0.15', 'vol', '0.6', 'pad', '0.2', '0.15', 'repeat', '1', 'pad', '0', '0.3']],
  'cough-low': [['synth', '0.35', 'brownnoise', 'bandpass', '400', '300', 'fade', 'q', '0.02', '0.35', '0.25', 'vol', '0.8', 'pad', '0.3', '0.3']],
  breath: [['synth', '0.9', 'pinknoise', 'highpass', '600', 'fade', 't', '0.35', '0.9', '0.45', 'vol', '0.15', 'pad', '0.2', '0.2']],
  'breath-long': [['synth', '1.8', 'pinknoise', 'highpass', '400', 'lowpass', '4000', 'fade', 't', '0.6', '1.8', '0.8', 'vol', '0.12', 'pad', '0.2', '0.2']],
  click: [['synth', '0.03', 'brownnoise', 'fade', 'q', '0.002', '0.03', '0.02', 'vol', '0.9', 'pad', '0.5', '0.6']],
  'pink-burst': [['synth', '1', 'pinknoise', 'fade', 'h', '0.05', '1', '0.1', 'vol', '0.3', 'pad', '0.2', '0.2']],
  'brown-burst': [['synth', '1', 'brownnoise', 'fade', 'h', '0.05', '1', '0.1', 'vol', '0.4', 'pad', '0.2', '0.2']],
  hum: [['synth', '2', 'brownnoise', 'synth', '2', 'sine', 'mix', '110', 'synth', '2', 'sine', 'mix', '220', 'lowpass', '1200', 'norm', '-16']],
};

export type Category = 'command' | 'query' | 'control' | 'invalid' | 'free' | 'noise';

export interface Prompt {
  id: string;
  text: string;
  expected: string;
  category: Category;
}

export interface Clip {
  /** `<prompt id>/<voice@wpm or ->/<condition>`: unique and stable. */
  id: string;
  prompt: Prompt;
  voice?: Voice;
  condition: Condition;
}

export function categoryOf(expected: string): Category {
  if (expected === 'none') return 'noise';
  if (expected === 'llm') return 'free';
  if (expected.startsWith('query')) return 'query';
  if (expected.startsWith('invalid')) return 'invalid';
  if (expected.startsWith('set') || expected.startsWith('swap')) return 'command';
  return 'control';
}

export function parseManifest(text: string): Prompt[] {
  const prompts: Prompt[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim() || line.startsWith('#')) return;
    const [id = '', said = '', expected = ''] = line.split('\t');
    if (!id || !said || !expected) throw new Error(`manifest line ${i + 1}: want id<TAB>text<TAB>expected, got "${line}"`);
    if (seen.has(id)) throw new Error(`manifest line ${i + 1}: duplicate id ${id}`);
    if (said.startsWith('<') && !NOISE_RECIPES[said.slice(1, -1)]) throw new Error(`manifest line ${i + 1}: no noise recipe ${said}`);
    seen.add(id);
    prompts.push({ id, text: said, expected, category: categoryOf(expected) });
  });
  return prompts;
}

export function readManifest(path = MANIFEST_PATH): { text: string; prompts: Prompt[] } {
  const text = readFileSync(path, 'utf8');
  return { text, prompts: parseManifest(text) };
}

/**
 * The clips of a manifest: every spoken prompt clean with every voice, and twice more over noise
 * (voice and condition rotating with the prompt's position, so each voice meets each noise);
 * every non-speech prompt clean and over two noises.
 */
export function clipsOf(prompts: Prompt[]): Clip[] {
  const clips: Clip[] = [];
  let spoken = 0;
  let noise = 0;
  for (const prompt of prompts) {
    if (prompt.category === 'noise') {
      const k = noise++;
      clips.push({ id: `${prompt.id}/-/clean`, prompt, condition: CLEAN });
      for (const c of [NOISY[k % NOISY.length]!, NOISY[(k + 3) % NOISY.length]!]) clips.push({ id: `${prompt.id}/-/${c.name}`, prompt, condition: c });
      continue;
    }
    const k = spoken++;
    for (const voice of VOICES) clips.push({ id: `${prompt.id}/${voiceTag(voice)}/clean`, prompt, voice, condition: CLEAN });
    const noisy: Array<[Voice, Condition]> = [
      [VOICES[k % VOICES.length]!, NOISY[(2 * k) % NOISY.length]!],
      [VOICES[(k + 2) % VOICES.length]!, NOISY[(2 * k + 1) % NOISY.length]!],
    ];
    for (const [voice, c] of noisy) clips.push({ id: `${prompt.id}/${voiceTag(voice)}/${c.name}`, prompt, voice, condition: c });
  }
  return clips;
}

// ---------------------------------------------------------------- levels and mixing

/** 20 ms frames; frames within this many dB of the loudest count as active (speech or burst). */
const FRAME_SAMPLES = 320;
const ACTIVE_RANGE_DB = 30;
/** Below this active power (-50 dBFS: dither, nothing said) a clip counts as silent... */
const SILENT_POWER = 100 ** 2;
/** ...and the bed is set against this level instead (typical espeak-ng speech), so it still has one. */
const REFERENCE_ACTIVE_POWER = 3000 ** 2;

function power(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return to > from ? s / (to - from) : 0;
}

/** Mean power of the active frames (the loudest ACTIVE_RANGE_DB): the "S" of the SNR. */
export function activePower(x: ArrayLike<number>): number {
  const frames: number[] = [];
  for (let o = 0; o + FRAME_SAMPLES <= x.length; o += FRAME_SAMPLES) frames.push(power(x, o, o + FRAME_SAMPLES));
  const max = Math.max(0, ...frames);
  if (max === 0) return 0;
  const active = frames.filter((p) => p >= max * 10 ** (-ACTIVE_RANGE_DB / 10));
  return active.reduce((a, b) => a + b, 0) / active.length;
}

/** SNR as this set defines it: active signal power over the mean power of the noise added. */
export function snrDb(signal: ArrayLike<number>, noise: ArrayLike<number>): number {
  return 10 * Math.log10(activePower(signal) / power(noise));
}

/**
 * `signal` plus `noise` (at least as long) scaled so the SNR is `snrDb`; if the sum would clip,
 * both are scaled down together (the SNR holds). Returns the mix and the parts as mixed.
 */
export function mixAtSnr(signal: Int16Array, noise: Int16Array, targetSnrDb: number): { mix: Int16Array; signal: Float64Array; noise: Float64Array } {
  if (noise.length < signal.length) throw new Error(`noise bed too short: ${noise.length} < ${signal.length}`);
  const measured = activePower(signal);
  const ps = measured > SILENT_POWER ? measured : REFERENCE_ACTIVE_POWER;
  const pn = power(noise, 0, signal.length);
  const g = Math.sqrt(ps / (pn * 10 ** (targetSnrDb / 10)));
  let peak = 0;
  for (let i = 0; i < signal.length; i++) peak = Math.max(peak, Math.abs(signal[i]! + g * noise[i]!));
  const limit = peak > 32000 ? 32000 / peak : 1;
  const s = Float64Array.from(signal, (v) => v * limit);
  const n = Float64Array.from(noise.subarray(0, signal.length), (v) => v * g * limit);
  const mix = Int16Array.from(s, (v, i) => Math.round(v + n[i]!));
  return { mix, signal: s, noise: n };
}

// ---------------------------------------------------------------- generation

const run = promisify(execFile);

function toolVersion(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0] ?? '';
  } catch {
    return '';
  }
}

/** espeak-ng and sox: both needed to build the set. Empty when present, else what is missing. */
export function missingTools(): string {
  const missing = [toolVersion('espeak-ng', ['--version']) ? '' : 'espeak-ng', toolVersion('sox', ['--version']) ? '' : 'sox'].filter(Boolean);
  return missing.join(' and ');
}

/** The key of a manifest's audio: manifest text, recipes, voices and tool versions. */
export function setHash(manifestText: string): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ RECIPE_VERSION, VOICES, BEDS, NOISY, NOISE_RECIPES, espeak: toolVersion('espeak-ng', ['--version']), sox: toolVersion('sox', ['--version']) }));
  h.update(manifestText);
  return h.digest('hex').slice(0, 16);
}

/** Where clips are cached: STRATUS_SPOKEN_CACHE or test/fixtures/spoken/.cache, one folder per set hash. */
export function cacheRoot(): string {
  return process.env.STRATUS_SPOKEN_CACHE ?? join(SPOKEN_DIR, '.cache');
}

/** Silence before and after the words, as a push-to-talk press has around them. */
const LEAD_MS = 300;
const TAIL_MS = 300;

async function sox(args: string[]): Promise<Int16Array> {
  const { stdout } = await run('sox', ['-R', '-n', '-r', String(RATE_HZ), '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', '-', ...args], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return new Int16Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.byteLength));
}

async function espeakNow(text: string, voice: Voice): Promise<Int16Array> {
  const { stdout } = await run('espeak-ng', ['-v', voice.voice, '-s', String(voice.wpm), '--stdout', text], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return decodeWavTo16kMono(stdout);
}

/** A bed's samples for one clip: a window starting where the clip id's hash says (repeatable, varied). */
function bedWindow(bed: Int16Array, clipId: string, length: number): Int16Array {
  const span = bed.length - length;
  if (span < 0) throw new Error(`clip ${clipId} longer than the noise bed`);
  const offset = createHash('sha256').update(clipId).digest().readUInt32BE(0) % (span + 1);
  return bed.subarray(offset, offset + length);
}

/** What one build shares: the noise beds, and each voice's words (the same clean or noisy). */
export interface RenderContext {
  bed(bed: Bed): Promise<Int16Array>;
  speak(text: string, voice: Voice): Promise<Int16Array>;
}

export function renderContext(): RenderContext {
  const beds = new Map<Bed, Promise<Int16Array>>();
  const words = new Map<string, Promise<Int16Array>>();
  const once = <K>(m: Map<K, Promise<Int16Array>>, k: K, make: () => Promise<Int16Array>): Promise<Int16Array> => {
    let p = m.get(k);
    if (!p) m.set(k, (p = make()));
    return p;
  };
  return {
    bed: (bed) => once(beds, bed, () => sox([...BEDS[bed], 'norm', '-6'])),
    speak: (text, voice) => once(words, `${voiceTag(voice)}|${text}`, () => espeakNow(text, voice)),
  };
}

/** One clip's audio, built from scratch (deterministic). */
export async function renderClip(clip: Clip, ctx: RenderContext): Promise<Int16Array> {
  const { text } = clip.prompt;
  let dry: Int16Array;
  if (text.startsWith('<')) {
    const recipe = NOISE_RECIPES[text.slice(1, -1)]!;
    dry = await sox(recipe.flat());
  } else {
    const words = await ctx.speak(text, clip.voice!);
    dry = new Int16Array(words.length + ((LEAD_MS + TAIL_MS) * RATE_HZ) / 1000);
    dry.set(words, (LEAD_MS * RATE_HZ) / 1000);
  }
  const { bed, snrDb: snr } = clip.condition;
  if (!bed || snr === undefined) return dry;
  return mixAtSnr(dry, bedWindow(await ctx.bed(bed), clip.id, dry.length), snr).mix;
}

export function clipFile(dir: string, clip: Clip): string {
  return join(dir, `${clip.id.replace(/[^a-z0-9@.+-]+/gi, '_')}.wav`);
}

export interface SpokenSet {
  hash: string;
  dir: string;
  prompts: Prompt[];
  clips: Clip[];
  /** Reads one clip's 16 kHz samples from the cache. */
  load(clip: Clip): Int16Array;
  /** A hash of one clip's audio bytes: what a recognition cache keys on. */
  audioHash(clip: Clip): string;
}

/**
 * Builds (or finds in the cache) every clip of the manifest, one espeak-ng or sox process per core
 * at a time; a finished folder has a `complete` marker, so an interrupted build resumes.
 */
export async function buildSpokenSet(opts: { manifestPath?: string; only?: (clip: Clip) => boolean; parallel?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<SpokenSet> {
  const missing = missingTools();
  if (missing) throw new Error(`the spoken test set needs ${missing} (Debian: apt install espeak-ng sox)`);
  const { text, prompts } = readManifest(opts.manifestPath);
  const hash = setHash(text);
  const dir = join(cacheRoot(), hash);
  mkdirSync(dir, { recursive: true });
  const all = clipsOf(prompts);
  const clips = opts.only ? all.filter(opts.only) : all;
  const ctx = renderContext();
  const todo = existsSync(join(dir, 'complete')) ? [] : clips.filter((c) => !existsSync(clipFile(dir, c)));
  let done = clips.length - todo.length;
  const worker = async (): Promise<void> => {
    for (let c = todo.shift(); c; c = todo.shift()) {
      const pcm = await renderClip(c, ctx);
      const file = clipFile(dir, c);
      writeFileSync(`${file}.part`, encodeWav16(pcm, RATE_HZ));
      renameSync(`${file}.part`, file);
      opts.onProgress?.(++done, clips.length);
    }
  };
  await Promise.all(Array.from({ length: opts.parallel ?? Math.max(2, availableParallelism()) }, worker));
  if (!opts.only) writeFileSync(join(dir, 'complete'), `${all.length} clips\n`);
  return {
    hash,
    dir,
    prompts,
    clips,
    load: (clip) => decodeWavTo16kMono(readFileSync(clipFile(dir, clip))),
    audioHash: (clip) => createHash('sha256').update(readFileSync(clipFile(dir, clip))).digest('hex').slice(0, 24),
  };
}
