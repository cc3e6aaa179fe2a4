import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PiperTts } from '../../../core/speech/node/piperTts.js';
import { sileroModelPath } from '../../../native/sileroModel.js';

// onnxruntime-node cannot load in THIS thread. The voice must still work: its inference runs in a
// worker thread, which imports the real runtime itself (vitest's mocks reach only this thread).
vi.mock('onnxruntime-node', () => {
  throw new Error('onnxruntime-node must not be loaded on the main thread');
});

/** Protobuf: a varint, a length-delimited field, a varint field. */
const varint = (n: number): number[] => {
  const out: number[] = [];
  for (; n > 0x7f; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80);
  out.push(n);
  return out;
};
const bytes = (field: number, body: number[] | string): number[] => {
  const b = typeof body === 'string' ? [...Buffer.from(body)] : body;
  return [...varint((field << 3) | 2), ...varint(b.length), ...b];
};
const int = (field: number, n: number): number[] => [...varint(field << 3), ...varint(n)];
const FLOAT = 1;
const INT64 = 7;
/** ValueInfoProto: a tensor of `elemType` with dims (a number, or a name for a free one). */
const tensor = (name: string, elemType: number, dims: (number | string)[]): number[] =>
  bytes(1, name).concat(bytes(2, bytes(1, [...int(1, elemType), ...bytes(2, dims.flatMap((d) => bytes(1, typeof d === 'number' ? int(1, d) : bytes(2, d))))])));

/**
 * The smallest "Piper voice": Piper's three inputs, and an output that is the phoneme ids cast to
 * float, so the samples that come back show which ids were sent. An ONNX ModelProto written by hand.
 */
function tinyPiperModel(): Buffer {
  const cast = [...bytes(1, 'input'), ...bytes(2, 'output'), ...bytes(4, 'Cast'), ...bytes(5, [...bytes(1, 'to'), ...int(3, FLOAT), ...int(20, 2)])];
  const graph = [
    ...bytes(1, cast),
    ...bytes(2, 'tiny-piper'),
    ...bytes(11, tensor('input', INT64, [1, 'n'])),
    ...bytes(11, tensor('input_lengths', INT64, [1])),
    ...bytes(11, tensor('scales', FLOAT, [3])),
    ...bytes(12, tensor('output', FLOAT, [1, 'n'])),
  ];
  return Buffer.from([...int(1, 8), ...bytes(8, [...bytes(1, ''), ...int(2, 13)]), ...bytes(7, graph)]);
}

const config = { audio: { sample_rate: 16000 }, espeak: { voice: 'en-us' }, inference: { noise_scale: 0.667, length_scale: 1, noise_w: 0.8 }, num_speakers: 1, phoneme_id_map: { _: [0], '^': [1], $: [2], ' ': [3], h: [20], ə: [21], l: [22], o: [23], ʊ: [24], ˈ: [25], 'ʔ': [26] } };

describe('Piper voice inference in a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-piperw-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const voice = (name: string, model: Buffer | string): string => {
    const path = join(dir, `${name}.onnx`);
    if (typeof model === 'string') copyFileSync(model, path);
    else writeFileSync(path, model);
    writeFileSync(`${path}.json`, JSON.stringify(config));
    return path;
  };

  it('loads and speaks while this thread cannot load onnxruntime at all', async () => {
    const piper = new PiperTts({ voicePath: voice('tiny', tinyPiperModel()) });
    try {
      await piper.start();
      expect(piper.status()).toMatchObject({ state: 'ready' });
      const out = await piper.synthesize('hello', new AbortController().signal);
      expect(out.sampleRateHz).toBe(16000);
      // Piper's framing: '^' first, '$' last, pad ids between; the ids came back as the "samples".
      expect(out.samples[0]).toBe(1);
      expect(out.samples[out.samples.length - 1]).toBe(2);
      expect([...out.samples].some((v) => v >= 20)).toBe(true);
    } finally {
      await piper.dispose();
    }
  }, 30_000); // espeak-ng and a worker that loads onnxruntime

  it('a model that is not a Piper voice is a status with the reason, not a crash', async () => {
    const silero = sileroModelPath();
    expect(silero).toBeDefined();
    const piper = new PiperTts({ voicePath: voice('silero', silero!) });
    await piper.start();
    expect(piper.status()).toEqual({ state: 'error', detail: 'Piper voice failed to load: not a Piper model (missing inputs input, input_lengths or scales)' });
    await expect(piper.synthesize('hello', new AbortController().signal)).rejects.toThrow(/not a Piper model/);
    await piper.dispose();
  }, 30_000);

  it('a file onnxruntime cannot read says so, and quotes nothing of it', async () => {
    const piper = new PiperTts({ voicePath: voice('garbage', Buffer.from('root:x:0:0:root:/root:/bin/bash')) });
    await piper.start();
    expect(piper.status()).toEqual({ state: 'error', detail: 'Piper voice failed to load: onnxruntime did not load the model' });
    await piper.dispose();
  }, 30_000);
});
