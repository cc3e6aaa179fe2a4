import { describe, expect, it } from 'vitest';
import { bytesToMb, engineProblem, micAdvice, missingModelId, formatAltitude, formatHeading, formatVerticalSpeed, levelFraction, simStatusText, simTone } from './format.js';

describe('overlay readouts', () => {
  it('formats headings as three digits with 360 for north', () => {
    expect(formatHeading(5)).toBe('005');
    expect(formatHeading(269.6)).toBe('270');
    expect(formatHeading(0)).toBe('360');
    expect(formatHeading(-10)).toBe('350');
  });
  it('rounds altitude and signs vertical speed', () => {
    expect(formatAltitude(4996)).toBe('5,000');
    expect(formatAltitude(12_344)).toBe('12,340');
    expect(formatAltitude(850)).toBe('850');
    expect(formatAltitude(-24)).toBe('-20');
    expect(formatVerticalSpeed(704)).toBe('+700');
    expect(formatVerticalSpeed(-1496)).toBe('-1500');
    expect(formatVerticalSpeed(3)).toBe('0');
  });
  it('maps levels to a 0-1 meter, reading negatives as dBFS', () => {
    expect(levelFraction(0.5)).toBe(0.5);
    expect(levelFraction(-30)).toBe(0.5);
    expect(levelFraction(-90)).toBe(0);
    expect(levelFraction(7)).toBe(1);
    expect(levelFraction(Number.NaN)).toBe(0);
  });
});

describe('status lines', () => {
  const sim = { kind: 'xplane' as const, phase: 'connected' as const, detail: 'X-Plane 12', aircraft: 'C172', packets: { received: 1, dropped: 0 } };
  it('names the sim and its phase', () => {
    expect(simStatusText(sim)).toBe('X-Plane 12 connected');
    expect(simStatusText({ ...sim, detail: '', phase: 'lost' })).toBe('X-Plane lost');
    expect(simTone('connected')).toBe('ok');
    expect(simTone('stale')).toBe('warn');
    expect(simTone('lost')).toBe('bad');
  });
  it('puts a missing model before other engine trouble', () => {
    const ok = { state: 'ready' as const, detail: 'fine' };
    const engines = { audio: ok, vad: ok, stt: { state: 'missing' as const, detail: 'no model: download base.en (142 MB)?' }, tts: ok, llm: { state: 'error' as const, detail: 'ollama unreachable' } };
    expect(engineProblem(engines)).toBe('no model: download base.en (142 MB)?');
    expect(engineProblem({ ...engines, stt: ok })).toBe('ollama unreachable');
    expect(engineProblem({ ...engines, stt: ok, llm: ok })).toBeNull();
  });
  it('puts a broken microphone before a missing model', () => {
    const ok = { state: 'ready' as const, detail: 'fine' };
    const noModel = { state: 'missing' as const, detail: 'no model: download base.en (142 MB)?' };
    const noMic = { state: 'error' as const, detail: 'microphone unavailable: no audio input device found; retrying in 10 s' };
    const engines = { audio: noMic, vad: ok, stt: noModel, tts: ok, llm: ok };
    expect(engineProblem(engines)).toBe(noMic.detail);
    expect(engineProblem({ ...engines, audio: { state: 'missing', detail: 'no microphone' } })).toBe('no microphone');
    expect(engineProblem({ ...engines, audio: { state: 'loading', detail: 'opening the microphone' } })).toBe(noModel.detail);
    expect(engineProblem({ ...engines, audio: { state: 'disabled', detail: 'speech is off for this run' } })).toBe(noModel.detail);
  });
  it('says where to fix a microphone problem, and nothing when it works', () => {
    expect(micAdvice({ state: 'error', detail: 'microphone unavailable: no audio input device found; retrying in 10 s' })).toMatch(/^No working microphone: .*Settings → Audio/);
    expect(micAdvice({ state: 'error', detail: 'microphone "USB Mic" delivers only digital silence: is it muted?' })).toMatch(/^The microphone sends only silence: unmute it/);
    expect(micAdvice({ state: 'error', detail: 'PortAudio failed to load' })).toBe('Check the microphone in Settings → Audio.');
    expect(micAdvice({ state: 'ready', detail: 'default input' })).toBeNull();
    expect(micAdvice({ state: 'disabled', detail: 'speech is off for this run' })).toBeNull();
  });
  it('reads the model to download from a missing recognizer only', () => {
    const ok = { state: 'ready' as const, detail: 'fine' };
    const engines = { audio: ok, vad: ok, stt: { state: 'missing' as const, detail: 'no model: download base.en (142 MB)?' }, tts: ok, llm: ok };
    expect(missingModelId(engines)).toBe('base.en');
    expect(missingModelId({ ...engines, stt: { state: 'missing', detail: 'no model file' } })).toBeNull();
    expect(missingModelId({ ...engines, stt: { state: 'ready', detail: 'download base.en' } })).toBeNull();
  });
});

describe('bytesToMb', () => {
  it('shows MiB with one decimal', () => {
    expect(bytesToMb(0)).toBe('0.0');
    expect(bytesToMb(147_951_465)).toBe('141.1');
    expect(bytesToMb(7_864_320)).toBe('7.5');
  });
});
