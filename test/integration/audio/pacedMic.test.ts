import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '../../../core/audio/common/wav.js';
import { pacedMicUnavailableReason, startPacedMic, type PacedMic } from '../../peers/pacedMic.js';
import { espeakAvailable, speak } from '../speech/espeakFixtures.js';

/** The paced mic harness: real-time capture through ALSA `default` -> PulseAudio, and the speaker monitor. */
const RATE_HZ = 16_000;
const CAPTURE_S = 3; // longer than the 2.2 s utterance plus the time to start speaking once capture runs
const MIN_WALL_MS = CAPTURE_S * 1000 - 500; // a clockless device returns 3 s of audio in a few ms; real time takes ~3 s
const ONSET_LEVEL = 50; // espeak's first sound exceeds this within a few samples; digital silence is 0
const TIMING_TOLERANCE_MS = 250; // pipe + PulseAudio + ALSA plugin buffering, and the recorder's exit lag (~70 ms seen)
const TONE_HZ = 440;
const TONE_S = 0.5;
const TONE_LEVEL = 1000; // the tone peaks at ~10 000; the idle null sink renders exact zeros

const hasTool = (tool: string): boolean => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const missing = pacedMicUnavailableReason() ?? (espeakAvailable() ? undefined : 'missing espeak-ng') ?? (hasTool('arecord') && hasTool('aplay') ? undefined : 'missing arecord/aplay (Debian: alsa-utils)');
const canRun = missing === undefined;
if (!canRun) console.warn(`skipping paced mic test: ${missing}`);
/** Loads naudiodon in a child, never in this worker (it must not share a process with worker threads). */
const naudiodonLoads = canRun && spawnSync(process.execPath, ['-e', "require('naudiodon')"], { stdio: 'ignore' }).status === 0;
if (canRun && !naudiodonLoads) console.warn('skipping the PortAudio part of the paced mic test: naudiodon does not load');

interface Capture {
  /** Resolves with the wall clock when the recorder's first audio arrives: it is capturing. */
  capturing: Promise<number>;
  done: Promise<{ pcm: Int16Array; exitedAtMs: number }>;
}

/** Runs a recorder that writes raw 16 kHz mono s16le to stdout, in the mic's environment. */
function capture(mic: PacedMic, cmd: string, args: string[]): Capture {
  const child = spawn(cmd, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...mic.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const capturing = new Promise<number>((resolve) => child.stdout.once('data', () => resolve(Date.now())));
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  const done = new Promise<{ pcm: Int16Array; exitedAtMs: number }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve({ pcm: toInt16(Buffer.concat(chunks)), exitedAtMs: Date.now() }) : reject(new Error(`${cmd} exited ${code}: ${stderr}`))));
  });
  return { capturing, done };
}

function toInt16(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(bytes.length >> 1);
  new Uint8Array(out.buffer).set(bytes.subarray(0, out.length * 2));
  return out;
}

function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const x of pcm) sum += x * x;
  return pcm.length ? Math.sqrt(sum / pcm.length) : 0;
}

function correlation(a: Int16Array, b: Int16Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return ab / Math.sqrt(aa * bb || 1);
}

const onset = (pcm: Int16Array, level: number): number => pcm.findIndex((x) => Math.abs(x) > level);

/**
 * Finds `speech` in `captured` (aligned on the first sound) and returns its energy against the
 * rest, how alike the two are, and when (wall clock) the capture heard it start.
 */
function locate(captured: Int16Array, speech: Int16Array, captureEndMs: number) {
  const offset = onset(captured, ONSET_LEVEL) - onset(speech, ONSET_LEVEL);
  const window = captured.subarray(offset, offset + speech.length);
  const rest = new Int16Array([...captured.subarray(0, Math.max(0, offset)), ...captured.subarray(offset + speech.length)]);
  const captureStartMs = captureEndMs - (captured.length / RATE_HZ) * 1000;
  return { offset, speechRms: rms(window), restRms: rms(rest), likeness: correlation(window, speech), heardAtMs: captureStartMs + (offset / RATE_HZ) * 1000 };
}

/** The processes whose command line mentions `text` (the mic's temp dir is in pulseaudio's and the pacer's). */
function processesMentioning(text: string): string[] {
  const r = spawnSync('pgrep', ['-af', text], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

/** Records, in a child with naudiodon, CAPTURE_S of PortAudio's default input at 16 kHz mono. */
const PORTAUDIO_CAPTURE = `
const pa = require('naudiodon');
const devices = pa.getDevices().map((d) => ({ name: d.name, hostApi: d.hostAPIName, inputs: d.maxInputChannels, outputs: d.maxOutputChannels }));
const wantBytes = ${RATE_HZ * CAPTURE_S * 2};
const chunks = [];
let bytes = 0;
let firstAtMs = 0;
const io = new pa.AudioIO({ inOptions: { channelCount: 1, sampleFormat: 16, sampleRate: ${RATE_HZ}, deviceId: -1, closeOnError: false, framesPerBuffer: 320, highwaterMark: 2048 } });
io.on('data', (b) => {
  if (!firstAtMs) { firstAtMs = Date.now(); process.send({ type: 'capturing' }); }
  chunks.push(b);
  bytes += b.length;
  if (bytes < wantBytes) return;
  io.quit();
  process.send({ type: 'done', devices, wallMs: Date.now() - firstAtMs, pcm: Buffer.concat(chunks).subarray(0, wantBytes) }, () => process.exit(0));
});
io.start();
`;

interface PortAudioResult {
  devices: { name: string; hostApi: string; inputs: number; outputs: number }[];
  wallMs: number;
  pcm: Uint8Array;
  endedAtMs: number;
}

describe.skipIf(!canRun)('paced mic: a private PulseAudio mic with a real clock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-pacedmic-test-'));
  let mic: PacedMic;
  let speech: Int16Array;

  beforeAll(async () => {
    speech = speak(dir, 'heading two seven zero', 'en-us+f2', 140);
    mic = await startPacedMic();
    console.info(`paced mic: private PulseAudio up and pacer writing in ${mic.startupMs} ms`);
  });
  afterAll(async () => {
    await mic?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('arecord on ALSA default takes real time and hears the speech when it was fed', async () => {
    const rec = capture(mic, 'arecord', ['-D', 'default', '-f', 'S16_LE', '-r', String(RATE_HZ), '-c', '1', '-d', String(CAPTURE_S), '-t', 'raw', '-q']);
    const startedAtMs = await rec.capturing;
    const spoken = await mic.speak(speech);
    const { pcm, exitedAtMs } = await rec.done;

    expect(exitedAtMs - startedAtMs).toBeGreaterThanOrEqual(MIN_WALL_MS);
    expect(pcm.length).toBe(CAPTURE_S * RATE_HZ);
    expect(spoken.endedAtMs - spoken.startedAtMs).toBeGreaterThanOrEqual((speech.length / RATE_HZ) * 1000 - 40); // paced, not dumped
    const found = locate(pcm, speech, exitedAtMs);
    expect(found.offset).toBeGreaterThanOrEqual(0);
    expect(found.likeness).toBeGreaterThan(0.99);
    expect(found.speechRms).toBeGreaterThan(500);
    expect(found.speechRms).toBeGreaterThan(100 * Math.max(1, found.restRms));
    expect(Math.abs(found.heardAtMs - spoken.startedAtMs)).toBeLessThan(TIMING_TOLERANCE_MS);
  });

  it.skipIf(!naudiodonLoads)('PortAudio (naudiodon, in a child) opens the default input at 16 kHz mono and hears the speech in real time', async () => {
    const child = spawn(process.execPath, ['-e', PORTAUDIO_CAPTURE], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...mic.env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let spoken: ReturnType<PacedMic['speak']> | undefined;
    const result = await new Promise<PortAudioResult>((resolve, reject) => {
      child.on('message', (m: { type: 'capturing' } | ({ type: 'done' } & Omit<PortAudioResult, 'endedAtMs'>)) => {
        if (m.type === 'capturing') spoken = mic.speak(speech);
        else resolve({ ...m, endedAtMs: Date.now() });
      });
      child.once('exit', (code) => reject(new Error(`naudiodon child exited ${code}: ${stderr.split('\n').filter((l) => !l.startsWith('ALSA lib')).join('\n')}`)));
    });
    const { startedAtMs } = await spoken!;

    console.info(`PortAudio devices with the paced mic: ${result.devices.map((d) => `${d.name} (${d.hostApi}, ${d.inputs} in / ${d.outputs} out)`).join(', ')}`);
    expect(result.devices.map((d) => d.name)).toEqual(expect.arrayContaining(['default', 'pulse']));
    expect(result.wallMs).toBeGreaterThanOrEqual(MIN_WALL_MS);
    const found = locate(toInt16(result.pcm), speech, result.endedAtMs);
    expect(found.likeness).toBeGreaterThan(0.99);
    expect(found.speechRms).toBeGreaterThan(100 * Math.max(1, found.restRms));
    expect(Math.abs(found.heardAtMs - startedAtMs)).toBeLessThan(TIMING_TOLERANCE_MS);
  });

  it('records what aplay plays on ALSA default from the speaker monitor', async () => {
    const tone = Int16Array.from({ length: 48_000 * TONE_S }, (_, i) => Math.round(10_000 * Math.sin((2 * Math.PI * TONE_HZ * i) / 48_000)));
    const file = join(dir, 'tone.wav');
    writeFileSync(file, encodeWav16(tone, 48_000));
    const recording = await mic.recordSpeaker();
    await promisify(execFile)('aplay', ['-D', 'default', '-q', file], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...mic.env } });
    const pcm = await recording.stop();

    const first = onset(pcm, TONE_LEVEL);
    const last = pcm.findLastIndex((x) => Math.abs(x) > TONE_LEVEL);
    expect(first).toBeGreaterThanOrEqual(0);
    const played = pcm.subarray(first, last + 1);
    expect(played.length / RATE_HZ).toBeGreaterThan(TONE_S * 0.9);
    let crossings = 0;
    for (let i = 1; i < played.length; i++) if (played[i - 1]! < 0 !== played[i]! < 0) crossings++;
    expect(Math.abs(crossings / 2 / (played.length / RATE_HZ) - TONE_HZ)).toBeLessThan(10);
    expect(rms(played)).toBeGreaterThan(5000);
  });
});

describe.skipIf(!canRun)('paced mic: isolation and clean-up', () => {
  it('runs beside another, fills gaps with the chosen noise, and dispose ends everything mid-utterance', async () => {
    const mics = await Promise.all([startPacedMic({ noiseAmplitude: 200 }), startPacedMic()]);
    const [noisy, quiet] = mics;
    try {
      expect(noisy.env.PULSE_SERVER).not.toBe(quiet.env.PULSE_SERVER);
      const rec = capture(noisy, 'arecord', ['-D', 'default', '-f', 'S16_LE', '-r', String(RATE_HZ), '-c', '1', '-d', '1', '-t', 'raw', '-q']);
      const { pcm } = await rec.done;
      expect(rms(pcm)).toBeGreaterThan(50); // uniform noise of peak 200 has RMS ~115
      expect(rms(pcm)).toBeLessThan(200);

      const inFlight = expect(quiet.speak(new Int16Array(RATE_HZ * 10))).rejects.toThrow(/disposed/);
      const recording = await quiet.recordSpeaker();
      await quiet.dispose();
      await inFlight;
      expect(await recording.stop()).toBeInstanceOf(Int16Array);
    } finally {
      await Promise.all(mics.map((m) => m.dispose()));
    }
    for (const m of mics) {
      expect(existsSync(m.env.HOME!)).toBe(false);
      expect(processesMentioning(m.env.HOME!)).toEqual([]);
    }
  });
});
