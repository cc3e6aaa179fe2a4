import type { IncomingMessage } from 'node:http';
import { checkWavDuration, MAX_WAV_HEADER_BYTES, readWavHeader, WavError, type WavHeader } from '../../audio/common/wav.js';
import { HttpError, MAX_AUDIO_BYTES } from './httpUtil.js';

/** Chunks a writer may put after the samples (LIST, id3, cue): allowed beyond what the header declares. */
const TRAILER_SLACK_BYTES = 64 * 1024;

export interface WavUploadLimits {
  /** Longest recording accepted, in seconds. */
  maxDurationS: number;
  /** The setting that holds the limit, named in the refusal. */
  setting?: string;
}

/**
 * Reads a WAV upload, judging it from its first bytes: a header the product cannot read is
 * refused with 400 before the rest arrives, a declared length past `maxDurationS` with 400, and a
 * body longer than its header allows (or than MAX_AUDIO_BYTES) with 413, all without buffering
 * more than that. The bytes are decoded later, off the main thread.
 */
export function readWavUpload(req: IncomingMessage, limits: WavUploadLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const contentLength = Number.isFinite(declared) ? declared : undefined;
    if (contentLength !== undefined && contentLength > MAX_AUDIO_BYTES) {
      req.resume();
      reject(new HttpError(413, `body of ${contentLength} bytes exceeds the ${MAX_AUDIO_BYTES}-byte limit for audio`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let header: WavHeader | undefined;
    let limit = MAX_AUDIO_BYTES;
    let done = false;
    const fail = (e: HttpError): void => {
      done = true;
      chunks.length = 0;
      req.off('data', onData);
      // Read and drop the rest, so the answer reaches a client that is still sending.
      req.resume();
      reject(e);
    };
    /** Once the header is known: how many bytes this upload may have, or a refusal. */
    const judge = (h: WavHeader): HttpError | undefined => {
      const dataBytes = h.declaredDataBytes ?? (contentLength !== undefined ? contentLength - h.dataOffset : undefined);
      try {
        checkWavDuration(h, dataBytes ?? 0, limits.maxDurationS, limits.setting);
      } catch (e) {
        return new HttpError(400, (e as WavError).message);
      }
      // A streaming writer's unknown length without Content-Length: at most the longest recording accepted.
      const allowedData = dataBytes ?? Math.ceil(limits.maxDurationS * h.sampleRateHz) * h.frameBytes;
      limit = Math.min(MAX_AUDIO_BYTES, h.dataOffset + allowedData + TRAILER_SLACK_BYTES);
      if (contentLength !== undefined && contentLength > limit) {
        return new HttpError(413, `body of ${contentLength} bytes is longer than its WAV header declares (${allowedData} bytes of audio)`);
      }
      return undefined;
    };
    const onData = (c: Buffer): void => {
      if (done) return;
      chunks.push(c);
      size += c.length;
      if (!header) {
        try {
          header = readWavHeader(chunks.length === 1 ? c : Buffer.concat(chunks));
        } catch (e) {
          return fail(new HttpError(400, (e as WavError).message));
        }
        if (chunks.length > 1) chunks.splice(0, chunks.length, Buffer.concat(chunks));
        if (!header && size > MAX_WAV_HEADER_BYTES) return fail(new HttpError(400, `WAV has no "data" chunk in its first ${MAX_WAV_HEADER_BYTES} bytes`));
        const refusal = header && judge(header);
        if (refusal) return fail(refusal);
      }
      if (size > limit) {
        fail(new HttpError(413, header ? `body is longer than its WAV header declares (${limit - header.dataOffset - TRAILER_SLACK_BYTES} bytes of audio)` : `body exceeds the ${limit}-byte limit for audio`));
      }
    };
    req.on('data', onData);
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    // A client that goes away mid-body: nothing to answer, nothing kept.
    const cutOff = (): void => {
      if (done) return;
      done = true;
      chunks.length = 0;
      reject(new HttpError(400, 'the upload was cut off before its end'));
    };
    req.on('error', cutOff);
    req.on('close', cutOff);
  });
}
