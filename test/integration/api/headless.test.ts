import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { commandResultSchema, contractVersion, engineStateSchema, serverMessageSchema, type ServerMessage } from '../../../core/api/common/contract.js';
import { startHeadless, type HeadlessServer } from '../../../core/api/node/headlessServer.js';
import { createEngine, type Engine } from '../../../core/engine.js';

let home: string;
let engine: Engine;
let server: HeadlessServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'stratus-headless-'));
  const rendererDir = join(home, 'renderer');
  await import('node:fs/promises').then((fs) => fs.mkdir(rendererDir));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stratus overlay</title>');
  writeFileSync(join(home, 'secret.txt'), 'not for the web');
  engine = await createEngine({ configPath: join(home, 'config.json'), sim: 'demo', speech: false, env: { STRATUS_SIM_DEMORATEHZ: '50' } });
  await engine.ready();
  server = await startHeadless({ engine, rendererDir, version: 'test' });
});

afterAll(async () => {
  await server.close();
  await engine.dispose();
  rmSync(home, { recursive: true, force: true });
});

async function api(path: string, init: RequestInit & { token?: string | null } = {}): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? server.token : init.token;
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(`${server.url}${path}`, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

const postJson = (path: string, body: string, contentType = 'application/json') =>
  api(path, { method: 'POST', body, headers: { 'content-type': contentType } });

describe('headless HTTP API', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.overlayUrl).toBe(`${server.url}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses every API call without the right token', async () => {
    for (const path of ['/api/health', '/api/state', '/api/settings']) {
      expect((await api(path, { token: null })).status).toBe(401);
      expect((await api(path, { token: 'wrong' })).status).toBe(401);
    }
    const viaQuery = await api(`/api/health?token=${server.token}`, { token: null });
    expect(viaQuery.status).toBe(200);
  });

  it('reports health and a state that matches the contract', async () => {
    const health = await api('/api/health');
    expect(health.body).toMatchObject({ ok: true, contractVersion });
    const state = await api('/api/state');
    const parsed = engineStateSchema.parse(state.body);
    expect(parsed.sim.kind).toBe('demo');
    expect(parsed.sim.phase).toBe('connected');
    expect(parsed.telemetry.altitudeFt).toBeGreaterThan(1000);
  });

  it('runs a text command that turns the demo aircraft, confirmed by readback', async () => {
    const res = await postJson('/api/command', JSON.stringify({ text: 'heading two seven zero' }));
    expect(res.status).toBe(200);
    const result = commandResultSchema.parse(res.body);
    expect(result.intent).toBe('set ap.heading 270');
    expect(result.outcome.status).toBe('applied');
    expect(result.reply.toLowerCase()).toContain('two seven zero');
    expect(result.metrics.map((m) => m.stage)).toEqual(expect.arrayContaining(['intent', 'sim']));
    expect(result.headline.releaseToActionMs).toBeGreaterThan(0);
    const state = engineStateSchema.parse((await api('/api/state')).body);
    expect(state.telemetry.apHeadingDegMag).toBe(270);
  });

  it('answers bad requests with a 4xx and a reason, and the engine carries on', async () => {
    const cases: Array<[Promise<{ status: number; body: unknown }>, number, RegExp]> = [
      [postJson('/api/command', '{"text": '), 400, /invalid JSON/],
      [postJson('/api/command', JSON.stringify({ text: 'gear down', extra: 1 })), 400, /extra|Unrecognized/i],
      [postJson('/api/command', JSON.stringify({ text: '' })), 400, /text/],
      [postJson('/api/command', JSON.stringify(['heading'])), 400, /expected/],
      [postJson('/api/command', JSON.stringify({ text: 'x'.repeat(1_100_000) })), 413, /limit/],
      [postJson('/api/command', JSON.stringify({ text: 'gear down' }), 'text/plain'), 415, /application\/json/],
      [api('/api/command'), 405, /not allowed/],
      [api('/api/nothing'), 404, /no such endpoint/],
      [api('/api/settings', { method: 'PATCH', body: JSON.stringify({ ptt: { mode: 'nope' } }), headers: { 'content-type': 'application/json' } }), 400, /ptt\.mode/],
    ];
    for (const [p, status, reason] of cases) {
      const res = await p;
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect((res.body as { error: string }).error).toMatch(reason);
    }
    const ok = await postJson('/api/command', JSON.stringify({ text: 'heading one eight zero' }));
    expect(commandResultSchema.parse(ok.body).outcome.status).toBe('applied');
  });

  it('changes settings through the API with validation', async () => {
    const res = await api('/api/settings', { method: 'PATCH', body: JSON.stringify({ overlay: { showTextInput: false } }), headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(engine.state().ui.showTextInput).toBe(false);
    await engine.updateSettings({ overlay: { showTextInput: true } });
  });

  it('serves the overlay files but nothing outside the renderer folder', async () => {
    const page = await fetch(`${server.url}/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stratus overlay');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/../secret.txt' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
    expect((await fetch(`${server.url}/%2e%2e/secret.txt`)).status).toBe(404);
  });
});

describe('headless WebSocket', () => {
  function connect(token: string): Promise<{ ws: WebSocket; messages: ServerMessage[]; next: (pred: (m: ServerMessage) => boolean) => Promise<ServerMessage> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`);
      const messages: ServerMessage[] = [];
      const waiters: Array<{ pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];
      ws.on('message', (d) => {
        const m = serverMessageSchema.parse(JSON.parse((d as Buffer).toString('utf8')));
        messages.push(m);
        for (const w of [...waiters]) if (w.pred(m)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      });
      const next = (pred: (m: ServerMessage) => boolean) =>
        new Promise<ServerMessage>((res) => {
          const found = messages.find(pred);
          if (found) res(found);
          else waiters.push({ pred, resolve: res });
        });
      ws.once('open', () => resolve({ ws, messages, next }));
      ws.once('error', reject);
    });
  }

  it('refuses a socket without the token', async () => {
    await expect(connect('wrong')).rejects.toThrow(/401/);
  });

  it('says hello with the state, streams throttled state, and runs commands', async () => {
    const { ws, messages, next } = await connect(server.token);
    const hello = await next((m) => m.kind === 'hello');
    expect(hello.kind === 'hello' && hello.state.contractVersion).toBe(contractVersion);
    await next((m) => m.kind === 'state');
    ws.send(JSON.stringify({ id: 7, command: { type: 'text', text: 'climb and maintain six thousand' } }));
    const reply = await next((m) => m.kind === 'reply' && m.id === 7);
    expect(reply.kind === 'reply' && reply.ok).toBe(true);
    expect(messages.some((m) => m.kind === 'event' && m.event.type === 'turnEnded')).toBe(true);
    ws.send('not json');
    const bad = await next((m) => m.kind === 'reply' && m.id === -1);
    expect(bad.kind === 'reply' && bad.error).toMatch(/invalid JSON/);
    ws.send(JSON.stringify({ id: 8, command: { type: 'launchMissiles' } }));
    const bad2 = await next((m) => m.kind === 'reply' && m.id === 8);
    expect(bad2.kind === 'reply' && bad2.ok).toBe(false);
    // The demo sim ticks at 50 Hz; the socket must carry at most ~10 states per second.
    const before = messages.filter((m) => m.kind === 'state').length;
    const t0 = performance.now();
    await next((m) => m.kind === 'state' && messages.filter((x) => x.kind === 'state').length >= before + 11);
    const rateHz = 11 / ((performance.now() - t0) / 1000);
    expect(rateHz).toBeLessThanOrEqual(15);
    ws.close();
  });
});
