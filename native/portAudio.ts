import { createRequire } from 'node:module';
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

export function loadPortAudio(): NaudiodonModule {
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
      framesPerBuffer: 512,
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
