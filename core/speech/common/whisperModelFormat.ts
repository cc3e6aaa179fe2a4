/**
 * The legacy ggml layout of a whisper.cpp model, as whisper.cpp's whisper_model_load reads it:
 * magic, 11 int32 hyper-parameters, mel filters, vocabulary, then tensor records to the end of the
 * file. Pure rules: what the hyper-parameters may be, which tensors they call for (name, shape,
 * type) and how many bytes each takes. The file reader is core/speech/node/whisperModelCheck.ts.
 */

export const GGML_MAGIC = 0x67676d6c; // "lmgg" on disk
export const GGUF_MAGIC = 0x46554747;

export interface WhisperHparams {
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nTextCtx: number;
  nTextState: number;
  nTextHead: number;
  nTextLayer: number;
  nMels: number;
  ftype: number;
}

export const HPARAM_NAMES: readonly (keyof WhisperHparams)[] = ['nVocab', 'nAudioCtx', 'nAudioState', 'nAudioHead', 'nAudioLayer', 'nTextCtx', 'nTextState', 'nTextHead', 'nTextLayer', 'nMels', 'ftype'];

/** ggml tensor types a whisper model uses: bytes per block and elements per block. */
const GGML_TYPES: ReadonlyMap<number, { name: string; blockBytes: number; blockSize: number }> = new Map([
  [0, { name: 'f32', blockBytes: 4, blockSize: 1 }],
  [1, { name: 'f16', blockBytes: 2, blockSize: 1 }],
  [2, { name: 'q4_0', blockBytes: 18, blockSize: 32 }],
  [3, { name: 'q4_1', blockBytes: 20, blockSize: 32 }],
  [6, { name: 'q5_0', blockBytes: 22, blockSize: 32 }],
  [7, { name: 'q5_1', blockBytes: 24, blockSize: 32 }],
  [8, { name: 'q8_0', blockBytes: 34, blockSize: 32 }],
  [10, { name: 'q2_k', blockBytes: 84, blockSize: 256 }],
  [11, { name: 'q3_k', blockBytes: 110, blockSize: 256 }],
  [12, { name: 'q4_k', blockBytes: 144, blockSize: 256 }],
  [13, { name: 'q5_k', blockBytes: 176, blockSize: 256 }],
  [14, { name: 'q6_k', blockBytes: 210, blockSize: 256 }],
  [30, { name: 'bf16', blockBytes: 2, blockSize: 1 }],
]);

/** ggml's file type (hparams.ftype modulo the quantisation version) → the type of the big weights. */
const FTYPE_TO_TYPE: ReadonlyMap<number, number> = new Map([
  [0, 0], [1, 1], [2, 2], [3, 3], [7, 8], [8, 6], [9, 7], [10, 10], [11, 11], [12, 12], [13, 13], [14, 14], [24, 30],
]);
/** hparams.ftype carries the quantisation version times this (ggml's GGML_QNT_VERSION_FACTOR). */
const QNT_VERSION_FACTOR = 1000;

/** Every published whisper model: English-only 51864, multilingual 51865, large-v3 51866 tokens. */
const VOCAB_RANGE = [51864, 51866] as const;
/** 30 s of audio in encoder positions, and the decoder's context: fixed by the architecture. */
const AUDIO_CTX = 1500;
const TEXT_CTX = 448;
/** 80 mel bands, 128 for large-v3. */
const MEL_BANDS = [80, 128];
/** whisper.cpp's 400-point FFT gives 201 frequency bins per mel filter. */
export const MEL_FFT_BINS = 201;
/** Generous bounds: the largest published model has 1280 states, 20 heads, 32 layers. */
const MAX_STATE = 4096;
const MAX_HEADS = 64;
const MAX_LAYERS = 64;
/** The longest token of the published vocabularies is well under this many bytes. */
export const MAX_TOKEN_BYTES = 1024;
/** Tensor names in a whisper model are short ("decoder.blocks.31.cross_attn.value.weight"). */
export const MAX_TENSOR_NAME_BYTES = 128;

export interface ExpectedTensor {
  shape: number[];
  type: number;
}

export function ggmlTypeName(type: number): string {
  return GGML_TYPES.get(type)?.name ?? `type ${type}`;
}

/** Why these hyper-parameters cannot be a whisper model, or undefined when they are sane. */
export function hparamsProblem(h: WhisperHparams): string | undefined {
  if (h.nVocab < VOCAB_RANGE[0] || h.nVocab > VOCAB_RANGE[1]) return `vocabulary size ${h.nVocab} is not a whisper model's`;
  if (h.nAudioCtx !== AUDIO_CTX || h.nTextCtx !== TEXT_CTX) return `context sizes ${h.nAudioCtx}/${h.nTextCtx} are not whisper's ${AUDIO_CTX}/${TEXT_CTX}`;
  if (!MEL_BANDS.includes(h.nMels)) return `${h.nMels} mel bands (whisper uses ${MEL_BANDS.join(' or ')})`;
  if (h.nAudioState !== h.nTextState) return `encoder and decoder widths differ (${h.nAudioState}, ${h.nTextState})`;
  for (const [what, state, heads, layers] of [['encoder', h.nAudioState, h.nAudioHead, h.nAudioLayer], ['decoder', h.nTextState, h.nTextHead, h.nTextLayer]] as const) {
    if (state < 1 || state > MAX_STATE) return `${what} width ${state} out of range`;
    if (heads < 1 || heads > MAX_HEADS || state % heads !== 0) return `${what} has ${heads} attention heads for width ${state}`;
    if (layers < 1 || layers > MAX_LAYERS) return `${what} has ${layers} layers`;
  }
  if (weightType(h.ftype) === undefined) return `unknown weight format ${h.ftype}`;
  return undefined;
}

/** The ggml type of the big weight matrices for a file type, or undefined when unknown. */
export function weightType(ftype: number): number | undefined {
  return ftype < 0 ? undefined : FTYPE_TO_TYPE.get(ftype % QNT_VERSION_FACTOR);
}

/** Every tensor these hyper-parameters call for, by name (whisper.cpp's whisper_model_load). */
export function expectedTensors(h: WhisperHparams): Map<string, ExpectedTensor> {
  const w = weightType(h.ftype) ?? 0;
  const conv = w === 0 ? 0 : 1; // convolutions stay f16 unless the whole model is f32
  const F32 = 0;
  const S = h.nAudioState;
  const m = new Map<string, ExpectedTensor>();
  const t = (name: string, shape: number[], type: number): void => void m.set(name, { shape, type });
  const block = (p: string, attns: string[]): void => {
    t(`${p}.mlp_ln.weight`, [S], F32);
    t(`${p}.mlp_ln.bias`, [S], F32);
    t(`${p}.mlp.0.weight`, [S, 4 * S], w);
    t(`${p}.mlp.0.bias`, [4 * S], F32);
    t(`${p}.mlp.2.weight`, [4 * S, S], w);
    t(`${p}.mlp.2.bias`, [S], F32);
    for (const a of attns) {
      t(`${p}.${a}_ln.weight`, [S], F32);
      t(`${p}.${a}_ln.bias`, [S], F32);
      t(`${p}.${a}.query.weight`, [S, S], w);
      t(`${p}.${a}.query.bias`, [S], F32);
      t(`${p}.${a}.key.weight`, [S, S], w);
      t(`${p}.${a}.value.weight`, [S, S], w);
      t(`${p}.${a}.value.bias`, [S], F32);
      t(`${p}.${a}.out.weight`, [S, S], w);
      t(`${p}.${a}.out.bias`, [S], F32);
    }
  };
  t('encoder.positional_embedding', [S, h.nAudioCtx], F32);
  t('encoder.conv1.weight', [3, h.nMels, S], conv);
  t('encoder.conv1.bias', [1, S], F32);
  t('encoder.conv2.weight', [3, S, S], conv);
  t('encoder.conv2.bias', [1, S], F32);
  t('encoder.ln_post.weight', [S], F32);
  t('encoder.ln_post.bias', [S], F32);
  for (let i = 0; i < h.nAudioLayer; i++) block(`encoder.blocks.${i}`, ['attn']);
  t('decoder.positional_embedding', [S, h.nTextCtx], F32);
  t('decoder.token_embedding.weight', [S, h.nVocab], w);
  t('decoder.ln.weight', [S], F32);
  t('decoder.ln.bias', [S], F32);
  for (let i = 0; i < h.nTextLayer; i++) block(`decoder.blocks.${i}`, ['attn', 'cross_attn']);
  return m;
}

/**
 * Bytes of a tensor's data, or why its header is wrong: shape and type must be what the
 * hyper-parameters call for, and a quantised row must be whole blocks.
 */
export function tensorDataBytes(name: string, shape: number[], type: number, expected: ExpectedTensor | undefined): number | string {
  if (!expected) return `unknown tensor '${name}'`;
  // ggml pads shapes to 4 dimensions with 1s: [S] and [S, 1] are the same tensor.
  const padded = (s: number[]): number[] => [0, 1, 2, 3].map((i) => s[i] ?? 1);
  const want = padded(expected.shape);
  if (shape.length > 4 || padded(shape).some((n, i) => n !== want[i])) return `tensor '${name}' has shape [${shape.join(', ')}], expected [${expected.shape.join(', ')}]`;
  if (type !== expected.type) return `tensor '${name}' is ${ggmlTypeName(type)}, expected ${ggmlTypeName(expected.type)}`;
  const t = GGML_TYPES.get(type);
  if (!t) return `tensor '${name}' has unknown type ${type}`;
  if ((shape[0] ?? 0) % t.blockSize !== 0) return `tensor '${name}' rows are not whole ${t.name} blocks`;
  const elements = shape.reduce((a, b) => a * b, 1);
  return (elements / t.blockSize) * t.blockBytes;
}
