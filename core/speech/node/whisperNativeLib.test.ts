import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import { defaultFullParams, loadWhisperLib, nativeTypes, tokenDataType, grammarElementType, unpackedAsarPath, whisperAddonPath } from './whisperNativeLib.js';

// The structs are hand-copied from whisper.h of @fugood/whisper.node 1.1.1: a field out of place
// shifts everything after it, which these read-backs of whisper.cpp's own defaults would show.
describe('whisper.cpp C API through koffi', () => {
  it('resolves the add-on the package itself loads', () => {
    const p = whisperAddonPath();
    expect(p.endsWith(join(`node-whisper-${process.platform}-${process.arch}`, 'index.node'))).toBe(true);
    expect(existsSync(p)).toBe(true);
    expect(unpackedAsarPath(['', 'app', 'resources', 'app.asar', 'node_modules', 'x.node'].join(sep))).toBe(['', 'app', 'resources', 'app.asar.unpacked', 'node_modules', 'x.node'].join(sep));
  });

  it('has the struct sizes of the x86-64/arm64 ABI', () => {
    expect(koffi.sizeof(nativeTypes.fullParams)).toBe(304);
    expect(koffi.sizeof(nativeTypes.contextParams)).toBe(48);
    expect(koffi.sizeof(tokenDataType)).toBe(56);
    expect(koffi.sizeof(grammarElementType)).toBe(8);
  });

  it('reads whisper_full_default_params back field by field, up to the last one', () => {
    const lib = loadWhisperLib();
    expect(lib.version()).toMatch(/^\d+\.\d+\.\d+/);
    const greedy = defaultFullParams(lib, 0);
    expect(greedy.strategy).toBe(0);
    expect(greedy.n_threads).toBeGreaterThanOrEqual(1);
    expect(greedy.n_threads).toBeLessThanOrEqual(4);
    expect(greedy.n_max_text_ctx).toBe(16384);
    expect(greedy.language).toBe('en');
    expect(greedy.no_context).toBe(true);
    expect(greedy.suppress_blank).toBe(true);
    expect(greedy.temperature_inc).toBeCloseTo(0.2, 6);
    expect(greedy.no_speech_thold).toBeCloseTo(0.6, 6);
    expect(greedy.greedy.best_of).toBe(5);
    expect(greedy.grammar_rules).toBeNull();
    expect(greedy.grammar_penalty).toBe(100);
    expect(greedy.vad_params.threshold).toBeCloseTo(0.5, 6);
    expect(greedy.vad_params.samples_overlap).toBeCloseTo(0.1, 6);
    const beam = defaultFullParams(lib, 1);
    expect(beam.strategy).toBe(1);
    expect((beam.beam_search as { beam_size: number }).beam_size).toBe(5);
    const cparams = lib.contextDefaultParams();
    expect(cparams.dtw_n_top).toBe(-1);
    expect(cparams.dtw_mem_size).toBe(128 * 1024 * 1024);
  });
});
