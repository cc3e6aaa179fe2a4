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
    inOptions: { channelCount: channels, sampleFormat: 16, sampleRate: sampleRateHz, deviceId, closeOnError: false, framesPerBuffer: 512 },
  });
}

export function openOutput(deviceId: number, sampleRateHz: number): PortAudioStream {
  const { AudioIO } = loadPortAudio();
  return new AudioIO({
    outOptions: { channelCount: 1, sampleFormat: 16, sampleRate: sampleRateHz, deviceId, closeOnError: false, framesPerBuffer: 256 },
  });
}
