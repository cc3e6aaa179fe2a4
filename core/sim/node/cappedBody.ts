/**
 * Reads an HTTP answer from a sim peer with a byte cap. The peer is untrusted: a body larger than
 * the cap is refused as soon as it is announced (Content-Length) or, when streamed, as soon as it
 * passes the cap, and the connection is cancelled, so memory never holds more than the cap.
 */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`answer larger than ${formatBytes(maxBytes)} refused`);
    this.name = 'BodyTooLargeError';
  }
}

function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${n / (1 << 20)} MiB` : n >= 1024 ? `${n / 1024} KiB` : `${n} bytes`;
}

/** The body as UTF-8 text, or a BodyTooLargeError once it passes `maxBytes`. */
export async function readCappedText(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** The body parsed as JSON, under the same cap. */
export async function readCappedJson(res: Response, maxBytes: number): Promise<unknown> {
  const text = await readCappedText(res, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error('answer is not JSON');
  }
}
