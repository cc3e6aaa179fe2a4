// A microphone with a clock: writes 16 kHz mono s16le to a FIFO (a PulseAudio pipe source) in 20 ms
// chunks at real-time pace, and plays the utterances it receives over IPC. Spawned by pacedMic.ts:
//   node pacer.js <fifo> <pulseaudioPid> <noiseAmplitude>
// Messages in:  { type: 'speak', id, pcm: Int16Array } | { type: 'stop' }
// Messages out: { type: 'ready' } once the FIFO is open and the first chunk is written,
//               { type: 'spoken', id, startedAtMs, endedAtMs } (Date.now() right after the write()
//               of the utterance's first and last chunk returned), { type: 'error', message }.
// If the parent goes away without `stop` (its process died), the pacer ends the PulseAudio daemon
// it was given and exits, so a crashed test leaves nothing running.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const SAMPLE_RATE_HZ = 16_000;
const CHUNK_MS = 20; // the frame size PortAudio/PulseAudio clients typically pull; fine-grained enough for PTT timing
const CHUNK_SAMPLES = (SAMPLE_RATE_HZ * CHUNK_MS) / 1000;
const REOPEN_RETRY_MS = 20; // how often to retry opening the FIFO while PulseAudio has no reader on it
const MAX_CATCH_UP_MS = 200; // after a stall longer than this (GC, stopped reader) resync the clock rather than burst stale silence

const [fifo, paPidArg = '0', noiseArg = '0'] = process.argv.slice(2);
if (!fifo || !process.send) {
  console.error('usage: node pacer.js <fifo> <pulseaudioPid> <noiseAmplitude>, spawned with an IPC channel');
  process.exit(2);
}
const pulseaudioPid = Number(paPidArg);
const noiseAmplitude = Math.max(0, Math.min(32767, Number(noiseArg) || 0));

/** @typedef {{ id: number, pcm: Int16Array, offset: number, startedAtMs: number | undefined }} Utterance */
/** @type {Utterance[]} */
const queue = [];
/** @type {number | undefined} */
let fd;
let clockStartMs = 0;
let chunksWritten = 0;
let readySent = false;
let stopped = false;
/** @type {NodeJS.Timeout | undefined} */
let timer;

/** @param {object} msg */
function send(msg) {
  if (process.connected) process.send?.(msg);
}

/** The next 20 ms chunk: the head utterance's samples (the last one padded), else the idle fill. */
function peekChunk() {
  const chunk = new Int16Array(CHUNK_SAMPLES);
  if (noiseAmplitude > 0) for (let i = 0; i < chunk.length; i++) chunk[i] = Math.round((Math.random() * 2 - 1) * noiseAmplitude);
  const head = queue[0];
  if (head) chunk.set(head.pcm.subarray(head.offset, head.offset + CHUNK_SAMPLES));
  return chunk;
}

/** Bookkeeping after `chunk` of the head utterance went into the pipe. */
function advance() {
  const head = queue[0];
  if (!head) return;
  const nowMs = Date.now();
  head.startedAtMs ??= nowMs;
  head.offset += CHUNK_SAMPLES;
  if (head.offset >= head.pcm.length) {
    queue.shift();
    send({ type: 'spoken', id: head.id, startedAtMs: head.startedAtMs, endedAtMs: nowMs });
  }
}

function closeFifo() {
  if (fd === undefined) return;
  try {
    closeSync(fd);
  } catch {
    // already gone
  }
  fd = undefined;
}

/** Opens the FIFO without blocking; false while it does not exist or has no reader yet. */
function openFifo() {
  try {
    // O_NONBLOCK: open fails (ENXIO) instead of blocking the event loop when there is no reader.
    fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = /** @type {NodeJS.ErrnoException} */ (err).code;
    if (code === 'ENXIO' || code === 'ENOENT') return false;
    throw err;
  }
  clockStartMs = performance.now();
  chunksWritten = 0;
  return true;
}

function schedule(delayMs) {
  if (!stopped) timer = setTimeout(tick, Math.max(0, delayMs));
}

/** Writes every chunk that is due by now (chunk n is due at clockStart + n * 20 ms: no drift). */
function tick() {
  if (fd === undefined && !openFifo()) return schedule(REOPEN_RETRY_MS);
  const nowMs = performance.now();
  let due = Math.floor((nowMs - clockStartMs) / CHUNK_MS) + 1 - chunksWritten;
  if (due * CHUNK_MS > MAX_CATCH_UP_MS) {
    chunksWritten += due - 1;
    due = 1;
  }
  for (; due > 0; due--) {
    try {
      writeSync(/** @type {number} */ (fd), peekChunk());
    } catch (err) {
      const code = /** @type {NodeJS.ErrnoException} */ (err).code;
      if (code === 'EPIPE') {
        // The reader closed the FIFO: reopen on the next tick and carry on where we were.
        closeFifo();
        return schedule(REOPEN_RETRY_MS);
      }
      if (code === 'EAGAIN') {
        // The pipe is full (nobody reads): keep this chunk, skip the slot rather than queue stale audio.
        chunksWritten += due;
        break;
      }
      throw err;
    }
    chunksWritten++;
    advance();
    if (!readySent) {
      readySent = true;
      send({ type: 'ready' });
    }
  }
  schedule(clockStartMs + chunksWritten * CHUNK_MS - performance.now());
}

function stop() {
  stopped = true;
  clearTimeout(timer);
  closeFifo();
  process.disconnect?.();
}

process.on('message', (/** @type {{ type: string, id?: number, pcm?: Int16Array }} */ msg) => {
  if (msg.type === 'speak' && typeof msg.id === 'number' && msg.pcm instanceof Int16Array) {
    queue.push({ id: msg.id, pcm: msg.pcm, offset: 0, startedAtMs: undefined });
  } else if (msg.type === 'stop') {
    stop();
  } else {
    send({ type: 'error', message: `pacer: unknown message ${JSON.stringify(msg)}` });
  }
});

process.on('disconnect', () => {
  if (stopped) return;
  // The parent died without disposing: take the private PulseAudio daemon down with us.
  stopped = true;
  clearTimeout(timer);
  closeFifo();
  if (pulseaudioPid > 0) {
    try {
      process.kill(pulseaudioPid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

process.on('uncaughtException', (err) => {
  send({ type: 'error', message: `pacer: ${err.stack ?? err.message}` });
  stop();
  process.exitCode = 1;
});

tick();
