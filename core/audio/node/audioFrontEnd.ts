import type { Worker } from 'node:worker_threads';
import type { EngineStatus } from '../../api/common/contract.js';
import type { AudioDeviceInfo, AudioEvent, AudioRequest, CaptureSettings } from './audioProtocol.js';
import { siblingUrl, spawnWorker } from './spawnWorker.js';

/** V8 young generation of the audio worker, MB. */
const AUDIO_WORKER_YOUNG_GEN_MB = 4;

/** Worker start + Silero load is ~0.2 s; 20 s covers a loaded 2-core CI machine. */
const READY_TIMEOUT_MS = 20_000;

export interface AudioFrontEndEvents {
  onStatus(audio: EngineStatus, vad: EngineStatus): void;
  onLevel(levelDb: number, capturedSamples: number): void;
  onVad(speech: boolean, sampleIndex: number): void;
  onError(message: string): void;
}

/** Main-thread handle of the audio worker (capture, ring buffer, VAD). */
export class AudioFrontEnd {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (m: AudioEvent) => void>();
  audio: EngineStatus = { state: 'loading', detail: 'audio: starting' };
  vad: EngineStatus = { state: 'loading', detail: 'VAD loading' };
  /** Samples captured so far (16 kHz), as of the last level event (sent while listening). */
  capturedSamples = 0;

  constructor(private readonly events: AudioFrontEndEvents) {}

  async start(settings: CaptureSettings): Promise<void> {
    // A small young generation: the worker moves 64 ms chunks and holds a ring buffer outside the
    // JS heap, so V8's default nursery would only add resident memory beside the sim.
    const worker = spawnWorker(siblingUrl(import.meta.url, 'audioWorker'), { resourceLimits: { maxYoungGenerationSizeMb: AUDIO_WORKER_YOUNG_GEN_MB } });
    this.worker = worker;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('audio worker did not start')), READY_TIMEOUT_MS);
      worker.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    worker.on('message', (m: AudioEvent) => this.onMessage(m));
    worker.on('error', (e) => {
      this.audio = { state: 'error', detail: `audio worker failed: ${e.message}` };
      this.events.onStatus(this.audio, this.vad);
    });
    worker.on('exit', () => {
      this.worker = undefined;
      for (const [id, w] of this.waiting) w({ type: 'error', message: `audio worker exited (request ${id})` });
      this.waiting.clear();
    });
    await ready;
    const configured = this.waitStatus();
    this.configure(settings);
    await configured;
  }

  private waitStatus(): Promise<void> {
    return new Promise((resolve) => {
      const w = this.worker;
      if (!w) return resolve();
      const onMsg = (m: AudioEvent): void => {
        if (m.type !== 'status' && m.type !== 'error') return;
        w.off('message', onMsg);
        resolve();
      };
      w.on('message', onMsg);
      w.once('exit', () => resolve());
    });
  }

  configure(settings: CaptureSettings): void {
    this.post({ type: 'configure', settings });
  }

  /** Marks the start of an utterance (pre-roll included). */
  begin(): void {
    this.post({ type: 'begin' });
  }

  /** Everything since begin(), 16 kHz mono, with the live VAD's per-frame probabilities. */
  take(): Promise<{ pcm: Int16Array; probs: Float32Array }> {
    return this.request({ type: 'take', id: this.nextId++ }, 'utterance');
  }

  /** Everything since begin() so far, while listening continues. */
  peek(): Promise<{ pcm: Int16Array; probs: Float32Array }> {
    return this.request({ type: 'peek', id: this.nextId++ }, 'utterance');
  }

  /** VAD probabilities (per 512-sample frame) of arbitrary 16 kHz audio. */
  async analyse(pcm: Int16Array): Promise<Float32Array> {
    const r = await this.request<{ probs: Float32Array }>({ type: 'analyse', id: this.nextId++, pcm }, 'analysed');
    return r.probs;
  }

  async devices(): Promise<AudioDeviceInfo[]> {
    const r = await this.request<{ devices: AudioDeviceInfo[] }>({ type: 'listDevices', id: this.nextId++ }, 'devices');
    return r.devices;
  }

  private request<T>(msg: AudioRequest & { id: number }, expect: AudioEvent['type']): Promise<T> {
    if (!this.worker) return Promise.reject(new Error('audio worker not running'));
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(msg.id, (m) => {
        if (m.type === expect) resolve(m as unknown as T);
        else reject(new Error(m.type === 'error' ? m.message : `unexpected ${m.type}`));
      });
      this.post(msg);
    });
  }

  private onMessage(m: AudioEvent): void {
    switch (m.type) {
      case 'status':
        this.audio = m.audio;
        this.vad = m.vad;
        this.events.onStatus(m.audio, m.vad);
        return;
      case 'level':
        this.capturedSamples = m.capturedSamples;
        this.events.onLevel(m.levelDb, m.capturedSamples);
        return;
      case 'vad':
        this.events.onVad(m.speech, m.sampleIndex);
        return;
      case 'utterance':
      case 'analysed':
      case 'devices': {
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        w?.(m);
        return;
      }
      case 'error':
        this.events.onError(m.message);
        return;
      default:
        return;
    }
  }

  private post(msg: AudioRequest): void {
    this.worker?.postMessage(msg);
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'dispose' } satisfies AudioRequest);
    const kill = setTimeout(() => void worker.terminate(), 3000);
    await exited;
    clearTimeout(kill);
  }
}
