import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/**
 * libpocketsphinx (Debian's 0.8+5prealpha, `libpocketsphinx.so.3`) called in-process through
 * koffi: the decoder stays loaded, and a decode gives what the command-line tool cannot — the
 * path score, the lattice's word posteriors and an n-best list. Used only inside the
 * pocketsphinx worker thread, in the engine's own child process (a decode blocks the thread that
 * runs it; a native fault ends that process, not the host).
 */

/** Debian's acoustic model and dictionary (package pocketsphinx-en-us). */
export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
const LIBRARIES = { pocketsphinx: 'libpocketsphinx.so.3', sphinxbase: 'libsphinxbase.so.3' } as const;
const LIBRARY_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'];

/** Why libpocketsphinx cannot run here, or undefined when it can. Cheap: looks at files only. */
export function pocketsphinxMissing(): string | undefined {
  if (process.platform !== 'linux') return 'the grammar recogniser needs libpocketsphinx 5prealpha (Linux); use whisper';
  const found = LIBRARY_DIRS.some((d) => existsSync(join(d, LIBRARIES.pocketsphinx)));
  if (!found) return 'pocketsphinx not installed (Debian: apt install libpocketsphinx3 pocketsphinx-en-us)';
  if (!existsSync(join(POCKETSPHINX_MODEL_DIR, 'en-us')) || !existsSync(join(POCKETSPHINX_MODEL_DIR, 'cmudict-en-us.dict')))
    return 'pocketsphinx model missing (Debian: apt install pocketsphinx-en-us)';
  return undefined;
}

/** One decode of one utterance. Scores are libpocketsphinx's log-domain integers (higher is better). */
export interface DecodeResult {
  /** Best complete path through the grammar, or '' when none reached the grammar's end. */
  text: string;
  score: number;
  /** 10 ms frames decoded. */
  frames: number;
  /** Of those, frames the best path spends in words (not silence or fillers). */
  wordFrames: number;
  /** Distinct n-best texts with their path scores, best first (may include partial paths). */
  nbest: Array<{ text: string; score: number }>;
  /** Posterior probability of each word on the lattice's best path (fillers dropped). */
  words: Array<{ word: string; posterior: number }>;
}

export interface DecoderOptions {
  /** JSGF grammar text: the decoder's only search. */
  jsgf: string;
  /** Words to add to the dictionary first: [word, phones]. */
  words?: ReadonlyArray<readonly [string, string]>;
  /** Extra decoder arguments, name → value ("-beam" → "1e-40"). */
  args?: Readonly<Record<string, string>>;
  /** How many distinct n-best texts `details()` gives (0: none, and no lattice work). */
  nbest?: number;
  /** Acoustic scale for lattice posteriors (the decoder's scores are sharp: well below 1). */
  posteriorScale?: number;
}

type Fn = ((...args: unknown[]) => unknown) & { async: (...args: unknown[]) => void };
interface Koffi {
  load(path: string): { func(decl: string): Fn };
}

interface Api {
  fflush: Fn;
  cmd_ln_init: Fn;
  logmath_exp: Fn;
  ps_args: Fn;
  ps_init: Fn;
  ps_free: Fn;
  ps_add_word: Fn;
  ps_set_jsgf_string: Fn;
  ps_set_search: Fn;
  ps_start_utt: Fn;
  ps_process_raw: Fn;
  ps_end_utt: Fn;
  ps_get_hyp: Fn;
  ps_get_n_frames: Fn;
  ps_get_logmath: Fn;
  ps_get_lattice: Fn;
  ps_lattice_bestpath: Fn;
  ps_lattice_posterior: Fn;
  ps_lattice_seg_iter: Fn;
  ps_seg_iter: Fn;
  ps_seg_frames: Fn;
  ps_seg_next: Fn;
  ps_seg_word: Fn;
  ps_seg_prob: Fn;
  ps_nbest: Fn;
  ps_nbest_next: Fn;
  ps_nbest_hyp: Fn;
  ps_nbest_free: Fn;
}

let api: Api | undefined;

function load(): Api {
  if (api) return api;
  const why = pocketsphinxMissing();
  if (why) throw new Error(why);
  const koffi = createRequire(import.meta.url)('koffi') as Koffi;
  const sb = koffi.load(LIBRARIES.sphinxbase);
  const ps = koffi.load(LIBRARIES.pocketsphinx);
  api = {
    // The library's log is a stdio stream: flushed before a failure is read back from it.
    fflush: koffi.load('libc.so.6').func('int fflush(void *stream)'),
    cmd_ln_init: sb.func('void *cmd_ln_init(void *inout, void *defn, int strict, ...)'),
    logmath_exp: sb.func('double logmath_exp(void *lmath, int logb_p)'),
    ps_args: ps.func('void *ps_args()'),
    ps_init: ps.func('void *ps_init(void *config)'),
    ps_free: ps.func('int ps_free(void *ps)'),
    ps_add_word: ps.func('int ps_add_word(void *ps, const char *word, const char *phones, int update)'),
    ps_set_jsgf_string: ps.func('int ps_set_jsgf_string(void *ps, const char *name, const char *jsgf)'),
    ps_set_search: ps.func('int ps_set_search(void *ps, const char *name)'),
    ps_start_utt: ps.func('int ps_start_utt(void *ps)'),
    ps_process_raw: ps.func('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)'),
    ps_end_utt: ps.func('int ps_end_utt(void *ps)'),
    ps_get_hyp: ps.func('const char *ps_get_hyp(void *ps, _Out_ int32_t *score)'),
    ps_get_n_frames: ps.func('int ps_get_n_frames(void *ps)'),
    ps_get_logmath: ps.func('void *ps_get_logmath(void *ps)'),
    ps_get_lattice: ps.func('void *ps_get_lattice(void *ps)'),
    ps_lattice_bestpath: ps.func('void *ps_lattice_bestpath(void *dag, void *lmset, float lwf, float ascale)'),
    ps_lattice_posterior: ps.func('int32_t ps_lattice_posterior(void *dag, void *lmset, float ascale)'),
    ps_lattice_seg_iter: ps.func('void *ps_lattice_seg_iter(void *dag, void *link, float lwf)'),
    ps_seg_iter: ps.func('void *ps_seg_iter(void *ps)'),
    ps_seg_frames: ps.func('void ps_seg_frames(void *seg, _Out_ int *sf, _Out_ int *ef)'),
    ps_seg_next: ps.func('void *ps_seg_next(void *seg)'),
    ps_seg_word: ps.func('const char *ps_seg_word(void *seg)'),
    ps_seg_prob: ps.func('int32_t ps_seg_prob(void *seg, _Out_ int32_t *ascr, _Out_ int32_t *lscr, _Out_ int32_t *lback)'),
    ps_nbest: ps.func('void *ps_nbest(void *ps)'),
    ps_nbest_next: ps.func('void *ps_nbest_next(void *nbest)'),
    ps_nbest_hyp: ps.func('const char *ps_nbest_hyp(void *nbest, _Out_ int32_t *score)'),
    ps_nbest_free: ps.func('void ps_nbest_free(void *nbest)'),
  };
  return api;
}

const SEARCH = 'stratus';
/** Log folders are named `stratus-ps-<pid>-…` in the temp folder: <pid> says whose they are. */
const LOG_DIR_PREFIX = 'stratus-ps-';
let logDir: string | undefined;

/**
 * This process's folder for the library's log files (one per decoder while it opens), made on
 * first use and removed when the process (or worker) exits. Folders and old-style log files of
 * processes that are gone (a crash, a kill) are removed first.
 */
function logFolder(): string {
  if (logDir && existsSync(logDir)) return logDir;
  removeStaleLogs(tmpdir());
  const dir = mkdtempSync(join(tmpdir(), `${LOG_DIR_PREFIX}${process.pid}-`));
  logDir = dir;
  process.once('exit', () => rmSync(dir, { recursive: true, force: true })); // a worker ended without dispose
  return dir;
}

/** Removes this process's log folder (the worker calls it when it is disposed); made again if needed. */
export function removeLogFolder(): void {
  if (logDir) rmSync(logDir, { recursive: true, force: true });
  logDir = undefined;
}

/** Removes `stratus-ps-<pid>-*` entries in `dir` whose process no longer runs. */
export function removeStaleLogs(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^stratus-ps-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}
/** Lattice nodes that are not words: sentence marks, silence, fillers like ++NOISE++. */
const FILLER = /^(<s>|<\/s>|<sil>|\[.*\]|\+\+.*\+\+)$/;
let logSeq = 0;

/**
 * One resident decoder with one JSGF search. Not thread-safe: one decode at a time per decoder
 * (the worker serialises them); two decoders may decode at once on libuv's pool.
 */
export class PocketsphinxDecoder {
  private busy = false;
  /** The last decode reached the grammar's end (its lattice has a sentence to weigh). */
  private decoded = false;

  private constructor(
    private readonly a: Api,
    private ps: unknown,
    private readonly opts: DecoderOptions,
  ) {}

  /** Loads the acoustic model and compiles the grammar; throws with libpocketsphinx's own error text. */
  static open(opts: DecoderOptions): PocketsphinxDecoder {
    const a = load();
    // The library logs to a file of its own; read back only to explain a failure.
    const logFile = join(logFolder(), `decoder-${++logSeq}.log`);
    const args: Record<string, string> = {
      '-hmm': join(POCKETSPHINX_MODEL_DIR, 'en-us'),
      '-dict': join(POCKETSPHINX_MODEL_DIR, 'cmudict-en-us.dict'),
      '-logfn': logFile,
      // Digital silence (exact zeros from some drivers) throws off the noise estimate; half-bit
      // dither fixes that, and a fixed seed keeps results repeatable.
      '-dither': 'yes',
      '-seed': '1',
      ...opts.args,
    };
    const varargs = Object.entries(args).flatMap(([k, v]) => ['str', k, 'str', v]);
    const failure = (what: string): Error => {
      a.fflush(null);
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      const errors = log.split('\n').filter((l) => /^(ERROR|FATAL)/.test(l)).map((l) => l.replace(/^\w+: "[^"]*", line \d+: /, '').replace(/ at line \d+/, '').trim());
      return new Error(`${what}${errors.length ? `: ${errors.slice(-3).join('; ')}` : ''}`);
    };
    try {
      const config = a.cmd_ln_init(null, a.ps_args(), 1, ...varargs, 'void *', null);
      if (!config) throw failure('pocketsphinx rejected its configuration');
      const ps = a.ps_init(config);
      if (!ps) throw failure('pocketsphinx could not load the en-us model');
      const words = opts.words ?? [];
      words.forEach(([w, phones], i) => a.ps_add_word(ps, w, phones, i === words.length - 1 ? 1 : 0));
      if ((a.ps_set_jsgf_string(ps, SEARCH, opts.jsgf) as number) < 0) {
        a.ps_free(ps);
        throw failure('pocketsphinx could not compile the grammar');
      }
      a.ps_set_search(ps, SEARCH);
      return new PocketsphinxDecoder(a, ps, opts);
    } finally {
      rmSync(logFile, { force: true });
    }
  }

  /**
   * Decodes one whole utterance (16 kHz mono int16). The acoustic search runs on libuv's thread
   * pool, so two decoders can work on the same audio at once; the rest is quick. The n-best list
   * and word posteriors come from `details()`, asked for separately.
   */
  async decode(pcm: Int16Array): Promise<Omit<DecodeResult, 'nbest' | 'words'>> {
    if (!this.ps) throw new Error('decoder freed');
    if (this.busy) throw new Error('decoder busy');
    this.busy = true;
    const { a, ps } = this;
    try {
      a.ps_start_utt(ps);
      await new Promise<void>((resolve, reject) => {
        a.ps_process_raw.async(ps, pcm, pcm.length, 0, 1, (err: unknown) => (err ? reject(err instanceof Error ? err : new Error('pocketsphinx decode failed')) : resolve()));
      });
      a.ps_end_utt(ps);
      const score = [0];
      const text = (a.ps_get_hyp(ps, score) as string | null) ?? '';
      this.decoded = text !== '';
      return { text, score: score[0]!, frames: a.ps_get_n_frames(ps) as number, wordFrames: text ? this.wordFrames() : 0 };
    } finally {
      this.busy = false;
    }
  }

  /**
   * The last decode's n-best list and word posteriors, from its lattice. Building the lattice
   * costs time that grows with everything the search kept alive, up to seconds for long audio
   * that fits no sentence of a large grammar: ask only when the sentence is worth weighing (it
   * was complete and passed verification), before the next decode.
   */
  details(): Pick<DecodeResult, 'nbest' | 'words'> {
    const limit = this.opts.nbest ?? 0;
    if (!this.ps || !this.decoded || limit <= 0) return { nbest: [], words: [] };
    return { words: this.posteriors(), nbest: this.nbest(limit) };
  }

  /** A segment's word without its pronunciation variant ("zero(2)" is "zero"). */
  private wordOf(seg: unknown): string {
    return (this.a.ps_seg_word(seg) as string).replace(/\(\d+\)$/, '');
  }

  /** Frames the best path spends in words (not silence or fillers): where commands and noise differ. */
  private wordFrames(): number {
    const { a, ps } = this;
    let n = 0;
    for (let seg = a.ps_seg_iter(ps); seg; seg = a.ps_seg_next(seg)) {
      if (FILLER.test(this.wordOf(seg))) continue;
      const sf = [0];
      const ef = [0];
      a.ps_seg_frames(seg, sf, ef);
      n += ef[0]! - sf[0]! + 1;
    }
    return n;
  }

  private nbest(limit: number): DecodeResult['nbest'] {
    const { a, ps } = this;
    const seen = new Map<string, number>();
    // Paths repeat the same words with other timings: walk a few times the distinct count wanted.
    let it = a.ps_nbest(ps);
    for (let walked = 0; it && walked < limit * 8 && seen.size < limit; walked++) {
      const s = [0];
      const hyp = a.ps_nbest_hyp(it, s) as string | null;
      if (hyp && !seen.has(hyp)) seen.set(hyp, s[0]!);
      it = a.ps_nbest_next(it);
    }
    if (it) a.ps_nbest_free(it);
    return [...seen].map(([text, score]) => ({ text, score }));
  }

  private posteriors(): DecodeResult['words'] {
    const { a, ps } = this;
    const dag = a.ps_get_lattice(ps);
    if (!dag) return [];
    const scale = this.opts.posteriorScale ?? 0.05;
    const link = a.ps_lattice_bestpath(dag, null, 1, scale);
    if (!link) return [];
    a.ps_lattice_posterior(dag, null, scale);
    const lmath = a.ps_get_logmath(ps);
    const words: DecodeResult['words'] = [];
    for (let seg = a.ps_lattice_seg_iter(dag, link, 1); seg; seg = a.ps_seg_next(seg)) {
      const word = this.wordOf(seg);
      if (FILLER.test(word)) continue;
      const posterior = a.logmath_exp(lmath, a.ps_seg_prob(seg, [0], [0], [0])) as number;
      words.push({ word, posterior: Math.min(1, Math.max(0, posterior)) });
    }
    return words;
  }

  free(): void {
    if (this.ps) this.a.ps_free(this.ps);
    this.ps = undefined;
  }
}

/**
 * The garbage model: a loop over every phone of the en-us model, as a grammar of one-phone
 * words. Decoded on the same audio, its score is what the best free phone string earns; a command
 * that scores well below it was not really said.
 */
export const PHONES = 'AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH'.split(' ');

export function phoneLoop(): { jsgf: string; words: Array<[string, string]> } {
  const words = PHONES.map((p): [string, string] => [`phone_${p.toLowerCase()}`, p]);
  const jsgf = `#JSGF V1.0;\ngrammar garbage;\npublic <loop> = <phone>+;\n<phone> = ${words.map(([w]) => w).join(' | ')};\n`;
  return { jsgf, words };
}
