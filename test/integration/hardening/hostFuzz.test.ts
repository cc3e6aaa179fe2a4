import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { commandResultSchema, serverMessageSchema } from '../../../core/api/common/contract.js';
import { encodeWav16 } from '../../../core/audio/common/wav.js';
import { ScriptedSpeech } from '../../../core/turn/testing/scriptedSpeech.js';
import { httpRequest, startInProcess, type InProcessHost } from './hostHelpers.js';

/**
 * The UDP fuzz (test/integration/sim/fuzz.test.ts) extended to the web API: a few thousand random
 * and malformed HTTP requests (methods, paths, Host/Origin/Content-Type, Content-Length lies,
 * truncated bodies, huge headers) and WebSocket messages (random JSON, binary, oversized, wrong
 * types) at a headless host on 127.0.0.1. Every answer is a 2xx or a 4xx with a JSON `{error}`,
 * never a 5xx and never a hang; sockets and memory are back to flat afterwards, and the API works.
 * Deterministic: fast-check with a fixed seed generates every case.
 */

const SEED = 14;
const HTTP_CASES = 2000;
const WS_MESSAGES = 1500;
/** Connections in flight at once: enough to overlap requests, few enough for a shared 2-core box. */
const CONCURRENCY = 8;
/** A loopback answer (or the server closing) comes far sooner; past this the host is hanging. */
const EXCHANGE_TIMEOUT_MS = 5_000;
/** Memory the fuzz may leave behind (allocator slack, JIT): a leak of a few thousand bodies is far more. */
const MAX_RSS_GROWTH_MB = 150;
/** Sockets still closing when the fuzz ends (TIME_WAIT is not a handle; a leak is hundreds). */
const HANDLE_SLACK = 4;

let host: InProcessHost;
let port: number;
const speech = new ScriptedSpeech();
beforeAll(async () => {
  host = await startInProcess({ speech: true, speechPort: speech });
  port = host.server.port;
});
afterAll(async () => host?.dispose());

interface HttpCase {
  method: string;
  path: string;
  token: 'header' | 'query' | 'wrong' | 'none';
  host: string;
  origin: string | undefined;
  contentType: string | undefined;
  body: Buffer;
  length: 'exact' | 'none' | 'smaller' | 'larger' | 'garbage';
  extraHeader: string;
}

function wavLike(): fc.Arbitrary<Buffer> {
  return fc.tuple(fc.integer({ min: 0, max: 43 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom(8000, 16000, 44100, 1, 0xffffffff)).map(([at, byte, rate]) => {
    const wav = Buffer.from(encodeWav16(Int16Array.from({ length: 1600 }, (_, i) => (i * 37) % 4000), 16000));
    wav.writeUInt32LE(rate, 24);
    wav[at] = byte;
    return wav;
  });
}

const httpCase: fc.Arbitrary<HttpCase> = fc.record({
  method: fc.oneof({ arbitrary: fc.constantFrom('GET', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'), weight: 8 }, { arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/), weight: 1 }),
  path: fc.oneof(
    { arbitrary: fc.constantFrom('/api/command', '/api/utterance', '/api/settings'), weight: 3 },
    fc.constantFrom('/api/health', '/api/state', '/api/settings', '/api/command', '/api/utterance', '/ws', '/', '/index.html', '/../../etc/passwd', '/%2e%2e/secret', '/api/%ff%fe', '//evil.example/x', '/api/command?token=x&token=y'),
    fc.stringMatching(/^\/[\x21-\x7e]{0,200}$/),
  ),
  token: fc.constantFrom('header', 'header', 'query', 'wrong', 'none'),
  host: fc.oneof({ arbitrary: fc.constant('OWN'), weight: 6 }, fc.constantFrom('evil.example', 'localhost', '127.0.0.1:1', '[::1]', '', 'localhost:99999'), fc.stringMatching(/^[\x21-\x7e]{1,60}$/)),
  origin: fc.option(fc.oneof({ arbitrary: fc.constant('OWN'), weight: 3 }, fc.constantFrom('http://evil.example', 'null', 'file://'), fc.stringMatching(/^[\x21-\x7e]{1,60}$/)), { nil: undefined, freq: 2 }),
  contentType: fc.option(fc.oneof({ arbitrary: fc.constantFrom('application/json', 'audio/wav'), weight: 3 }, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'audio/wav', 'application/jsonx', 'multipart/form-data; boundary=x'), fc.stringMatching(/^[\x20-\x7e]{0,40}$/)), { nil: undefined }),
  body: fc.oneof(
    fc.constant(Buffer.alloc(0)),
    fc.json().map((j) => Buffer.from(j)),
    fc.constantFrom('{"text":"heading two seven zero"}', '{"text":""}', '{"overlay":{"showTextInput":true}}', '{"text": ', '[]', 'null').map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
    wavLike(),
  ),
  length: fc.constantFrom('exact', 'exact', 'exact', 'exact', 'exact', 'none', 'smaller', 'larger', 'garbage'),
  extraHeader: fc.oneof({ arbitrary: fc.constant(''), weight: 12 }, fc.constantFrom(`X-Big: ${'a'.repeat(20_000)}`, 'Transfer-Encoding: chunked', 'Content-Length: 5', 'Expect: 100-continue', 'X-Bad\x01: y'), fc.stringMatching(/^[\x21-\x39\x3b-\x7e]{1,30}: [\x20-\x7e]{0,80}$/), fc.stringMatching(/^[\x20-\x7e]{0,80}$/)),
});

/** The bytes of one request, and whether the client stops sending early (a truncated body). */
function render(c: HttpCase, token: string): { bytes: Buffer; truncated: boolean } {
  const own = `127.0.0.1:${port}`;
  const path = c.token === 'query' ? `${c.path}${c.path.includes('?') ? '&' : '?'}token=${token}` : c.path;
  const lines = [`${c.method} ${path} HTTP/1.1`, `Host: ${c.host === 'OWN' ? own : c.host}`, 'Connection: close'];
  if (c.token === 'header') lines.push(`Authorization: Bearer ${token}`);
  if (c.token === 'wrong') lines.push('Authorization: Bearer nope');
  if (c.origin) lines.push(`Origin: ${c.origin === 'OWN' ? `http://${own}` : c.origin}`);
  if (c.contentType !== undefined) lines.push(`Content-Type: ${c.contentType}`);
  const n = c.body.length;
  if (c.length === 'exact') lines.push(`Content-Length: ${n}`);
  if (c.length === 'smaller') lines.push(`Content-Length: ${Math.floor(n / 2)}`);
  if (c.length === 'larger') lines.push(`Content-Length: ${n + 1000}`);
  if (c.length === 'garbage') lines.push(`Content-Length: ${['-1', 'abc', '1e9', '99999999999999999999'][n % 4]}`);
  if (c.extraHeader) lines.push(c.extraHeader);
  return { bytes: Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), c.body]), truncated: c.length === 'larger' };
}

/** Writes `bytes` to a fresh connection and collects what comes back until the server closes it. */
function exchange(bytes: Buffer, endEarly: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`host hung: no answer and no close within ${EXCHANGE_TIMEOUT_MS} ms for ${JSON.stringify(bytes.subarray(0, 120).toString('latin1'))}`));
    }, EXCHANGE_TIMEOUT_MS);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined); // a reset after the answer is fine; the close below settles it
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(bytes, () => {
      if (endEarly) socket.end();
    });
  });
}

/** Checks every response in `raw`: a 2xx, or a 4xx whose body is JSON `{ error: string }`. */
function checkAnswer(raw: string, method: string): number[] {
  const statuses: number[] = [];
  let rest = raw;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    expect(headEnd, raw.slice(0, 200)).toBeGreaterThan(0);
    const head = rest.slice(0, headEnd);
    const status = Number(head.slice(9, 12));
    statuses.push(status);
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const body = method === 'HEAD' && statuses.length === 1 ? '' : rest.slice(headEnd + 4, headEnd + 4 + length);
    expect(status, head).toBeLessThan(500);
    expect(head.toLowerCase()).not.toContain('access-control-allow');
    if (status >= 400 && body) {
      const parsed = JSON.parse(Buffer.from(body, 'latin1').toString('utf8')) as { error?: unknown };
      expect(typeof parsed.error, body).toBe('string');
      expect(parsed.error as string).not.toMatch(/\n\s+at /);
    }
    rest = rest.slice(headEnd + 4 + body.length);
  }
  return statuses;
}

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPWRAP').length;
}

async function untilTrue(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + EXCHANGE_TIMEOUT_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('web API fuzz', () => {
  it(`${HTTP_CASES} malformed HTTP requests: 2xx or 4xx with {error}, never a 5xx or a hang`, { timeout: 120_000 }, async () => {
    const token = host.server.token;
    const handlesBefore = tcpHandles();
    const rssBefore = process.memoryUsage().rss;
    const cases = fc.sample(httpCase, { seed: SEED, numRuns: HTTP_CASES });
    const seen = new Map<number, number>();
    let closedWithoutAnswer = 0;
    for (let i = 0; i < cases.length; i += CONCURRENCY) {
      await Promise.all(
        cases.slice(i, i + CONCURRENCY).map(async (c) => {
          const { bytes, truncated } = render(c, token);
          const raw = await exchange(bytes, truncated);
          const statuses = checkAnswer(raw, c.method);
          if (statuses.length === 0) closedWithoutAnswer += 1;
          for (const s of statuses) seen.set(s, (seen.get(s) ?? 0) + 1);
        }),
      );
    }
    // The fuzz reached deep: refusals of every kind and real answers.
    for (const s of [200, 400, 401, 403, 404, 405, 415, 421]) expect(seen.get(s) ?? 0, `status ${s} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    // Only a client that stopped mid-request may go unanswered.
    expect(closedWithoutAnswer).toBeLessThanOrEqual(cases.filter((c) => c.length === 'larger').length);
    await untilTrue('the fuzz connections to close', () => tcpHandles() <= handlesBefore + HANDLE_SLACK);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(MAX_RSS_GROWTH_MB * 1024 * 1024);
  });

  it(`${WS_MESSAGES} malformed WebSocket messages: refused with a reason, no leak, the socket and host carry on`, { timeout: 120_000 }, async () => {
    const rssBefore = process.memoryUsage().rss;
    const message: fc.Arbitrary<{ text: string } | { binary: Buffer }> = fc.oneof(
      fc.json().map((j) => ({ text: j })),
      fc.uint8Array({ maxLength: 512 }).map((a) => ({ binary: Buffer.from(a) })),
      fc.record({
        id: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
        command: fc.oneof(
          fc.json(),
          fc.record({ type: fc.constantFrom('text', 'cancel', 'pttDown', 'pttUp', 'modelList', 'modelCancel', 'audioDevices', 'settingsUpdate', 'launchMissiles', ''), text: fc.string({ maxLength: 40 }), id: fc.string({ maxLength: 10 }), patch: fc.json() }, { requiredKeys: ['type'] }),
        ),
      }).map((m) => ({ text: JSON.stringify(m) })),
      fc.constantFrom<{ text: string } | { binary: Buffer }>({ text: '\u0000\u0001not json' }, { text: 'x'.repeat(70 * 1024) }, { binary: Buffer.alloc(70 * 1024) }),
    );
    const messages = fc.sample(message, { seed: SEED, numRuns: WS_MESSAGES });
    const open = (): Promise<WebSocket> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${host.server.token}`);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    let ws = await open();
    let replies = 0;
    const watch = (socket: WebSocket): void => {
      socket.on('message', (d) => {
        const m = serverMessageSchema.parse(JSON.parse((d as Buffer).toString('utf8')));
        if (m.kind !== 'reply') return;
        replies += 1;
        if (!m.ok) expect(m.error ?? '').not.toMatch(/\n\s+at /);
      });
      socket.on('error', () => undefined);
    };
    watch(ws);
    let reopened = 0;
    for (const m of messages) {
      if (ws.readyState !== WebSocket.OPEN) {
        // Oversized messages close the socket (1009): a client reconnects and carries on.
        reopened += 1;
        ws = await open();
        watch(ws);
      }
      if ('binary' in m) ws.send(m.binary, { binary: true });
      else ws.send(m.text);
      await new Promise((r) => setImmediate(r));
    }
    await untilTrue('replies to the fuzz', () => replies > WS_MESSAGES / 2);
    expect(reopened).toBeGreaterThan(0);
    ws.close();
    await untilTrue('every fuzz socket to close', () => host.server.clients() === 0);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(MAX_RSS_GROWTH_MB * 1024 * 1024);
  });

  it('the normal API still works afterwards', async () => {
    const auth = { authorization: `Bearer ${host.server.token}` };
    expect((await httpRequest(port, { path: '/api/health', headers: auth })).status).toBe(200);
    const res = await httpRequest(port, { method: 'POST', path: '/api/command', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'heading one two three' }) });
    expect(commandResultSchema.parse(res.json).outcome.status).toBe('applied');
    speech.text = 'gear down';
    const wav = Buffer.from(encodeWav16(Int16Array.from({ length: 16000 }, (_, i) => Math.round(12000 * Math.sin(i / 5))), 16000));
    const utter = await httpRequest(port, { method: 'POST', path: '/api/utterance', headers: { ...auth, 'content-type': 'audio/wav' }, body: wav });
    expect(commandResultSchema.parse(utter.json).intent).toBe('set gear down');
  });
});
