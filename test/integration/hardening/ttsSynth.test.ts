import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../../core/config/common/configSchema.js';
import { createTts } from '../../../core/speech/node/engineSetup.js';
import { listPiperVoices, PiperTts } from '../../../core/speech/node/piperTts.js';
import { describe, expect, it } from 'vitest';
import { MAX_LOGGED_DETAIL_CHARS, SynthesisError, speechFailureLogLine } from '../../../core/speech/common/ttsErrors.js';
import { DEFAULT_VOICE } from '../../../core/speech/common/ttsVoices.js';
import { listSystemVoices, runToBuffer, SystemTts } from '../../../core/speech/node/systemTts.js';

/** Issue 14, point 1: what a synthesiser's child process prints goes to the log only; only an installed voice reaches it. */

const hasEspeak = spawnSync('sh', ['-c', 'command -v espeak-ng']).status === 0;
const never = new AbortController().signal;

describe('runToBuffer errors', () => {
  it("a failing process: a plain message, its stderr only in `detail`", async () => {
    const e = await runToBuffer('sh', ['-c', 'echo "Bad voice attribute: root:x:0:0:root:/root:/bin/bash" >&2; exit 3'], never).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SynthesisError);
    expect((e as SynthesisError).message).toBe('sh failed (exit 3)');
    expect((e as SynthesisError).detail).toContain('root:x:0:0');
  });

  it('a process that cannot start, or prints more than allowed, fails plainly', async () => {
    const missing = await runToBuffer('stratus-no-such-synthesiser', [], never).catch((x: unknown) => x);
    expect((missing as SynthesisError).message).toBe('stratus-no-such-synthesiser could not be started (ENOENT)');
    const big = await runToBuffer('sh', ['-c', 'head -c 100000 /dev/zero'], never, 1000).catch((x: unknown) => x);
    expect(big).toBeInstanceOf(SynthesisError);
  });

  it('the log line carries the stderr, capped and on one line', () => {
    const line = speechFailureLogLine(new SynthesisError('espeak-ng failed (exit 1)', `first\n${'x'.repeat(5000)}\u001b[31m`));
    expect(line).toMatch(/^speech output failed: espeak-ng failed \(exit 1\); stderr: first x+… \(\d+ chars\)$/);
    expect(line.length).toBeLessThan(MAX_LOGGED_DETAIL_CHARS + 120);
  });
});

describe.skipIf(!hasEspeak)('the system voice (espeak-ng)', () => {
  if (!hasEspeak) console.warn('skipped: espeak-ng is not installed (apt install espeak-ng)');

  it('lists the installed languages and variants', async () => {
    const v = await listSystemVoices('linux');
    expect(v.engine).toBe('espeak-ng');
    expect(v.voices).toEqual(expect.arrayContaining(['en-us', 'en-gb']));
    expect(v.variants).toEqual(expect.arrayContaining(['m3', 'f2']));
    expect(v.problem).toBeUndefined();
  });

  it('a voice that is a path never reaches espeak-ng: the default speaks, and the status says why', async () => {
    const tts = new SystemTts({ voice: '../../../../../../etc/passwd', rateWpm: 175, platform: 'linux' });
    await tts.start();
    expect(tts.status().state).toBe('ready');
    expect(tts.status().detail).toContain(`using ${DEFAULT_VOICE}`);
    const audio = await tts.synthesize('Heading two seven zero.', never);
    expect(audio.samples.length).toBeGreaterThan(1000);
    await tts.dispose();
  });

  it('an installed voice with a variant is used as given', async () => {
    const tts = new SystemTts({ voice: 'en-gb+f2', rateWpm: 175, platform: 'linux' });
    await tts.start();
    expect(tts.status().detail).toMatch(/^espeak-ng \(en-gb\+f2, 175 wpm\)$/);
    await tts.dispose();
  });
});

describe('Piper voices', () => {
  it('are the model files in the Piper folder; a voice setting that is a path never names a file', async () => {
    const models = mkdtempSync(join(tmpdir(), 'stratus-piper-'));
    try {
      const dir = join(models, 'piper');
      mkdirSync(dir);
      writeFileSync(join(models, 'outside.onnx'), 'x');
      writeFileSync(join(models, 'outside.onnx.json'), '{}');
      writeFileSync(join(dir, 'en_US-test-low.onnx'), 'x');
      writeFileSync(join(dir, 'en_US-test-low.onnx.json'), '{}');
      writeFileSync(join(dir, 'no-config.onnx'), 'x');
      expect((await listPiperVoices(dir)).voices).toEqual(['en_US-test-low']);

      const config = defaultConfig();
      // As if a file carried it past the schema: the engine setup still never builds a path from it.
      config.speech.tts = { ...config.speech.tts, engine: 'piper', voice: '../outside' };
      const { engine, note } = await createTts(config, models);
      expect(engine.name).not.toBe('piper');
      expect(note).toContain('no Piper voice "../outside"');
      await engine.dispose();
    } finally {
      rmSync(models, { recursive: true, force: true });
    }
  });

  it("a voice file whose phonemiser voice is an option or a path is refused plainly, quoting nothing of the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-piper-'));
    try {
      writeFileSync(join(dir, 'v.onnx'), 'x');
      writeFileSync(join(dir, 'v.onnx.json'), JSON.stringify({ audio: { sample_rate: 22050 }, espeak: { voice: '--path=/etc' }, phoneme_id_map: {} }));
      const piper = new PiperTts({ voicePath: join(dir, 'v.onnx') });
      await piper.start();
      expect(piper.status()).toEqual({ state: 'error', detail: 'Piper voice failed to load: its .onnx.json is not a Piper voice config' });
      writeFileSync(join(dir, 'v.onnx.json'), 'root:x:0:0:root:/root:/bin/bash');
      await piper.start();
      expect(piper.status().detail).not.toContain('root:x');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
