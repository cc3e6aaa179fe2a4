import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomWhisperModel } from '../../../test/integration/speech/randomWhisperModel.js';
import { checkWhisperModel, ModelFileError } from './whisperModelCheck.js';

const dir = mkdtempSync(join(tmpdir(), 'stratus-model-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MODEL = randomWhisperModel();
/** Byte offsets in the test model: 4 magic + 11 header int32s, then the mel filter sizes. */
const HEADER_AT = 4;
const MEL_AT = HEADER_AT + 11 * 4;

let n = 0;
function file(bytes: Buffer): string {
  const p = join(dir, `m${n++}.bin`);
  writeFileSync(p, bytes);
  return p;
}

function patched(offset: number, value: number): Buffer {
  const b = Buffer.from(MODEL);
  b.writeInt32LE(value, offset);
  return b;
}

async function reason(bytes: Buffer): Promise<string> {
  const e = await checkWhisperModel(file(bytes)).then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ModelFileError);
  return (e as ModelFileError).reason;
}

describe('checkWhisperModel', () => {
  it('accepts a complete model and says what is in it', async () => {
    const s = await checkWhisperModel(file(MODEL));
    expect(s).toMatchObject({ tensors: 50, bytes: MODEL.length, hparams: { nVocab: 51864, nAudioLayer: 1, nMels: 80, ftype: 1 } });
  });

  it('refuses the issue\'s reproduction (lmgg + random bytes), GGUF and other files, with the reason', async () => {
    expect(await reason(Buffer.concat([Buffer.from('lmgg'), Buffer.alloc(4096, 0x7f)]))).toMatch(/^header: vocabulary size/);
    expect(await reason(Buffer.from('GGUF0000'))).toMatch(/GGUF/);
    expect(await reason(Buffer.from('hello'))).toMatch(/not a whisper\.cpp model/);
    expect(await reason(Buffer.alloc(0))).toMatch(/not a whisper\.cpp model/);
  });

  it('refuses hyper-parameters out of range or inconsistent', async () => {
    expect(await reason(patched(HEADER_AT + 2 * 4, 100))).toMatch(/encoder and decoder widths differ|heads/);
    expect(await reason(patched(HEADER_AT + 4 * 4, 1000))).toMatch(/encoder has 1000 layers/);
    expect(await reason(patched(HEADER_AT + 10 * 4, 5))).toMatch(/unknown weight format 5/);
    expect(await reason(patched(HEADER_AT + 9 * 4, 81))).toMatch(/81 mel bands/);
  });

  it('refuses mel filters of the wrong size and a vocabulary that claims too much', async () => {
    expect(await reason(patched(MEL_AT + 4, 200))).toMatch(/mel filters are 80x200, expected 80x201/);
    const vocabAt = MEL_AT + 8 + 80 * 201 * 4;
    expect(await reason(patched(vocabAt, 60000))).toMatch(/vocabulary has 60000 entries/);
    expect(await reason(patched(vocabAt + 4, 1 << 30))).toMatch(/vocabulary entry 0 claims/);
    const noSpace = Buffer.from(MODEL);
    noSpace[vocabAt + 8] = 0x78; // the first token, " ", becomes "x": whisper.cpp would abort looking " " up
    expect(await reason(noSpace)).toBe('vocabulary has no space token');
  });

  it('names the tensor that is truncated, and refuses trailing bytes, a doubled tensor and a wrong shape', async () => {
    expect(await reason(MODEL.subarray(0, MODEL.length - 10))).toMatch(/^tensor 'decoder\.blocks\.0\.cross_attn\.out\.bias' truncated \(needs 256 bytes, 246 left\)$/);
    expect(await reason(Buffer.concat([MODEL, Buffer.from([1, 2, 3])]))).toMatch(/tensor header 50 truncated/);
    // The last tensor record again: 3 int32s, 1 dim, the name, 64 floats.
    const name = 'decoder.blocks.0.cross_attn.out.bias';
    const last = MODEL.subarray(MODEL.length - (16 + name.length + 256));
    expect(await reason(Buffer.concat([MODEL, last]))).toMatch(/appears twice/);
    const wrongShape = Buffer.from(MODEL);
    wrongShape.writeInt32LE(63, MODEL.length - (256 + name.length + 4));
    expect(await reason(wrongShape)).toMatch(/has shape \[63\], expected \[64\]/);
  });

  it('never fails with anything but a ModelFileError whatever bytes of the header area are changed', async () => {
    let seed = 11;
    const rnd = (m: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % m;
    };
    const headerArea = MEL_AT + 8 + 80 * 201 * 4 + 4096; // header, filters and the start of the vocabulary
    for (let i = 0; i < 60; i++) {
      const b = Buffer.from(MODEL);
      for (let k = 0; k < 4; k++) b[rnd(headerArea)] = rnd(256);
      await checkWhisperModel(file(b)).catch((e: unknown) => expect(e).toBeInstanceOf(ModelFileError));
    }
  });
});
