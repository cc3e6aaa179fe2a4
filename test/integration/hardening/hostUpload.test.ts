import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandResultSchema } from '../../../core/api/common/contract.js';
import { encodeWav16 } from '../../../core/audio/common/wav.js';
import { WAV_DECODE_CHANNEL, type WavDecodePhase } from '../../../core/audio/node/wavDecoder.js';
import { ScriptedSpeech } from '../../../core/turn/testing/scriptedSpeech.js';
import { startHeadlessHost, type HeadlessHost } from '../../e2e/helpers/headlessHost.js';
import { ANSWER_TIMEOUT_MS, errorOf, httpRequest, startInProcess, type InProcessHost, type RawAnswer } from './hostHelpers.js';

/**
 * Issue 14, point 5: a 32 MB 8-bit 55,924 Hz WAV to /api/utterance was decoded on the main
 * thread before its length was checked (health blocked 18 s, 726 MB peak). Now the header is
 * checked as the body streams in and the upload is refused before it has arrived; valid audio is
 * decoded in a worker thread while the host keeps answering.
 */

/** The file: 8-bit mono at 55,924 Hz, 32,000,000 bytes (about 9.5 minutes). */
const REPRO_RATE_HZ = 55_924;
const REPRO_BYTES = 32_000_000;
/** Sent before waiting for the verdict: the header and a little audio, 0.2 % of the file. */
const FIRST_BYTES = 64 * 1024;
/** Peak memory a refused upload may add to the host: far below the 726 MB the issue measured. */
const MAX_PEAK_GROWTH_MB = 100;

/** A WAV header for `dataBytes` of samples, any PCM/float layout (encodeWav16 writes 16-bit only). */
function wavHeader(rateHz: number, channels: number, bits: number, dataBytes: number, format = 1): Buffer {
  const b = Buffer.alloc(44);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + dataBytes, 4);
  b.write('WAVEfmt ', 8, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(format, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(rateHz, 24);
  b.writeUInt32LE((rateHz * channels * bits) / 8, 28);
  b.writeUInt16LE((channels * bits) / 8, 32);
  b.writeUInt16LE(bits, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(dataBytes, 40);
  return b;
}

/**
 * Starts an upload declaring `contentLength`, writes only `first`, and resolves with the answer:
 * the host must judge from the header, not wait for the rest.
 */
function uploadStart(port: number, token: string, first: Buffer, contentLength: number | undefined): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: `Bearer ${token}`, 'content-type': 'audio/wav' };
    if (contentLength !== undefined) headers['content-length'] = contentLength;
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/utterance', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        req.destroy();
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text) as unknown });
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no verdict on the upload within ${ANSWER_TIMEOUT_MS} ms of its first ${first.length} bytes`)), ANSWER_TIMEOUT_MS);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.write(first);
  });
}

/** Peak resident memory of a process so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN) / 1024;
}

describe('the issue reproduction against the built CLI host', () => {
  let cli: HeadlessHost;
  let port: number;
  beforeAll(async () => {
    cli = await startHeadlessHost();
    port = Number(new URL(cli.origin).port);
  }, 60_000);
  afterAll(async () => cli?.dispose());

  const repro = () => {
    const file = Buffer.alloc(REPRO_BYTES, 128);
    wavHeader(REPRO_RATE_HZ, 1, 8, REPRO_BYTES - 44).copy(file);
    return file;
  };

  it('refuses the 32 MB upload from its header, before the body has arrived', async () => {
    const res = await uploadStart(port, cli.token, repro().subarray(0, FIRST_BYTES), REPRO_BYTES);
    expect(res.status).toBe(400);
    expect(errorOf(res)).toMatch(/572\.2 s long; one recording may be at most 15 s/);
    expect((await httpRequest(port, { path: '/api/health', headers: { authorization: `Bearer ${cli.token}` } })).status).toBe(200);
  });

  it('refuses the whole file sent at once with a 4xx, memory bounded, and keeps serving', async () => {
    const pid = cli.child.pid!;
    const before = peakRssMb(pid);
    const res = await fetch(`${cli.origin}/api/utterance`, { method: 'POST', body: repro(), headers: { authorization: `Bearer ${cli.token}`, 'content-type': 'audio/wav' }, signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/at most 15 s/);
    expect(peakRssMb(pid) - before).toBeLessThan(MAX_PEAK_GROWTH_MB);
    const cmd = await httpRequest(port, { method: 'POST', path: '/api/command', headers: { authorization: `Bearer ${cli.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'gear down' }) });
    expect(commandResultSchema.parse(cmd.json).intent).toBe('set gear down');
  });
});

describe('uploads in process (scripted recognition)', () => {
  let host: InProcessHost;
  const speech = new ScriptedSpeech();
  beforeAll(async () => {
    host = await startInProcess({ speech: true, speechPort: speech });
  });
  afterAll(async () => host?.dispose());

  it('refuses a body larger than its header allows (413) as soon as the header is read', async () => {
    const declared = 16000 * 2 * 2; // 2 s of 16 kHz mono 16-bit
    const res = await uploadStart(host.server.port, host.server.token, wavHeader(16000, 1, 16, declared), 5_000_000);
    expect(res.status).toBe(413);
    expect(errorOf(res)).toMatch(/5000000 bytes is longer than its WAV header declares \(64000 bytes of audio\)/);
    // Without a Content-Length (chunked): refused once more bytes arrive than the header declared.
    const chunked = await uploadStart(host.server.port, host.server.token, Buffer.concat([wavHeader(16000, 1, 16, declared), Buffer.alloc(declared + 200_000)]), undefined);
    expect(chunked.status).toBe(413);
  });

  it('refuses broken headers from the first bytes with the reason', async () => {
    const cases: Array<[Buffer, RegExp]> = [
      [wavHeader(16000, 9, 16, 1000), /9 channels/],
      [wavHeader(1_000_000, 1, 16, 1000), /1000000 Hz is outside/],
      [wavHeader(16000, 1, 64, 1000, 3), /64-bit/],
      [Buffer.from('MThd\0\0\0\x06 a midi file, not a wav'), /expected "RIFF"/],
    ];
    for (const [first, reason] of cases) {
      const res = await uploadStart(host.server.port, host.server.token, first, 10_000_000);
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatch(reason);
    }
  });

  it('decodes a large valid upload off the main thread: health answers while it decodes', async () => {
    await host.engine.updateSettings({ audio: { maxUtteranceS: 30 } });
    // 30 s of 48 kHz stereo float (11.5 MB): about a second of decoding and resampling.
    const frames = 48_000 * 30;
    const samples = new Float32Array(frames * 2);
    for (let i = 0; i < frames; i++) samples[2 * i] = samples[2 * i + 1] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / 48_000);
    const body = Buffer.concat([wavHeader(48_000, 2, 32, samples.byteLength, 3), Buffer.from(samples.buffer)]);
    speech.text = 'gear down';
    const order: string[] = [];
    const onDecode = (m: unknown): void => void order.push(`decode:${(m as { phase: WavDecodePhase }).phase}`);
    subscribe(WAV_DECODE_CHANNEL, onDecode);
    let done = false;
    const upload = fetch(`${host.server.url}/api/utterance`, { method: 'POST', body, headers: { authorization: `Bearer ${host.server.token}`, 'content-type': 'audio/wav' } }).then(async (r) => {
      done = true;
      order.push('upload:answered');
      return { status: r.status, json: (await r.json()) as unknown };
    });
    try {
      // Health, one request after another, for as long as the upload is in flight.
      while (!done) {
        const h = await httpRequest(host.server.port, { path: '/api/health', headers: { authorization: `Bearer ${host.server.token}` } });
        expect(h.status).toBe(200);
        if (order.at(-1) !== 'health') order.push('health');
      }
      const res = await upload;
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(commandResultSchema.parse(res.json).intent).toBe('set gear down');
    } finally {
      unsubscribe(WAV_DECODE_CHANNEL, onDecode);
    }
    const start = order.indexOf('decode:start');
    const end = order.indexOf('decode:end');
    expect(start, order.join(' ')).toBeGreaterThanOrEqual(0);
    expect(end, order.join(' ')).toBeGreaterThan(start);
    expect(order.slice(start, end), order.join(' ')).toContain('health');
  });

  it('still runs a normal 16 kHz WAV end to end', async () => {
    speech.text = 'heading two seven zero';
    const pcm = Int16Array.from({ length: 16000 }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 300 * i) / 16000)));
    const res = await httpRequest(host.server.port, { method: 'POST', path: '/api/utterance', headers: { authorization: `Bearer ${host.server.token}`, 'content-type': 'audio/wav' }, body: Buffer.from(encodeWav16(pcm, 16000)) });
    expect(res.status, res.text).toBe(200);
    expect(commandResultSchema.parse(res.json).intent).toBe('set ap.heading 270');
  });
});
