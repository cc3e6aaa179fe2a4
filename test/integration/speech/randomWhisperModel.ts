import { writeFileSync } from 'node:fs';

/**
 * Writes a ~7.5 MB randomly initialised whisper.cpp model (legacy ggml, F16 weights) that the
 * binding loads and runs; its output text is garbage. Only for plumbing tests: load once,
 * transcribe many turns, abort. The vocabulary must contain " " or whisper.cpp aborts.
 */
export function writeRandomWhisperModel(path: string): number {
  const buf = randomWhisperModel();
  writeFileSync(path, buf);
  return buf.length;
}

/** The bytes writeRandomWhisperModel writes. */
export function randomWhisperModel(): Buffer {
  const S = 64;
  const NV = 51864;
  const ACTX = 1500;
  const TCTX = 448;
  const MELS = 80;
  const parts: Buffer[] = [];
  const i32 = (...v: number[]): void => {
    const b = Buffer.alloc(4 * v.length);
    v.forEach((x, i) => b.writeInt32LE(x, 4 * i));
    parts.push(b);
  };
  let seed = 7;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed / 0x7fffffff - 0.5) * 0.1;
  };
  const f32s = (n: number, fill?: number): void => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = fill ?? rnd();
    parts.push(Buffer.from(a.buffer));
  };
  const f16 = (x: number): number => {
    const u = new Uint32Array(new Float32Array([x]).buffer)[0]!;
    const sign = (u >>> 16) & 0x8000;
    const e = ((u >>> 23) & 0xff) - 127 + 15;
    const m = (u >>> 13) & 0x3ff;
    if (e <= 0) return sign;
    if (e >= 31) return sign | 0x7c00;
    return sign | (e << 10) | m;
  };
  const f16s = (n: number): void => {
    const b = Buffer.alloc(2 * n);
    for (let i = 0; i < n; i++) b.writeUInt16LE(f16(rnd()), 2 * i);
    parts.push(b);
  };
  const tensor = (name: string, ne: number[], norm?: boolean): void => {
    const n = ne.reduce((a, b) => a * b, 1);
    const half = ne.length > 1 && !name.includes('positional') && !name.endsWith('.bias');
    i32(ne.length, Buffer.byteLength(name), half ? 1 : 0, ...ne);
    parts.push(Buffer.from(name));
    if (half) f16s(n);
    else f32s(n, norm ? 1 : undefined);
  };
  i32(0x67676d6c);
  i32(NV, ACTX, S, 1, 1, TCTX, S, 1, 1, MELS, 1);
  i32(MELS, 201);
  f32s(MELS * 201, 0.01);
  const words = [' ', ' set', ' heading', ' two', ' seven', ' zero', ...Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i))];
  i32(words.length);
  for (const w of words) {
    i32(Buffer.byteLength(w));
    parts.push(Buffer.from(w));
  }
  tensor('encoder.positional_embedding', [S, ACTX]);
  tensor('encoder.conv1.weight', [3, MELS, S]);
  tensor('encoder.conv1.bias', [1, S]);
  tensor('encoder.conv2.weight', [3, S, S]);
  tensor('encoder.conv2.bias', [1, S]);
  tensor('encoder.ln_post.weight', [S], true);
  tensor('encoder.ln_post.bias', [S]);
  const block = (p: string, cross: boolean): void => {
    const mlp: [string, number[], boolean?][] = [
      ['mlp_ln.weight', [S], true],
      ['mlp_ln.bias', [S]],
      ['mlp.0.weight', [S, 4 * S]],
      ['mlp.0.bias', [4 * S]],
      ['mlp.2.weight', [4 * S, S]],
      ['mlp.2.bias', [S]],
    ];
    for (const [n, ne, norm] of mlp) tensor(`${p}.${n}`, ne, norm);
    for (const a of cross ? ['attn', 'cross_attn'] : ['attn']) {
      tensor(`${p}.${a}_ln.weight`, [S], true);
      tensor(`${p}.${a}_ln.bias`, [S]);
      const attn: [string, number[]][] = [
        ['query.weight', [S, S]],
        ['query.bias', [S]],
        ['key.weight', [S, S]],
        ['value.weight', [S, S]],
        ['value.bias', [S]],
        ['out.weight', [S, S]],
        ['out.bias', [S]],
      ];
      for (const [n, ne] of attn) tensor(`${p}.${a}.${n}`, ne);
    }
  };
  block('encoder.blocks.0', false);
  tensor('decoder.positional_embedding', [S, TCTX]);
  tensor('decoder.token_embedding.weight', [S, NV]);
  tensor('decoder.ln.weight', [S], true);
  tensor('decoder.ln.bias', [S]);
  block('decoder.blocks.0', true);
  return Buffer.concat(parts);
}
