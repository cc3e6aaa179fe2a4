import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientMessageSchema, contractVersion, engineCommandSchema, settingsPatchSchema, type EngineState, type ServerMessage } from '../common/contract.js';
import { describeZodError } from '../../base/common/zodError.js';
import type { EngineApi } from '../common/engineApi.js';
import { LatestThrottle } from '../common/throttle.js';
import { HttpError, MAX_AUDIO_BYTES, readBody, readJson, requestToken, sendError, sendJson, tokenMatches } from './httpUtil.js';
import { serveStatic } from './staticFiles.js';

/** The overlay gets telemetry at most this often: smooth enough to read, cheap to draw. */
const UI_STATE_INTERVAL_MS = 100; // 10 Hz
/** Largest WebSocket message from a client: commands are small. */
const WS_MAX_PAYLOAD_BYTES = 64 * 1024;

export interface HeadlessOptions {
  engine: EngineApi;
  /** Folder with the built renderer (index.html). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  version: string;
  log?: (line: string) => void;
}

export interface HeadlessServer {
  url: string;
  overlayUrl: string;
  token: string;
  port: number;
  clients(): number;
  close(): Promise<void>;
}

/**
 * The headless host: the built overlay over HTTP and the contract over WebSocket, bound to
 * 127.0.0.1 unless the user opts in, every API and socket guarded by the session token.
 */
export async function startHeadless(opts: HeadlessOptions): Promise<HeadlessServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const host = opts.host ?? '127.0.0.1';
  const { engine } = opts;
  const log = opts.log ?? (() => {});
  const startedAt = Date.now();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) sendError(res, e.status, e.message);
      else {
        log(`api error: ${(e as Error).stack ?? String(e)}`);
        sendError(res, 500, `internal error: ${(e as Error).message}`);
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      if (!tokenMatches(token, requestToken(req, url))) throw new HttpError(401, 'missing or wrong session token');
      await handleApi(req, res, url.pathname);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    const served = await serveStatic(opts.rendererDir, url.pathname, res);
    if (!served) throw new HttpError(404, `not found: ${url.pathname}`);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const route = `${req.method ?? 'GET'} ${path}`;
    switch (route) {
      case 'GET /api/health':
        sendJson(res, 200, { ok: true, version: opts.version, contractVersion, uptimeS: (Date.now() - startedAt) / 1000 });
        return;
      case 'GET /api/state':
        sendJson(res, 200, engine.state());
        return;
      case 'GET /api/settings':
        sendJson(res, 200, engine.settings());
        return;
      case 'PATCH /api/settings':
      case 'PUT /api/settings': {
        const body = settingsPatchSchema.safeParse(await readJson(req));
        if (!body.success) throw new HttpError(400, `invalid settings: ${describeZodError(body.error)}`);
        try {
          sendJson(res, 200, await engine.updateSettings(body.data));
        } catch (e) {
          throw new HttpError(400, `invalid settings: ${(e as Error).message}`);
        }
        return;
      }
      case 'POST /api/command': {
        const body = await readJson(req);
        const parsed = engineCommandSchema.safeParse({ type: 'text', ...(isObject(body) ? body : { _: body }) });
        if (!isObject(body) || !parsed.success || parsed.data.type !== 'text') {
          throw new HttpError(400, `expected {"text": "..."}: ${parsed.success ? 'not an object' : describeZodError(parsed.error)}`);
        }
        const ac = abortOnClose(req, res);
        sendJson(res, 200, await engine.runText(parsed.data.text, ac.signal));
        return;
      }
      case 'POST /api/utterance': {
        const type = req.headers['content-type'] ?? '';
        if (!/audio\/(wav|wave|x-wav)/.test(type)) throw new HttpError(415, 'expected Content-Type: audio/wav');
        const body = await readBody(req, MAX_AUDIO_BYTES);
        const ac = abortOnClose(req, res);
        try {
          sendJson(res, 200, await engine.runUtterance(body, ac.signal));
        } catch (e) {
          if ((e as Error).name === 'WavError') throw new HttpError(400, (e as Error).message);
          throw e;
        }
        return;
      }
      default:
        if (['/api/health', '/api/state', '/api/settings', '/api/command', '/api/utterance'].includes(path)) {
          throw new HttpError(405, `${req.method ?? ''} not allowed on ${path}`);
        }
        throw new HttpError(404, `no such endpoint: ${path}`);
    }
  }

  // WebSocket: the contract, live.
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws' || !tokenMatches(token, requestToken(req, url))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws));
  });

  function send(ws: WebSocket, msg: ServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }

  let nextClient = 1;
  function onSocket(ws: WebSocket): void {
    sockets.add(ws);
    const client = `ws${nextClient++}`;
    let lastJson = '';
    const throttle = new LatestThrottle<EngineState>(UI_STATE_INTERVAL_MS, (state) => {
      const json = JSON.stringify(state);
      if (json === lastJson) return;
      lastJson = json;
      if (ws.readyState === ws.OPEN) ws.send(`{"kind":"state","state":${json}}`);
    });
    const initial = engine.state();
    lastJson = JSON.stringify(initial);
    send(ws, { kind: 'hello', contractVersion, state: initial });
    const offState = engine.onState((s) => throttle.push(s));
    const offEvent = engine.onEvent((event) => send(ws, { kind: 'event', event }));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send(ws, { kind: 'reply', id: -1, ok: false, error: 'binary messages are not part of the contract' });
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
      } catch (e) {
        send(ws, { kind: 'reply', id: -1, ok: false, error: `invalid JSON: ${(e as Error).message}` });
        return;
      }
      const parsed = clientMessageSchema.safeParse(raw);
      const id = isObject(raw) && typeof raw.id === 'number' ? raw.id : -1;
      if (!parsed.success) {
        send(ws, { kind: 'reply', id, ok: false, error: describeZodError(parsed.error) });
        return;
      }
      engine.execute(parsed.data.command, { client }).then(
        (result) => send(ws, { kind: 'reply', id, ok: true, result }),
        (e: unknown) => send(ws, { kind: 'reply', id, ok: false, error: (e as Error).message }),
      );
    });
    ws.on('close', () => {
      sockets.delete(ws);
      // A client that goes away while holding push-to-talk must not leave it held.
      engine.releaseClient(client);
      throttle.dispose();
      offState();
      offEvent();
    });
    ws.on('error', (e) => log(`websocket error: ${e.message}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;

  return {
    url,
    overlayUrl: `${url}/?token=${token}`,
    token,
    port,
    clients: () => sockets.size,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Aborts the turn if the client goes away before the answer. */
function abortOnClose(req: IncomingMessage, res: ServerResponse): AbortController {
  const ac = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) ac.abort(new Error('client closed the request'));
  });
  void req;
  return ac;
}
