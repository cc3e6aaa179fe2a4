import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Largest request body the API accepts. */
export const MAX_BODY_BYTES = 1024 * 1024; // 1 MB for JSON; audio has its own limit
/** Largest WAV upload whatever its header says: 60 s (the utterance cap) of 48 kHz stereo float is 23 MB. */
export const MAX_AUDIO_BYTES = 32 * 1024 * 1024; // 32 MB

/**
 * Sent on every answer: no MIME sniffing, no use of our responses by other origins' pages, no
 * referrer leaking the token in a URL, never framed (the overlay cannot be clickjacked).
 */
export const HARDENING_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Error ids: enough randomness to find one line in a log, nothing about the error itself. */
const ERROR_ID_BYTES = 6;

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token from `Authorization: Bearer T` or `?token=T`. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return url.searchParams.get('token');
}

/** Reads the body, refusing past `limit` bytes with 413 without buffering the rest. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpError(413, `body of ${declared} bytes exceeds the ${limit}-byte limit`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(new HttpError(413, `body exceeds the ${limit}-byte limit`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    // A client that goes away mid-body: nothing to answer, nothing kept.
    const cutOff = (): void => {
      if (done) return;
      done = true;
      chunks.length = 0;
      reject(new HttpError(400, 'the request body was cut off before its end'));
    };
    req.on('error', cutOff);
    req.on('close', cutOff);
  });
}

/** The media type of `Content-Type` without parameters, lower case ("application/json; charset=utf-8" -> "application/json"). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** 415 unless the body's media type is one of `types` exactly (parameters allowed). */
export function requireMediaType(req: IncomingMessage, types: readonly string[]): void {
  const got = mediaType(req);
  if (!types.includes(got)) throw new HttpError(415, `expected Content-Type: ${types[0]}${got ? `, got ${JSON.stringify(got.slice(0, 60))}` : ''}`);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  requireMediaType(req, ['application/json']);
  const body = await readBody(req, MAX_BODY_BYTES);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (e) {
    throw new HttpError(400, `invalid JSON: ${(e as Error).message}`);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...HARDENING_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, { error: message });
}

/** A fresh id for an internal error: given to the client, and logged with the details. */
export function newErrorId(): string {
  return `err-${randomBytes(ERROR_ID_BYTES).toString('hex')}`;
}

/** What a client is told about an internal error: that it happened and where to look, never what it said. */
export function internalErrorText(id: string): string {
  return `internal error (id ${id}); the details are in the host's log`;
}

/**
 * Errors whose message is written for the user (a bad setting, a bad file, a refused request):
 * shown as they are. Any other error may carry a child process's output, a path or a file's
 * contents, and is reported by id only.
 */
const PUBLIC_ERRORS = new Set(['ConfigError', 'ConfigSaveError', 'WavError', 'ModelDownloadError', 'SynthesisError', 'TurnAbortedError', 'UsageError', 'HttpError']);

export function isPublicError(e: unknown): e is Error {
  return e instanceof HttpError || (e instanceof Error && PUBLIC_ERRORS.has(e.name));
}
