import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import type { AudioDeviceInfo } from '../core/audio/node/audioProtocol.js';

/**
 * PortAudio through naudiodon, behind a small interface. The module is loaded lazily so a
 * machine without a working build gets a status ("audio: naudiodon failed to load ...") instead
 * of a crash at import time.
 */
export interface PortAudioStream {
  on(event: 'data', cb: (chunk: Buffer) => void): this;
  on(event: 'error', cb: (err: Error) => void): this;
  on(event: 'end' | 'close' | 'finish', cb: () => void): this;
  start(): void;
  quit(cb?: () => void): void;
  abort(cb?: () => void): void;
  write(chunk: Buffer, cb?: (err?: Error | null) => void): boolean;
  once(event: 'drain', cb: () => void): this;
}

interface NaudiodonModule {
  getDevices(): { id: number; name: string; maxInputChannels: number; maxOutputChannels: number; defaultSampleRate: number; hostAPIName: string }[];
  AudioIO: new (opts: Record<string, unknown>) => PortAudioStream;
}

/** Capture chunk length: what is in flight at a release is at most this much audio. */
export const CAPTURE_CHUNK_MS = 64;

let cached: NaudiodonModule | Error | undefined;

/** workerData marker of the audio worker: the one thread that may load PortAudio. */
export const AUDIO_WORKER_MARK = 'stratusAudioWorker';

export function loadPortAudio(): NaudiodonModule {
  // One owner of PortAudio: the audio worker. A second thread loading naudiodon (the main thread
  // for playback, once) broke capture in every host; this makes that mistake fail at once.
  if (isMainThread || (workerData as Record<string, unknown> | null)?.[AUDIO_WORKER_MARK] !== true) {
    throw new Error('PortAudio is owned by the audio worker: load it only there (core/audio/node/audioWorker.ts)');
  }
  if (cached === undefined) {
    try {
      cached = createRequire(import.meta.url)('naudiodon') as NaudiodonModule;
    } catch (e) {
      cached = new Error(`naudiodon failed to load: ${(e as Error).message}`);
    }
  }
  if (cached instanceof Error) throw cached;
  return cached;
}

export function listAudioDevices(): AudioDeviceInfo[] {
  return loadPortAudio()
    .getDevices()
    .map((d) => ({
      id: d.id,
      name: d.name,
      maxInputChannels: d.maxInputChannels,
      maxOutputChannels: d.maxOutputChannels,
      defaultSampleRate: d.defaultSampleRate,
      hostApi: d.hostAPIName,
    }));
}

/**
 * Picks a device by the name the user chose (exact, then case-insensitive substring), so the
 * choice survives re-plugs that change PortAudio's numeric ids. null = the system default (-1);
 * undefined = the named device is not present.
 */
export function findDevice(devices: AudioDeviceInfo[], name: string | null, direction: 'input' | 'output'): AudioDeviceInfo | null | undefined {
  if (name === null) return null;
  const usable = devices.filter((d) => (direction === 'input' ? d.maxInputChannels > 0 : d.maxOutputChannels > 0));
  const lower = name.toLowerCase();
  return usable.find((d) => d.name === name) ?? usable.find((d) => d.name.toLowerCase().includes(lower));
}

export function openInput(deviceId: number, sampleRateHz: number, channels: number): PortAudioStream {
  const { AudioIO } = loadPortAudio();
  return new AudioIO({
    // naudiodon reads `highwaterMark` bytes per chunk (default 16 KB = 0.5 s at 16 kHz): far too
    // coarse for a 250 ms release tail. ~64 ms per chunk keeps the tail honest at little CPU.
    inOptions: {
      channelCount: channels,
      sampleFormat: 16,
      sampleRate: sampleRateHz,
      deviceId,
      closeOnError: false,
      // One PortAudio period per capture chunk: fewer callbacks (and, through PulseAudio, fewer
      // client wake-ups) than 512-frame periods, at no cost to what is in flight at a release.
      framesPerBuffer: Math.round((CAPTURE_CHUNK_MS / 1000) * sampleRateHz),
      highwaterMark: Math.max(256, Math.round((CAPTURE_CHUNK_MS / 1000) * sampleRateHz) * 2 * channels),
    },
  });
}

export function openOutput(deviceId: number, sampleRateHz: number): PortAudioStream {
  const { AudioIO } = loadPortAudio();
  return new AudioIO({
    outOptions: { channelCount: 1, sampleFormat: 16, sampleRate: sampleRateHz, deviceId, closeOnError: false, framesPerBuffer: 256 },
  });
}

/**
 * Whether this machine has any sound system PortAudio could use, checked without initialising
 * PortAudio: on Linux, initialising it with no card and no sound server prints ~100 lines of ALSA
 * errors, for nothing. Present: an ALSA card, a PulseAudio/PipeWire server, or an ALSA config of
 * the user's own (which may define file or network devices). Other platforms always have one.
 */
export function soundSystemProbe(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): { present: boolean; why: string } {
  if (platform !== 'linux') return { present: true, why: 'not Linux' };
  const home = env.HOME ?? homedir();
  const runtime = env.XDG_RUNTIME_DIR;
  const checks: [boolean, string][] = [
    [hasAlsaCard(), 'an ALSA sound card'],
    [Boolean(env.PULSE_SERVER), 'PULSE_SERVER'],
    [Boolean(runtime && (existsSync(join(runtime, 'pulse', 'native')) || existsSync(join(runtime, 'pipewire-0')))), 'a PulseAudio/PipeWire server'],
    [existsSync(join(home, '.asoundrc')) || Boolean(env.ALSA_CONFIG_PATH), 'a user ALSA configuration'],
    [existsSync('/etc/asound.conf'), '/etc/asound.conf'],
  ];
  const found = checks.find(([ok]) => ok);
  return found ? { present: true, why: found[1] } : { present: false, why: 'no sound card, no sound server and no ALSA configuration' };
}

function hasAlsaCard(): boolean {
  try {
    return !/no soundcards/i.test(readFileSync('/proc/asound/cards', 'utf8'));
  } catch {
    return false;
  }
}
