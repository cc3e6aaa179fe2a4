import { findDevice, listAudioDevices, openOutput, type PortAudioStream } from '../../../native/portAudio.js';
import { floatToInt16 } from '../common/resample.js';

/**
 * Where spoken replies go. `play` resolves once the chunk has been accepted by the output (its
 * first call marks "first audio"); `stop` silences at once and makes pending plays resolve.
 */
export interface AudioSink {
  readonly name: string;
  play(samples: Float32Array, sampleRateHz: number): Promise<void>;
  /** Resolves when everything written so far has been played out (or stop() was called). */
  drain(): Promise<void>;
  stop(): void;
  dispose(): Promise<void>;
}

/**
 * Consumes audio at real-time pace without a device: used when no output device is chosen or
 * opening one failed, so turn timing and barge-in behave as with a speaker.
 */
export class NullSink implements AudioSink {
  readonly name = 'null output';
  private playedUntilMs = 0;
  private timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  /** Samples accepted since creation (tests check what was "heard"). */
  samplesPlayed = 0;

  async play(samples: Float32Array, sampleRateHz: number): Promise<void> {
    const now = performance.now();
    this.playedUntilMs = Math.max(this.playedUntilMs, now) + (samples.length / sampleRateHz) * 1000;
    this.samplesPlayed += samples.length;
    // Accept the next chunk when this one is ~half played, like a device's double buffer.
    const chunkMs = (samples.length / sampleRateHz) * 1000;
    await this.waitUntil(this.playedUntilMs - chunkMs / 2);
  }

  drain(): Promise<void> {
    return this.waitUntil(this.playedUntilMs);
  }

  private waitUntil(atMs: number): Promise<void> {
    const delay = atMs - performance.now();
    if (delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => {
        this.timers.delete(entry);
        resolve();
      }, delay), resolve };
      this.timers.add(entry);
    });
  }

  stop(): void {
    this.playedUntilMs = 0;
    for (const t of this.timers) {
      clearTimeout(t.timer);
      t.resolve();
    }
    this.timers.clear();
  }

  async dispose(): Promise<void> {
    this.stop();
  }
}

/** A PortAudio output device (by name; null = system default), opened per sample rate. */
export class PortAudioSink implements AudioSink {
  private stream: PortAudioStream | undefined;
  private rateHz = 0;
  private pending = new Set<() => void>();

  constructor(
    readonly name: string,
    private readonly deviceId: number,
  ) {}

  /** Throws when the named device is not present. */
  static open(deviceName: string | null): PortAudioSink {
    const devices = listAudioDevices();
    // Opening PortAudio's "default" output with no device at all aborts the process inside
    // naudiodon (a native error thrown outside a handle scope), so never try it.
    if (!devices.some((d) => d.maxOutputChannels > 0)) throw new Error('no audio output device found');
    const device = findDevice(devices, deviceName, 'output');
    if (device === undefined) throw new Error(`output device "${deviceName}" not found`);
    return new PortAudioSink(device?.name ?? 'default output', device?.id ?? -1);
  }

  async play(samples: Float32Array, sampleRateHz: number): Promise<void> {
    if (!this.stream || this.rateHz !== sampleRateHz) {
      this.close();
      this.stream = openOutput(this.deviceId, sampleRateHz);
      this.stream.on('error', () => this.close());
      this.stream.start();
      this.rateHz = sampleRateHz;
    }
    const pcm = floatToInt16(samples);
    const stream = this.stream;
    await new Promise<void>((resolve) => {
      this.pending.add(resolve);
      stream.write(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength), () => {
        this.pending.delete(resolve);
        resolve();
      });
    });
  }

  async drain(): Promise<void> {
    // naudiodon's write callback fires when PortAudio has taken the block; nothing more to await.
  }

  stop(): void {
    this.close();
  }

  private close(): void {
    const s = this.stream;
    this.stream = undefined;
    this.rateHz = 0;
    if (s) {
      try {
        s.abort(); // discards queued audio immediately
      } catch {
        // already closed
      }
    }
    for (const r of this.pending) r();
    this.pending.clear();
  }

  async dispose(): Promise<void> {
    this.close();
  }
}
