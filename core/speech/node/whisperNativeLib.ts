import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import koffi from 'koffi';
import { unpackedPath } from '../../config/node/paths.js';

/**
 * whisper.cpp's C API, called through koffi from the add-on that @fugood/whisper.node ships
 * prebuilt (@fugood/node-whisper-<platform>-<arch>[-vulkan|-cuda]/index.node). That binary exports
 * the whole C API; the package's JS API exposes neither token probabilities, the no-speech
 * probability nor grammars. The structs below copy node_modules/@fugood/whisper.node/whisper.cpp/
 * include/whisper.h of the pinned version (1.1.1) field by field; whisperNativeLib.test.ts
 * checks them against the defaults the library itself fills in.
 */

export type WhisperVariant = 'default' | 'vulkan' | 'cuda';

/** Inside a packaged Electron app, native files live in app.asar.unpacked (dlopen cannot read the asar). */
export const unpackedAsarPath = unpackedPath;

/**
 * The add-on @fugood/whisper.node itself would load (lib/binding.js): the platform package for the
 * variant, else the default platform package, else the package's own build/Release/index.node;
 * resolved from the package's directory, as its require() does.
 */
export function whisperAddonPath(variant: WhisperVariant = 'default', resolveFrom: string = import.meta.url): string {
  const root = dirname(createRequire(resolveFrom).resolve('@fugood/whisper.node/package.json'));
  const req = createRequire(join(root, 'lib', 'binding.js'));
  const pkg = (v: WhisperVariant): string => `@fugood/node-whisper-${process.platform}-${process.arch}${v === 'default' ? '' : `-${v}`}`;
  const candidates = variant === 'default' ? [pkg('default')] : [pkg(variant), pkg('default')];
  for (const name of candidates) {
    try {
      return unpackedAsarPath(req.resolve(name));
    } catch {
      // not installed for this platform/variant: try the next
    }
  }
  return unpackedAsarPath(join(root, 'build', 'Release', 'index.node'));
}

const contextParams = koffi.struct('whisper_context_params', {
  use_gpu: 'bool',
  flash_attn: 'bool',
  gpu_device: 'int',
  dtw_token_timestamps: 'bool',
  dtw_aheads_preset: 'int',
  dtw_n_top: 'int',
  dtw_aheads: koffi.struct('whisper_aheads', { n_heads: 'size_t', heads: 'void *' }),
  dtw_mem_size: 'size_t',
});

const vadParams = koffi.struct('whisper_vad_params', {
  threshold: 'float',
  min_speech_duration_ms: 'int',
  min_silence_duration_ms: 'int',
  max_speech_duration_s: 'float',
  speech_pad_ms: 'int',
  samples_overlap: 'float',
});

/** Callbacks and the grammar are plain pointers here: null, or what koffi.register / koffi.alloc returned. */
const fullParams = koffi.struct('whisper_full_params', {
  strategy: 'int',
  n_threads: 'int',
  n_max_text_ctx: 'int',
  offset_ms: 'int',
  duration_ms: 'int',
  translate: 'bool',
  no_context: 'bool',
  no_timestamps: 'bool',
  single_segment: 'bool',
  print_special: 'bool',
  print_progress: 'bool',
  print_realtime: 'bool',
  print_timestamps: 'bool',
  token_timestamps: 'bool',
  thold_pt: 'float',
  thold_ptsum: 'float',
  max_len: 'int',
  split_on_word: 'bool',
  max_tokens: 'int',
  debug_mode: 'bool',
  audio_ctx: 'int',
  tdrz_enable: 'bool',
  suppress_regex: 'const char *',
  initial_prompt: 'const char *',
  carry_initial_prompt: 'bool',
  prompt_tokens: 'void *',
  prompt_n_tokens: 'int',
  language: 'const char *',
  detect_language: 'bool',
  suppress_blank: 'bool',
  suppress_nst: 'bool',
  temperature: 'float',
  max_initial_ts: 'float',
  length_penalty: 'float',
  temperature_inc: 'float',
  entropy_thold: 'float',
  logprob_thold: 'float',
  no_speech_thold: 'float',
  greedy: koffi.struct('whisper_greedy_params', { best_of: 'int' }),
  beam_search: koffi.struct('whisper_beam_search_params', { beam_size: 'int', patience: 'float' }),
  new_segment_callback: 'void *',
  new_segment_callback_user_data: 'void *',
  progress_callback: 'void *',
  progress_callback_user_data: 'void *',
  encoder_begin_callback: 'void *',
  encoder_begin_callback_user_data: 'void *',
  abort_callback: 'void *',
  abort_callback_user_data: 'void *',
  logits_filter_callback: 'void *',
  logits_filter_callback_user_data: 'void *',
  grammar_rules: 'void *',
  n_grammar_rules: 'size_t',
  i_start_rule: 'size_t',
  grammar_penalty: 'float',
  vad: 'bool',
  vad_model_path: 'const char *',
  vad_params: vadParams,
});

export const grammarElementType = koffi.struct('whisper_grammar_element', { type: 'int', value: 'uint32' });
/** sizeof(whisper_token_data) = 56: id, tid, p, plog, pt, ptsum, t0, t1, t_dtw, vlen (+ padding). */
export const tokenDataType = koffi.struct('whisper_token_data', {
  id: 'int',
  tid: 'int',
  p: 'float',
  plog: 'float',
  pt: 'float',
  ptsum: 'float',
  t0: 'int64',
  t1: 'int64',
  t_dtw: 'int64',
  vlen: 'float',
});
export const abortCallbackType = koffi.pointer(koffi.proto('bool whisper_abort_cb(void *user_data)'));
export const logitsFilterType = koffi.pointer(
  koffi.proto('void whisper_logits_filter_cb(void *ctx, void *state, void *tokens, int n_tokens, void *logits, void *user_data)'),
);

/** An opaque native pointer as koffi hands it over. */
export type NativePtr = object;

/** The whisper_full_params fields this project reads or sets (the rest round-trips untouched). */
export interface FullParams {
  strategy: number;
  n_threads: number;
  no_context: boolean;
  no_timestamps: boolean;
  single_segment: boolean;
  print_progress: boolean;
  print_realtime: boolean;
  print_timestamps: boolean;
  initial_prompt: string | null;
  language: string | null;
  suppress_blank: boolean;
  temperature: number;
  greedy: { best_of: number };
  abort_callback: unknown;
  logits_filter_callback: unknown;
  grammar_rules: unknown;
  n_grammar_rules: number;
  i_start_rule: number;
  grammar_penalty: number;
  vad_params: { threshold: number; samples_overlap: number };
  [field: string]: unknown;
}

export interface ContextParams {
  use_gpu: boolean;
  flash_attn: boolean;
  [field: string]: unknown;
}

export interface WhisperLib {
  path: string;
  version(): string;
  contextDefaultParams(): ContextParams;
  initFromFile(path: string, params: ContextParams): NativePtr | null;
  free(ctx: NativePtr): void;
  fullDefaultParamsByRef(strategy: number): NativePtr;
  freeParams(params: NativePtr): void;
  full(ctx: NativePtr, params: FullParams, samples: Float32Array, nSamples: number): number;
  nSegments(ctx: NativePtr): number;
  segmentText(ctx: NativePtr, i: number): string;
  segmentNoSpeechProb(ctx: NativePtr, i: number): number;
  nTokens(ctx: NativePtr, i: number): number;
  tokenId(ctx: NativePtr, i: number, j: number): number;
  tokenText(ctx: NativePtr, i: number, j: number): string;
  tokenP(ctx: NativePtr, i: number, j: number): number;
  tokenToStr(ctx: NativePtr, token: number): string | null;
  tokenEot(ctx: NativePtr): number;
  nVocab(ctx: NativePtr): number;
}

let loaded: WhisperLib | undefined;

/** Loads the add-on once per thread (koffi keeps one handle per library path). */
export function loadWhisperLib(path: string = whisperAddonPath()): WhisperLib {
  if (loaded) return loaded;
  const lib = koffi.load(path);
  // koffi functions are untyped; WhisperLib is their contract (checked by whisperNativeLib.test.ts).
  const l: WhisperLib = {
    path,
    version: lib.func('const char * whisper_version(void)'),
    contextDefaultParams: lib.func('whisper_context_params whisper_context_default_params(void)'),
    initFromFile: lib.func('void * whisper_init_from_file_with_params(const char *path, whisper_context_params params)'),
    free: lib.func('void whisper_free(void *ctx)'),
    fullDefaultParamsByRef: lib.func('void * whisper_full_default_params_by_ref(int strategy)'),
    freeParams: lib.func('void whisper_free_params(void *params)'),
    full: lib.func('int whisper_full(void *ctx, whisper_full_params params, const float *samples, int n_samples)'),
    nSegments: lib.func('int whisper_full_n_segments(void *ctx)'),
    segmentText: lib.func('const char * whisper_full_get_segment_text(void *ctx, int i)'),
    segmentNoSpeechProb: lib.func('float whisper_full_get_segment_no_speech_prob(void *ctx, int i)'),
    nTokens: lib.func('int whisper_full_n_tokens(void *ctx, int i)'),
    tokenId: lib.func('int whisper_full_get_token_id(void *ctx, int i, int j)'),
    tokenText: lib.func('const char * whisper_full_get_token_text(void *ctx, int i, int j)'),
    tokenP: lib.func('float whisper_full_get_token_p(void *ctx, int i, int j)'),
    tokenToStr: lib.func('const char * whisper_token_to_str(void *ctx, int token)'),
    tokenEot: lib.func('int whisper_token_eot(void *ctx)'),
    nVocab: lib.func('int whisper_n_vocab(void *ctx)'),
  };
  loaded = l;
  return l;
}

/** whisper_full_default_params(strategy), read through the _by_ref variant (and freed). */
export function defaultFullParams(lib: WhisperLib, strategy = 0): FullParams {
  const ref = lib.fullDefaultParamsByRef(strategy);
  try {
    return koffi.decode(ref, fullParams) as FullParams;
  } finally {
    lib.freeParams(ref);
  }
}

export const nativeTypes = { fullParams, contextParams, vadParams };
