import { open, type FileHandle } from 'node:fs/promises';
import {
  expectedTensors,
  GGML_MAGIC,
  GGUF_MAGIC,
  HPARAM_NAMES,
  hparamsProblem,
  MAX_TENSOR_NAME_BYTES,
  MAX_TOKEN_BYTES,
  MEL_FFT_BINS,
  tensorDataBytes,
  type WhisperHparams,
} from '../common/whisperModelFormat.js';

/** Bytes read from disk at a time: the file is streamed, never held whole in memory. */
const CHUNK_BYTES = 1 << 16;

/** A model file whisper.cpp must not be given; the message says what is wrong and what to do. */
export class ModelFileError extends Error {
  override readonly name = 'ModelFileError';
  constructor(
    message: string,
    /** What is wrong, without the path ("tensor 'x' truncated (…)"). */
    readonly reason: string = message,
  ) {
    super(message);
  }
}

export interface WhisperModelSummary {
  hparams: WhisperHparams;
  tensors: number;
  bytes: number;
}

/** Sequential reads through a small buffer; `need` says what a short read truncated. */
class Reader {
  private buf = Buffer.alloc(CHUNK_BYTES);
  private start = 0; // file offset of buf[0]
  private len = 0;
  pos = 0;

  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
  ) {}

  get left(): number {
    return this.size - this.pos;
  }

  async bytes(n: number, what: string): Promise<Buffer> {
    if (n > this.left) throw new Truncated(what, n, this.left);
    if (this.pos < this.start || this.pos + n > this.start + this.len) {
      if (n > this.buf.length) this.buf = Buffer.alloc(n);
      const { bytesRead } = await this.fh.read(this.buf, 0, Math.min(this.buf.length, this.size - this.pos), this.pos);
      this.start = this.pos;
      this.len = bytesRead;
      if (bytesRead < n) throw new Truncated(what, n, bytesRead);
    }
    const off = this.pos - this.start;
    this.pos += n;
    return this.buf.subarray(off, off + n);
  }

  async i32(what: string): Promise<number> {
    return (await this.bytes(4, what)).readInt32LE(0);
  }

  skip(n: number, what: string): void {
    if (n > this.left) throw new Truncated(what, n, this.left);
    this.pos += n;
  }
}

class Truncated extends Error {
  constructor(what: string, need: number, have: number) {
    super(`${what} truncated (needs ${need} bytes, ${have} left)`);
  }
}

/**
 * Reads a whisper.cpp ggml model file from start to end and checks everything whisper.cpp will
 * trust: magic, hyper-parameters in sane and consistent ranges, mel filters, every vocabulary
 * entry, every tensor header (dimensions, name, type, shape and data size against the
 * hyper-parameters and ggml's type sizes), that every tensor is there once and that the file ends
 * exactly after the last one. Tensor data is skipped, not read. Throws ModelFileError.
 */
export async function checkWhisperModel(path: string): Promise<WhisperModelSummary> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ModelFileError(`cannot open model file ${path}: ${code}`, `cannot open it (${code})`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new ModelFileError(`${path} is not a file`, 'not a file');
    return await readModel(new Reader(fh, st.size));
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    const reason = (e as Error).message;
    throw new ModelFileError(`model file ${path} is damaged: ${reason}; download it again or choose another file`, reason);
  } finally {
    await fh.close();
  }
}

async function readModel(r: Reader): Promise<WhisperModelSummary> {
  const magic = r.size >= 4 ? await r.i32('magic') : 0;
  if (magic >>> 0 === GGUF_MAGIC) throw new Error('it is a GGUF file; whisper.cpp needs the legacy ggml format (ggml-*.bin)');
  if (magic >>> 0 !== GGML_MAGIC) throw new Error('it is not a whisper.cpp model (no ggml magic)');
  const h = {} as WhisperHparams;
  for (const name of HPARAM_NAMES) h[name] = await r.i32(`header field ${name}`);
  const bad = hparamsProblem(h);
  if (bad) throw new Error(`header: ${bad}`);

  const nMel = await r.i32('mel filter count');
  const nFft = await r.i32('mel filter size');
  if (nMel !== h.nMels || nFft !== MEL_FFT_BINS) throw new Error(`mel filters are ${nMel}x${nFft}, expected ${h.nMels}x${MEL_FFT_BINS}`);
  const filters = await r.bytes(nMel * nFft * 4, 'mel filters');
  for (let o = 0; o < filters.length; o += 4) if (!Number.isFinite(filters.readFloatLE(o))) throw new Error('mel filters hold a value that is not a number');

  const nTokens = await r.i32('vocabulary size');
  if (nTokens < 1 || nTokens > h.nVocab) throw new Error(`vocabulary has ${nTokens} entries for a model of ${h.nVocab}`);
  let hasSpace = false;
  for (let i = 0; i < nTokens; i++) {
    const len = (await r.bytes(4, `vocabulary entry ${i}`)).readUInt32LE(0);
    if (len > MAX_TOKEN_BYTES) throw new Error(`vocabulary entry ${i} claims ${len} bytes`);
    const token = await r.bytes(len, `vocabulary entry ${i}`);
    if (len === 1 && token[0] === 0x20) hasSpace = true;
  }
  // whisper.cpp looks the space token up without checking (and aborts when it is missing).
  if (!hasSpace) throw new Error('vocabulary has no space token');

  const expected = expectedTensors(h);
  const seen = new Set<string>();
  while (r.left > 0) {
    const n = seen.size;
    const nDims = await r.i32(`tensor header ${n}`);
    const nameLen = await r.i32(`tensor header ${n}`);
    const type = await r.i32(`tensor header ${n}`);
    if (nDims < 1 || nDims > 4) throw new Error(`tensor ${n} has ${nDims} dimensions`);
    if (nameLen < 1 || nameLen > MAX_TENSOR_NAME_BYTES) throw new Error(`tensor ${n} has a ${nameLen}-byte name`);
    const shape: number[] = [];
    for (let d = 0; d < nDims; d++) shape.push(await r.i32(`tensor header ${n}`));
    const name = (await r.bytes(nameLen, `tensor ${n} name`)).toString('latin1');
    if (seen.has(name)) throw new Error(`tensor '${name}' appears twice`);
    const size = tensorDataBytes(name, shape, type, expected.get(name));
    if (typeof size === 'string') throw new Error(size);
    r.skip(size, `tensor '${name}'`);
    seen.add(name);
  }
  const missing = [...expected.keys()].filter((k) => !seen.has(k));
  if (missing.length > 0) throw new Error(`${missing.length} tensor(s) missing, first '${missing[0]}' (the file ends early?)`);
  return { hparams: h, tensors: seen.size, bytes: r.size };
}
