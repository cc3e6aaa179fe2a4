import { parentPort } from 'node:worker_threads';
import { findDevice, listAudioDevices, openInput, type PortAudioStream } from '../../../native/portAudio.js';
import type { EngineStatus } from '../../api/common/contract.js';
import { EnergyVad, frameDb } from '../../speech/common/energyVad.js';
import { VAD_FRAME_SAMPLES, VAD_RATE_HZ } from '../../speech/common/vadTrim.js';
import { SileroVad } from '../../speech/node/sileroVad.js';
import { floatToInt16, int16ToFloat, Resampler } from '../common/resample.js';
import { Int16Ring } from '../common/ringBuffer.js';
import type { AudioEvent, AudioRequest, CaptureSettings } from './audioProtocol.js';

/**
 * The audio worker: microphone capture (PortAudio), 16 kHz mono ring buffer with pre-roll, level
 * metering and VAD (Silero, energy fallback). The main thread only gets events and finished
 * utterances, never the raw stream.
 */
const port = parentPort;
if (!port) throw new Error('audioWorker must run in a worker thread');

/** Level events at most this often (the overlay meter needs no more than 10 Hz). */
const LEVEL_INTERVAL_MS = 100;
/** A lost device is retried after this long, doubling per failure (re-plug, driver restart)... */
const DEVICE_RETRY_MS = 2000;
/** ...up to this: each try re-initialises PortAudio, which costs CPU on a PC without the device. */
const DEVICE_RETRY_MAX_MS = 10_000;
/** With no audio hardware at all (a server, a container), look again only this often. */
const NO_HARDWARE_RETRY_MS = 60_000;
/** Ring capacity beyond the longest utterance: pre-roll plus slack. */
const RING_SLACK_S = 3;

type Vad = { kind: 'silero'; live: SileroVad; offline: SileroVad } | { kind: 'energy'; live: EnergyVad };

let settings: CaptureSettings | undefined;
let vad: Vad = { kind: 'energy', live: new EnergyVad() };
let vadStatus: EngineStatus = { state: 'loading', detail: 'VAD loading' };
let audioStatus: EngineStatus = { state: 'loading', detail: 'audio: starting' };
let ring = new Int16Ring(16000 * 20);
let stream: PortAudioStream | undefined;
let resampler: Resampler | undefined;
let channels = 1;
let retryTimer: NodeJS.Timeout | undefined;
let failedOpens = 0;
let noHardware = false;
let lastLevelAt = 0;
let listening = false;
let utteranceStart = 0;
/** VAD probabilities by absolute frame number (frame f covers samples [f*512, f*512+512)). */
const probs = new Map<number, number>();
let vadNextFrame = 0;
let vadChain: Promise<void> = Promise.resolve();
let lastSpeech = false;
let disposed = false;

function send(msg: AudioEvent, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(msg, transfer);
}
function sendStatus(): void {
  send({ type: 'status', audio: audioStatus, vad: vadStatus });
}

async function loadVad(engine: CaptureSettings['vadEngine']): Promise<void> {
  if (engine === 'energy') {
    vad = { kind: 'energy', live: new EnergyVad() };
    vadStatus = { state: 'ready', detail: 'energy VAD (configured)' };
    return;
  }
  if (vad.kind === 'silero') return;
  try {
    const live = await SileroVad.load();
    vad = { kind: 'silero', live, offline: live.sharingSession() };
    vadStatus = { state: 'ready', detail: 'Silero VAD v5' };
  } catch (e) {
    vad = { kind: 'energy', live: new EnergyVad() };
    vadStatus = { state: 'error', detail: `Silero VAD unavailable (${(e as Error).message}); using energy VAD` };
  }
}

function closeStream(): void {
  const s = stream;
  stream = undefined;
  if (s) {
    try {
      s.abort();
    } catch {
      // already closed by the driver
    }
  }
}

function openCapture(): void {
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = undefined;
  closeStream();
  if (!settings || disposed) return;
  if (settings.inputDevice === 'none') {
    audioStatus = { state: 'disabled', detail: 'microphone off (no input device chosen)' };
    sendStatus();
    return;
  }
  try {
    const devices = listAudioDevices();
    noHardware = devices.length === 0;
    // PortAudio's "default" input with no device at all can abort inside naudiodon: never try it.
    if (!devices.some((d) => d.maxInputChannels > 0)) throw new Error('no audio input device found');
    const device = findDevice(devices, settings.inputDevice, 'input');
    if (device === undefined) throw new Error(`input device "${settings.inputDevice}" not found`);
    // Ask for 16 kHz mono; devices that refuse it are opened at their own rate and resampled.
    let rate = VAD_RATE_HZ;
    channels = 1;
    let s: PortAudioStream;
    try {
      s = openInput(device?.id ?? -1, rate, channels);
    } catch {
      rate = device?.defaultSampleRate ?? 48000;
      channels = Math.min(2, device?.maxInputChannels ?? 1);
      s = openInput(device?.id ?? -1, rate, channels);
    }
    resampler = rate === VAD_RATE_HZ ? undefined : new Resampler(rate, VAD_RATE_HZ);
    s.on('data', onData);
    s.on('error', (e: Error) => deviceLost(`capture error: ${e.message}`));
    s.on('end', () => deviceLost('capture stream ended'));
    s.start();
    stream = s;
    failedOpens = 0;
    audioStatus = { state: 'ready', detail: `${device?.name ?? 'default input'} (${rate} Hz${rate === VAD_RATE_HZ ? '' : ' resampled to 16 kHz'})` };
  } catch (e) {
    deviceLost((e as Error).message);
    return;
  }
  sendStatus();
}

function deviceLost(reason: string): void {
  if (disposed) return;
  closeStream();
  const delayMs = noHardware ? NO_HARDWARE_RETRY_MS : Math.min(DEVICE_RETRY_MAX_MS, DEVICE_RETRY_MS * 2 ** failedOpens);
  failedOpens += 1;
  audioStatus = { state: 'error', detail: `microphone unavailable: ${reason}; retrying in ${delayMs / 1000} s` };
  sendStatus();
  retryTimer ??= setTimeout(openCapture, delayMs);
}

function onData(chunk: Buffer): void {
  const frames = Math.floor(chunk.length / (2 * channels));
  // One copy into an aligned Int16Array (PortAudio delivers little-endian int16).
  const raw = new Int16Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + frames * channels * 2));
  let mono: Int16Array = raw;
  if (channels > 1) {
    mono = new Int16Array(frames);
    for (let f = 0; f < frames; f++) {
      let acc = 0;
      for (let c = 0; c < channels; c++) acc += raw[f * channels + c]!;
      mono[f] = acc / channels;
    }
  }
  if (resampler) mono = floatToInt16(resampler.push(int16ToFloat(mono)));
  ring.write(mono);
  const now = performance.now();
  if (listening && now - lastLevelAt >= LEVEL_INTERVAL_MS) {
    lastLevelAt = now;
    send({ type: 'level', levelDb: frameDb(mono), capturedSamples: ring.writtenTotal });
  }
  if (listening || settings?.vadAlways) scheduleVad();
}

/** Runs the live VAD over every complete frame not yet scored, in order. */
function scheduleVad(): void {
  vadChain = vadChain.then(async () => {
    const lastFrame = Math.floor(ring.writtenTotal / VAD_FRAME_SAMPLES);
    vadNextFrame = Math.max(vadNextFrame, Math.ceil(ring.oldestIndex / VAD_FRAME_SAMPLES));
    while (vadNextFrame < lastFrame) {
      const f = vadNextFrame++;
      const frame = ring.read(f * VAD_FRAME_SAMPLES, (f + 1) * VAD_FRAME_SAMPLES);
      const p = vad.kind === 'silero' ? await vad.live.process(frame) : vad.live.process(frame);
      probs.set(f, p);
      const speech = p >= (settings?.threshold ?? 0.5);
      if (speech !== lastSpeech) {
        lastSpeech = speech;
        send({ type: 'vad', speech, sampleIndex: (f + 1) * VAD_FRAME_SAMPLES });
      }
    }
    // Forget probabilities older than the ring.
    const oldest = Math.floor(ring.oldestIndex / VAD_FRAME_SAMPLES);
    for (const k of probs.keys()) if (k < oldest) probs.delete(k);
  });
}

async function handle(msg: AudioRequest): Promise<void> {
  switch (msg.type) {
    case 'configure': {
      const prev = settings;
      settings = msg.settings;
      const capacity = Math.ceil(((settings.maxUtteranceMs + settings.preRollMs) / 1000 + RING_SLACK_S) * VAD_RATE_HZ);
      if (!prev || prev.maxUtteranceMs !== settings.maxUtteranceMs || prev.preRollMs !== settings.preRollMs) {
        ring = new Int16Ring(capacity);
        probs.clear();
        vadNextFrame = 0;
      }
      if (!prev || prev.vadEngine !== settings.vadEngine) await loadVad(settings.vadEngine);
      if (settings.vadAlways && !prev?.vadAlways) {
        // Voice activation starts now: do not score (and act on) audio from before the switch.
        await vadChain;
        vad.live.reset();
        vadNextFrame = Math.floor(ring.writtenTotal / VAD_FRAME_SAMPLES);
        lastSpeech = false;
      }
      if (!prev || prev.inputDevice !== settings.inputDevice) openCapture();
      else sendStatus();
      return;
    }
    case 'begin': {
      // Start on a frame boundary, pre-roll before now; score the pre-roll from a fresh VAD state.
      const preRoll = Math.round(((settings?.preRollMs ?? 400) / 1000) * VAD_RATE_HZ);
      const start = Math.max(ring.oldestIndex, ring.writtenTotal - preRoll);
      utteranceStart = Math.ceil(start / VAD_FRAME_SAMPLES) * VAD_FRAME_SAMPLES;
      await vadChain;
      if (!settings?.vadAlways) {
        vad.live.reset();
        vadNextFrame = utteranceStart / VAD_FRAME_SAMPLES;
        lastSpeech = false;
      }
      listening = true;
      scheduleVad();
      return;
    }
    case 'peek':
    case 'take': {
      if (msg.type === 'take') listening = false;
      const end = ring.writtenTotal;
      scheduleVad();
      await vadChain;
      const pcm = ring.read(utteranceStart, end);
      const first = utteranceStart / VAD_FRAME_SAMPLES;
      const p = new Float32Array(Math.floor(pcm.length / VAD_FRAME_SAMPLES));
      for (let i = 0; i < p.length; i++) p[i] = probs.get(first + i) ?? 0;
      send({ type: 'utterance', id: msg.id, pcm, probs: p }, [pcm.buffer as ArrayBuffer, p.buffer]);
      return;
    }
    case 'analyse': {
      const p = vad.kind === 'silero' ? await vad.offline.processAll(msg.pcm) : new EnergyVad().processAll(msg.pcm);
      send({ type: 'analysed', id: msg.id, probs: p }, [p.buffer as ArrayBuffer]);
      return;
    }
    case 'listDevices': {
      let devices: ReturnType<typeof listAudioDevices> = [];
      try {
        devices = listAudioDevices();
      } catch (e) {
        send({ type: 'error', message: (e as Error).message });
      }
      send({ type: 'devices', id: msg.id, devices });
      return;
    }
    case 'dispose': {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      closeStream();
      await vadChain;
      if (vad.kind === 'silero') await vad.live.dispose(); // the offline detector shares its session
      send({ type: 'disposed' });
      port!.close();
      return;
    }
  }
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: AudioRequest) => {
  // Requests run in order (configure before begin before take), errors become messages.
  queue = queue.then(() => handle(msg)).catch((e: unknown) => send({ type: 'error', message: (e as Error).message }));
});
send({ type: 'ready' });
