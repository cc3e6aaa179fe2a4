import koffi from 'koffi';
import type { WhisperSegment, WhisperToken } from '../common/whisperConfidence.js';
import { compileGbnf } from '../common/whisperGrammar.js';
import { GrammarMatcher, type GrammarStacks } from '../common/whisperGrammarMatch.js';
import {
  abortCallbackType,
  defaultFullParams,
  grammarElementType,
  loadWhisperLib,
  logitsFilterType,
  type FullParams,
  type NativePtr,
  type WhisperLib,
} from './whisperNativeLib.js';

/**
 * Penalty (logit units) for tokens the grammar rejects and for ending a sentence the grammar has
 * not finished: whisper.cpp's command example uses 100. A penalty, not a ban: whisper.cpp stops
 * constraining once the text has left the grammar, so free speech still comes through.
 */
export const GRAMMAR_PENALTY = 100;
/** Raw (pre-grammar) logits kept per decoding step to score the token that was picked. */
const RAW_TOP_K = 8;
/** sizeof(whisper_token_data) / 4: the token id is the first int32 of each record. */
const TOKEN_DATA_INT32S = 14;

/** A GBNF grammar compiled into native whisper_grammar_element arrays (freed with free()). */
export class NativeGrammar {
  readonly matcher: GrammarMatcher;
  readonly ruleCount: number;
  readonly startRule: number;
  /** const whisper_grammar_element ** */
  readonly rulesPtr: NativePtr;
  private readonly allocations: NativePtr[];

  constructor(readonly text: string) {
    const g = compileGbnf(text);
    this.matcher = new GrammarMatcher(g);
    this.ruleCount = g.rules.length;
    this.startRule = g.startRule;
    this.allocations = g.rules.map((rule) => {
      const mem = koffi.alloc(grammarElementType, rule.length) as NativePtr;
      koffi.encode(mem, grammarElementType, rule, rule.length);
      return mem;
    });
    this.rulesPtr = koffi.alloc('void *', this.allocations.length) as NativePtr;
    koffi.encode(this.rulesPtr, 'void *', this.allocations, this.allocations.length);
  }

  free(): void {
    for (const m of this.allocations) koffi.free(m);
    koffi.free(this.rulesPtr);
  }
}

export interface NativeTranscribeOptions {
  threads: number;
  prompt: string;
  grammar?: NativeGrammar;
  /** Polled by whisper.cpp between graph computations on this thread: true stops decoding. */
  shouldAbort: () => boolean;
}

export interface NativeTranscription {
  aborted: boolean;
  text: string;
  segments: WhisperSegment[];
}

/** What the logits filter learns during one whisper_full call with a grammar. */
interface GrammarJob {
  grammar: NativeGrammar;
  /** Grammar stacks after each decoded prefix (key: text token ids joined by ","). */
  stacks: Map<string, GrammarStacks>;
  /** Per prefix: log-sum-exp and top raw logits of the step that followed it. */
  raw: Map<string, { lse: number; top: Map<number, number>; floor: number }>;
}

/**
 * One whisper.cpp context with the model resident, driven synchronously on the calling thread
 * (the STT worker). The abort and logits-filter callbacks are registered once and run on this same
 * thread during whisper_full (ggml's compute thread 0 is the caller), so they never wait on an
 * event loop.
 */
export class WhisperNativeContext {
  private readonly baseParams: FullParams;
  private readonly eot: number;
  private readonly nVocab: number;
  private readonly abortCb: unknown;
  private readonly filterCb: unknown;
  private readonly tokenText = new Map<number, string>();
  private job: { shouldAbort: () => boolean; grammar?: GrammarJob } | undefined;
  private ctx: NativePtr | undefined;

  private constructor(
    private readonly lib: WhisperLib,
    ctx: NativePtr,
  ) {
    this.ctx = ctx;
    this.baseParams = defaultFullParams(lib, 0);
    this.eot = lib.tokenEot(ctx);
    this.nVocab = lib.nVocab(ctx);
    this.abortCb = koffi.register(() => this.abortRequested(), abortCallbackType);
    this.filterCb = koffi.register((_c: unknown, _s: unknown, tokens: NativePtr, n: number, logits: NativePtr) => this.filterLogits(tokens, n, logits), logitsFilterType);
  }

  /** Loads the model (CPU, as the JS API did with useGpu: false). Throws when whisper.cpp cannot. */
  static open(modelPath: string, lib: WhisperLib = loadWhisperLib()): WhisperNativeContext {
    const cparams = lib.contextDefaultParams();
    cparams.use_gpu = false;
    cparams.flash_attn = false;
    const ctx = lib.initFromFile(modelPath, cparams);
    if (!ctx) throw new Error(`whisper.cpp could not load ${modelPath}`);
    return new WhisperNativeContext(lib, ctx);
  }

  transcribe(pcm: Float32Array, opts: NativeTranscribeOptions): NativeTranscription {
    const ctx = this.ctx;
    if (!ctx) throw new Error('whisper context freed');
    if (opts.shouldAbort()) return { aborted: true, text: '', segments: [] };
    const g = opts.grammar;
    const params: FullParams = {
      ...this.baseParams,
      n_threads: opts.threads,
      print_progress: false,
      print_realtime: false,
      print_timestamps: false,
      // With a grammar: one segment, no timestamp tokens, so the grammar applies at every step
      // (whisper.cpp skips it whenever timestamps outweigh text, e.g. always at the first step).
      // Without one: the defaults the JS API used (timestamps end a segment early on noise).
      no_timestamps: !!g,
      single_segment: !!g,
      language: 'en',
      temperature: 0,
      initial_prompt: opts.prompt === '' ? null : opts.prompt,
      abort_callback: this.abortCb,
      // The grammar decides where a sentence may start; suppress_blank would ban a leading " ".
      suppress_blank: !g,
      ...(g
        ? { grammar_rules: g.rulesPtr, n_grammar_rules: g.ruleCount, i_start_rule: g.startRule, grammar_penalty: GRAMMAR_PENALTY, logits_filter_callback: this.filterCb }
        : {}),
    };
    const grammarJob: GrammarJob | undefined = g ? { grammar: g, stacks: new Map([['', g.matcher.initial]]), raw: new Map() } : undefined;
    this.job = { shouldAbort: opts.shouldAbort, ...(grammarJob ? { grammar: grammarJob } : {}) };
    let rc: number;
    try {
      rc = this.lib.full(ctx, params, pcm, pcm.length);
    } finally {
      this.job = undefined;
    }
    if (opts.shouldAbort()) return { aborted: true, text: '', segments: [] };
    if (rc !== 0) throw new Error(`whisper_full failed (${rc})`);
    return this.collect(ctx, grammarJob);
  }

  private collect(ctx: NativePtr, job: GrammarJob | undefined): NativeTranscription {
    const segments: WhisperSegment[] = [];
    const n = this.lib.nSegments(ctx);
    for (let i = 0; i < n; i++) {
      const tokens: WhisperToken[] = [];
      const textIds: number[] = [];
      const nt = this.lib.nTokens(ctx, i);
      for (let j = 0; j < nt; j++) {
        const id = this.lib.tokenId(ctx, i, j);
        const text = this.lib.tokenText(ctx, i, j);
        const special = id >= this.eot || text.startsWith('[_');
        const token: WhisperToken = { id, text, p: this.lib.tokenP(ctx, i, j), special };
        if (job && !special) {
          const step = job.raw.get(textIds.join(','));
          if (step) token.rawLogP = (step.top.get(id) ?? step.floor) - step.lse;
        }
        if (!special) textIds.push(id);
        tokens.push(token);
      }
      segments.push({ text: this.lib.segmentText(ctx, i), noSpeechProb: this.lib.segmentNoSpeechProb(ctx, i), tokens });
    }
    return { aborted: false, text: segments.map((s) => s.text).join(''), segments };
  }

  private abortRequested(): boolean {
    try {
      return this.job?.shouldAbort() ?? false;
    } catch {
      return true;
    }
  }

  private text(id: number): string {
    let t = this.tokenText.get(id);
    if (t === undefined) {
      t = this.ctx ? (this.lib.tokenToStr(this.ctx, id) ?? '') : '';
      this.tokenText.set(id, t);
    }
    return t;
  }

  /**
   * Runs before whisper.cpp applies the grammar at each decoding step: records the unconstrained
   * distribution (to score the token that gets picked) and penalises end-of-text while the text so
   * far is a viable but unfinished sentence of the grammar.
   */
  private filterLogits(tokensPtr: NativePtr, nTokens: number, logitsPtr: NativePtr): void {
    const job = this.job?.grammar;
    if (!job) return;
    const ids: number[] = [];
    if (nTokens > 0) {
      const data = new Int32Array(koffi.view(tokensPtr, nTokens * TOKEN_DATA_INT32S * 4));
      for (let k = 0; k < nTokens; k++) {
        const id = data[k * TOKEN_DATA_INT32S]!;
        if (id < this.eot && !this.text(id).startsWith('[_')) ids.push(id);
      }
    }
    const key = ids.join(',');
    const logits = new Float32Array(koffi.view(logitsPtr, this.nVocab * 4));
    if (!job.raw.has(key)) job.raw.set(key, rawStep(logits));
    const stacks = this.stacksFor(job, ids);
    if (stacks.length > 0 && !GrammarMatcher.isComplete(stacks)) logits[this.eot]! -= GRAMMAR_PENALTY;
  }

  private stacksFor(job: GrammarJob, ids: readonly number[]): GrammarStacks {
    const key = ids.join(',');
    const known = job.stacks.get(key);
    if (known) return known;
    const parent = this.stacksFor(job, ids.slice(0, -1));
    const next = job.grammar.matcher.acceptText(parent, this.text(ids[ids.length - 1]!));
    job.stacks.set(key, next);
    return next;
  }

  free(): void {
    if (!this.ctx) return;
    this.lib.free(this.ctx);
    this.ctx = undefined;
    koffi.unregister(this.abortCb as Parameters<typeof koffi.unregister>[0]);
    koffi.unregister(this.filterCb as Parameters<typeof koffi.unregister>[0]);
  }
}

/** Log-sum-exp of the finite logits and the RAW_TOP_K largest (id → logit); floor: the smallest kept. */
function rawStep(logits: Float32Array): { lse: number; top: Map<number, number>; floor: number } {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let sum = 0;
  const topIds: number[] = [];
  const topVals: number[] = [];
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (v === -Infinity) continue;
    sum += Math.exp(v - max);
    if (topVals.length < RAW_TOP_K || v > topVals[topVals.length - 1]!) {
      let k = topVals.length;
      while (k > 0 && topVals[k - 1]! < v) k--;
      topVals.splice(k, 0, v);
      topIds.splice(k, 0, i);
      if (topVals.length > RAW_TOP_K) {
        topVals.pop();
        topIds.pop();
      }
    }
  }
  const top = new Map(topIds.map((id, k) => [id, topVals[k]!]));
  return { lse: max + Math.log(sum), top, floor: topVals[topVals.length - 1] ?? max };
}
