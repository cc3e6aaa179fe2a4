import { parentPort } from 'node:worker_threads';
import { findDevice, listAudioDevices, openInput, soundSystemProbe, type PortAudioStream } from '../../../native/portAudio.js';
import type { EngineStatus } from '../../base/common/status.js';
import { EnergyVad, frameDb } from '../common/energyVad.js';
import { VAD_FRAME_SAMPLES, VAD_RATE_HZ } from '../common/vadTrim.js';
import { SileroVad } from './sileroVad.js';
import { floatToInt16, int16ToFloat, Resampler } from '../common/resample.js';
import { Int16Ring } from '../common/ringBuffer.js';
import { NullSink, PortAudioSink, type AudioSink } from './audioOutput.js';
import type { AudioEvent, AudioRequest, CaptureSettings, MicMeasurement } from './audioProtocol.js';

/**
 * The audio worker, the one owner of PortAudio: microphone capture, 16 kHz mono ring buffer with
 * pre-roll, level metering, VAD (Silero, energy fallback) and the output device for spoken
 * replies. The main thread only gets events and finished utterances, never the raw stream, and
 * never loads PortAudio itself.
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
/** Exact zeros this long while push-to-talk is held: the device delivers digital silence (muted, wrong input, privacy switch). */
const DIGITAL_SILENCE_MS = 3000;
/** A microphone test waits this much longer than its length for the samples to arrive. */
const MIC_TEST_SLACK_MS = 2000;

type Vad = { kind: 'silero'; live: SileroVad; offline: SileroVad } | { kind: 'energy'; live: EnergyVad };

let settings: CaptureSettings | undefined;
let vad: Vad = { kind: 'energy', live: new EnergyVad() };
let vadStatus: EngineStatus = { state: 'loading', detail: 'VAD loading' };
let audioStatus: EngineStatus = { state: 'loading', detail: 'audio: starting' };
let outputStatus: EngineStatus = { state: 'loading', detail: 'output: starting' };
let sink: AudioSink = new NullSink();
let inputName = 'default input';
/** Consecutive exact-zero samples while listening; past DIGITAL_SILENCE_MS the status says so. */
let zeroRun = 0;
let silentInput = false;
/** A running microphone test: resolved when the ring holds `until` samples. */
let micTest: { until: number; resolve: () => void } | undefined;
/** Level events flow until this time (performance.now()) for the settings window's meter; 0 when nobody watches. */
let monitorUntil = 0;
/** The longest one `monitor` request keeps levels flowing: a window that closed without saying so stops costing within this. */
const MAX_MONITOR_MS = 30_000;
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
  send({ type: 'status', audio: audioStatus, vad: vadStatus, output: outputStatus });
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
    const probe = soundSystemProbe();
    if (!probe.present) {
      noHardware = true;
      throw new Error(`no sound hardware (${probe.why})`);
    }
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
    inputName = device?.name ?? 'default input';
    zeroRun = 0;
    silentInput = false;
    audioStatus = readyStatus(rate);
  } catch (e) {
    deviceLost((e as Error).message);
    return;
  }
  sendStatus();
}

function readyStatus(rate = VAD_RATE_HZ): EngineStatus {
  return { state: 'ready', detail: `${inputName} (${rate} Hz${rate === VAD_RATE_HZ ? '' : ' resampled to 16 kHz'})` };
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
  if (listening) watchSilence(mono);
  if (micTest && ring.writtenTotal >= micTest.until) micTest.resolve();
  const now = performance.now();
  if ((listening || micTest || now < monitorUntil) && now - lastLevelAt >= LEVEL_INTERVAL_MS) {
    lastLevelAt = now;
    send({ type: 'level', levelDb: frameDb(mono), capturedSamples: ring.writtenTotal });
  }
  if (listening || settings?.vadAlways) scheduleVad();
}

/** A held push-to-talk over exact zeros for DIGITAL_SILENCE_MS: tell the pilot, and clear it when sound returns. */
function watchSilence(chunk: Int16Array): void {
  let lastNonZero = -1;
  for (let i = chunk.length - 1; i >= 0; i--) {
    if (chunk[i] !== 0) {
      lastNonZero = i;
      break;
    }
  }
  zeroRun = lastNonZero < 0 ? zeroRun + chunk.length : chunk.length - 1 - lastNonZero;
  const silent = zeroRun >= (DIGITAL_SILENCE_MS / 1000) * VAD_RATE_HZ;
  if (silent === silentInput) return;
  silentInput = silent;
  audioStatus = silent
    ? { state: 'error', detail: `microphone "${inputName}" delivers only digital silence: check that it is not muted (switch, app or OS privacy setting) and that the right input is chosen in Settings` }
    : readyStatus();
  sendStatus();
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
      if (!prev || prev.outputDevice !== settings.outputDevice) await openOutputDevice();
      if (!prev || prev.inputDevice !== settings.inputDevice) openCapture();
      else sendStatus();
      return;
    }
    case 'end': {
      listening = false;
      return;
    }
    case 'micTest': {
      const r = await measureMic(msg.ms);
      let playedBack = false;
      if (msg.playback && !r.problem && r.samples > 0) {
        const pcm = ring.read(ring.writtenTotal - r.samples, ring.writtenTotal);
        await sink.play(int16ToFloat(pcm), VAD_RATE_HZ);
        await sink.drain();
        playedBack = !(sink instanceof NullSink);
      }
      send({ type: 'micMeasured', id: msg.id, result: r, playedBack });
      return;
    }
    case 'monitor': {
      monitorUntil = performance.now() + Math.min(Math.max(0, msg.ms), MAX_MONITOR_MS);
      return;
    }
    case 'play': {
      await sink.play(msg.samples, msg.sampleRateHz);
      send({ type: 'played', id: msg.id });
      return;
    }
    case 'drain': {
      await sink.drain();
      send({ type: 'drained', id: msg.id });
      return;
    }
    case 'stopOutput': {
      sink.stop();
      return;
    }
    case 'begin': {
      zeroRun = 0;
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
      const probe = soundSystemProbe();
      if (!probe.present) {
        send({ type: 'devices', id: msg.id, devices: [], problem: `no sound hardware (${probe.why})` });
        return;
      }
      try {
        const devices = listAudioDevices();
        send({ type: 'devices', id: msg.id, devices, ...(devices.length ? {} : { problem: 'PortAudio found no audio devices' }) });
      } catch (e) {
        send({ type: 'devices', id: msg.id, devices: [], problem: (e as Error).message });
      }
      return;
    }
    case 'dispose': {
      disposed = true;
      if (retryTimer) clearTimeout(retryTimer);
      closeStream();
      await sink.dispose();
      await vadChain;
      if (vad.kind === 'silero') await vad.live.dispose(); // the offline detector shares its session
      send({ type: 'disposed' });
      port!.close();
      return;
    }
  }
}

/** Opens the reply output: the named device, or real-time-paced silence when there is none. */
async function openOutputDevice(): Promise<void> {
  await sink.dispose();
  const out = settings?.outputDevice ?? null;
  if (out === 'none') {
    sink = new NullSink();
    outputStatus = { state: 'disabled', detail: 'no output device chosen' };
    return;
  }
  try {
    const probe = soundSystemProbe();
    if (!probe.present) throw new Error(`no sound hardware (${probe.why})`);
    sink = PortAudioSink.open(out);
    outputStatus = { state: 'ready', detail: sink.name };
  } catch (e) {
    sink = new NullSink();
    outputStatus = { state: 'error', detail: `silent: ${(e as Error).message}` };
  }
}

/** Records `ms` of what the microphone delivers and measures it. */
async function measureMic(ms: number): Promise<MicMeasurement> {
  const base = { device: inputName, samples: 0, peakDb: -120, rmsDb: -120, speech: false, digitalSilence: false };
  if (!stream) return { ...base, problem: audioStatus.detail };
  if (micTest || listening) return { ...base, problem: 'the microphone is in use (push-to-talk is held)' };
  const want = Math.round((ms / 1000) * VAD_RATE_HZ);
  const start = ring.writtenTotal;
  const arrived = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms + MIC_TEST_SLACK_MS);
    micTest = {
      until: start + want,
      resolve: () => {
        clearTimeout(timer);
        resolve(true);
      },
    };
  });
  micTest = undefined;
  const pcm = ring.read(Math.max(start, ring.oldestIndex), Math.min(ring.writtenTotal, start + want));
  if (!arrived && pcm.length === 0) return { ...base, problem: `microphone "${inputName}" delivered no audio in ${((ms + MIC_TEST_SLACK_MS) / 1000).toFixed(1)} s` };
  let peak = 0;
  let sum = 0;
  for (const v of pcm) {
    const a = Math.abs(v);
    if (a > peak) peak = a;
    sum += v * v;
  }
  const probs = vad.kind === 'silero' ? await vad.offline.processAll(pcm) : new EnergyVad().processAll(pcm);
  const threshold = settings?.threshold ?? 0.5;
  return {
    ...base,
    samples: pcm.length,
    peakDb: toDb(peak / 32768),
    rmsDb: toDb(Math.sqrt(sum / Math.max(1, pcm.length)) / 32768),
    speech: probs.some((p) => p >= threshold),
    digitalSilence: peak === 0,
  };
}

function toDb(ratio: number): number {
  return ratio > 0 ? Math.max(-120, 20 * Math.log10(ratio)) : -120;
}

/** Output requests run at once, beside the capture queue: a reply must not wait for a take. */
const OUTPUT_REQUESTS = new Set<AudioRequest['type']>(['play', 'drain', 'stopOutput']);
let queue: Promise<void> = Promise.resolve();
port.on('message', (msg: AudioRequest) => {
  const fail = (e: unknown): void => send({ type: 'error', ...('id' in msg ? { id: msg.id } : {}), message: (e as Error).message });
  if (OUTPUT_REQUESTS.has(msg.type)) {
    handle(msg).catch(fail);
    return;
  }
  // Capture requests run in order (configure before begin before take); errors answer the request.
  queue = queue.then(() => handle(msg)).catch(fail);
});
send({ type: 'ready' });
