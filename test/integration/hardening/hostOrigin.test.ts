import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { commandResultSchema } from '../../../core/api/common/contract.js';
import { startHeadlessHost, type HeadlessHost } from '../../e2e/helpers/headlessHost.js';
import { ANSWER_TIMEOUT_MS, errorOf, httpRequest, startInProcess, type InProcessHost } from './hostHelpers.js';

/**
 * Issue 14, point 8: DNS rebinding and cross-origin requests. `Host: evil.example`, a foreign
 * `Origin` and a `text/plain` POST (no CORS preflight) were all accepted, on HTTP and on the
 * WebSocket upgrade.
 */

let host: InProcessHost;
let port: number;
let auth: Record<string, string>;
beforeAll(async () => {
  host = await startInProcess();
  port = host.server.port;
  auth = { authorization: `Bearer ${host.server.token}` };
});
afterAll(async () => host?.dispose());

/** What a WebSocket upgrade with these headers gets: 'open', or the HTTP status it was refused with. */
function upgrade(p: number, token: string, headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${p}/ws?token=${token}`, { headers, handshakeTimeout: ANSWER_TIMEOUT_MS });
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

const HARDENING = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

describe('Host header (DNS rebinding)', () => {
  it('refuses a foreign Host on the API, the overlay files and the WebSocket upgrade', async () => {
    for (const h of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `localhost:${port + 1}`, `127.1:${port}`]) {
      const api = await httpRequest(port, { path: '/api/health', headers: { ...auth, host: h } });
      expect(api.status, h).toBe(421);
      expect(errorOf(api), h).toMatch(/Host .* is not this server/);
      expect((await httpRequest(port, { path: '/', headers: { host: h } })).status, h).toBe(421);
      expect(await upgrade(port, host.server.token, { host: h }), h).toBe(421);
    }
  });

  it('accepts the bound address and the loopback names, with the port', async () => {
    for (const h of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await httpRequest(port, { path: '/api/health', headers: { ...auth, host: h } })).status, h).toBe(200);
      expect(await upgrade(port, host.server.token, { host: h }), h).toBe('open');
    }
  });
});

describe('Origin (cross-origin pages)', () => {
  it('refuses a foreign Origin on the API and the WebSocket, and serves its own', async () => {
    const body = JSON.stringify({ text: 'heading one two zero' });
    for (const origin of ['http://evil.example', `http://evil.example:${port}`, 'null', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`]) {
      const post = await httpRequest(port, { method: 'POST', path: '/api/command', headers: { ...auth, origin, 'content-type': 'application/json' }, body });
      expect(post.status, origin).toBe(403);
      expect(errorOf(post), origin).toMatch(/cross-origin request .* refused/);
      expect(await upgrade(port, host.server.token, { origin }), origin).toBe(403);
    }
    expect(host.engine.state().telemetry.apHeadingDegMag).not.toBe(120);
    const own = await httpRequest(port, { method: 'POST', path: '/api/command', headers: { ...auth, origin: `http://localhost:${port}`, 'content-type': 'application/json' }, body });
    expect(own.status).toBe(200);
    expect(commandResultSchema.parse(own.json).outcome.status).toBe('applied');
    expect(await upgrade(port, host.server.token, { origin: `http://127.0.0.1:${port}` })).toBe('open');
  });

  it('takes JSON only as application/json (parameters allowed): a text/plain form post is refused', async () => {
    const body = JSON.stringify({ text: 'heading zero nine zero' });
    for (const type of ['text/plain', 'application/jsonx', 'text/plain; application/json', 'multipart/form-data', 'application/x-www-form-urlencoded']) {
      const res = await httpRequest(port, { method: 'POST', path: '/api/command', headers: { ...auth, 'content-type': type }, body });
      expect(res.status, type).toBe(415);
      expect(errorOf(res)).toMatch(/application\/json/);
    }
    expect(host.engine.state().telemetry.apHeadingDegMag).not.toBe(90);
    const ok = await httpRequest(port, { method: 'POST', path: '/api/command', headers: { ...auth, 'content-type': 'Application/JSON; charset=utf-8' }, body });
    expect(ok.status).toBe(200);
  });

  it('answers a CORS preflight with 405 and never an Access-Control-Allow header', async () => {
    const pre = await httpRequest(port, {
      method: 'OPTIONS',
      path: '/api/command',
      headers: { origin: `http://localhost:${port}`, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(pre.status).toBe(405);
    const answers = [pre, await httpRequest(port, { path: '/api/health', headers: { ...auth, origin: `http://localhost:${port}` } })];
    for (const a of answers) expect(Object.keys(a.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
  });

  it('sends hardening headers on every answer, and a CSP that forbids framing on pages', async () => {
    const page = await httpRequest(port, { path: '/' });
    const answers = [page, await httpRequest(port, { path: '/api/health', headers: auth }), await httpRequest(port, { path: '/api/nothing', headers: auth }), await httpRequest(port, { path: '/api/health', headers: { host: 'evil.example' } })];
    for (const a of answers) expect(a.headers).toMatchObject(HARDENING);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });
});

describe('the built CLI host', () => {
  let cli: HeadlessHost;
  beforeAll(async () => {
    cli = await startHeadlessHost();
  }, 60_000);
  afterAll(async () => cli?.dispose());

  it('refuses a rebinding Host, a foreign Origin and a text/plain POST, and still flies for its own page', async () => {
    const p = Number(new URL(cli.origin).port);
    const a = { authorization: `Bearer ${cli.token}` };
    expect((await httpRequest(p, { path: '/api/settings', headers: { ...a, host: `evil.example:${p}` } })).status).toBe(421);
    expect(await upgrade(p, cli.token, { origin: 'http://evil.example' })).toBe(403);
    const body = JSON.stringify({ text: 'heading two four zero' });
    expect((await httpRequest(p, { method: 'POST', path: '/api/command', headers: { ...a, 'content-type': 'text/plain' }, body })).status).toBe(415);
    const own = await httpRequest(p, { method: 'POST', path: '/api/command', headers: { ...a, origin: cli.origin, 'content-type': 'application/json' }, body });
    expect(commandResultSchema.parse(own.json).outcome.status).toBe('applied');
  });
});
