import { channel } from 'node:diagnostics_channel';
import type { CrashLog } from '../../base/node/crashLog.js';
import { siblingUrl } from '../../base/node/spawnWorker.js';
import { WorkerClient } from '../../base/node/workerClient.js';
import { checkWavDuration, readWavHeader, WavError } from '../common/wav.js';
import type { WavDecodeRequest, WavDecodeResponse } from './wavDecodeProtocol.js';

/** The decode worker loads only the WAV module: up in well under this even on a loaded machine. */
const READY_TIMEOUT_MS = 10_000;
/** Heap for one decode: 60 s of 192 kHz audio mixed to mono floats fits many times over. */
const WORKER_HEAP_MB = 256;
/**
 * Published with `{ phase: 'start' | 'end', id }` around every decode in the worker: diagnostics
 * and tests see that the host kept serving meanwhile.
 */
export const WAV_DECODE_CHANNEL = 'stratus:wav-decode';
export type WavDecodePhase = 'start' | 'end';

export interface WavDecodeOptions {
  /** Longest recording accepted, checked on the header before any sample is read. */
  maxDurationS: number;
  /** The setting that holds the limit, named in the error ("audio.maxUtteranceS"). */
  setting?: string;
}

/**
 * Any common WAV to 16 kHz mono int16, decoded and resampled in a worker thread (started on first
 * use). The header is checked here first, so a bad or too long file never reaches the worker.
 * Bad files reject with a WavError that says what is wrong.
 */
export class WavDecoder {
  private readonly client: WorkerClient<WavDecodeRequest, WavDecodeResponse>;
  private starting: Promise<void> | undefined;
  private readonly diagnostics = channel(WAV_DECODE_CHANNEL);
  /** How long the last decode took in the worker (ms). */
  lastDecodeMs = 0;

  constructor(crashLog?: CrashLog) {
    this.client = new WorkerClient<WavDecodeRequest, WavDecodeResponse>({
      name: 'WAV decode worker',
      url: siblingUrl(import.meta.url, 'wavDecodeWorker'),
      workerOptions: { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } },
      readyTimeoutMs: READY_TIMEOUT_MS,
      terminateWhenDisposed: true,
      onEvent: () => undefined,
      ...(crashLog ? { crashLog } : {}),
    });
  }

  async decode(wav: Uint8Array, opts: WavDecodeOptions): Promise<Int16Array> {
    if (wav.length === 0) throw new WavError('WAV is empty (0 bytes)');
    const header = readWavHeader(wav);
    if (!header) throw new WavError(`WAV too short (${wav.length} bytes) for its header`);
    const available = wav.length - header.dataOffset;
    checkWavDuration(header, Math.min(header.declaredDataBytes ?? available, available), opts.maxDurationS, opts.setting);
    if (!this.client.running) {
      this.starting ??= this.client.start().finally(() => (this.starting = undefined));
      await this.starting;
    }
    // A copy of its own, handed to the worker: the caller's bytes (maybe a view of Node's shared pool) are never detached.
    const copy = new Uint8Array(wav);
    this.diagnostics.publish({ phase: 'start' satisfies WavDecodePhase });
    try {
      const res = await this.client.request<Extract<WavDecodeResponse, { type: 'decoded' }>>(
        (id) => ({ type: 'decode', id, wav: copy, maxDurationS: opts.maxDurationS }),
        'decoded',
        [copy.buffer],
      );
      this.lastDecodeMs = res.decodeMs;
      if (res.wavError !== undefined || !res.pcm) throw new WavError(res.wavError ?? 'the WAV decoded to nothing');
      return res.pcm;
    } finally {
      this.diagnostics.publish({ phase: 'end' satisfies WavDecodePhase });
    }
  }

  dispose(): Promise<void> {
    return this.client.dispose();
  }
}
