import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { MAX_UTTERANCE_S } from '../../audio/common/wav.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientMessageSchema, contractVersion, engineCommandSchema, settingsPatchSchema, type EngineState, type ServerMessage } from '../common/contract.js';
import { describeZodError } from '../../base/common/zodError.js';
import type { EngineApi } from '../common/engineApi.js';
import { LatestThrottle } from '../common/throttle.js';
import { HostGuard } from './hostGuard.js';
import { HARDENING_HEADERS, HttpError, internalErrorText, isPublicError, newErrorId, readJson, requestToken, requireMediaType, sendError, sendJson, tokenMatches } from './httpUtil.js';
import { serveStatic } from './staticFiles.js';
import { readWavUpload } from './wavUpload.js';

/** The overlay gets telemetry at most this often: smooth enough to read, cheap to draw. */
const UI_STATE_INTERVAL_MS = 100; // 10 Hz
/** Largest WebSocket message from a client: commands are small. */
const WS_MAX_PAYLOAD_BYTES = 64 * 1024;
/** A whole request, upload included, arrives within this on loopback or a LAN; slower is a stuck or hostile client. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Headers arrive within this; longer holds a connection open for nothing (slowloris). */
const HEADERS_TIMEOUT_MS = 10_000;
/** What an upload may be named: WAV under its three common media types. */
const WAV_TYPES = ['audio/wav', 'audio/wave', 'audio/x-wav'];
/** How often a host with a token file looks for a rotation by another process (`stratus token rotate`): a stat, cheap. */
const TOKEN_FILE_CHECK_MS = 2_000;
/** WebSocket close code when the session token was rotated: the page's token is no longer valid (4000-4999 are the application's). */
export const WS_CLOSE_TOKEN_ROTATED = 4401;

/** Where the host's session token lives: fixed for the process, or a file that survives restarts and can be rotated. */
export interface TokenSource {
  current(): string;
  rotate(): Promise<string>;
}

export interface HeadlessOptions {
  engine: EngineApi;
  /** Folder with the built renderer (index.html). */
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** The install's token store (core/config/node/sessionToken.ts); without it, `token` or a random one for this process. */
  tokens?: TokenSource;
  version: string;
  log?: (line: string) => void;
}

export interface HeadlessServer {
  url: string;
  readonly overlayUrl: string;
  /** The settings page under the same token (the headless host prints it beside the overlay's). */
  readonly settingsUrl: string;
  readonly token: string;
  port: number;
  clients(): number;
  close(): Promise<void>;
}

/**
 * The headless host: the built overlay over HTTP and the contract over WebSocket, bound to
 * 127.0.0.1 unless the user opts in, every API and socket guarded by the session token.
 */
export async function startHeadless(opts: HeadlessOptions): Promise<HeadlessServer> {
  const tokens: TokenSource = opts.tokens ?? fixedToken(opts.token ?? randomBytes(24).toString('base64url'));
  const host = opts.host ?? '127.0.0.1';
  const { engine } = opts;
  const log = opts.log ?? (() => {});
  const startedAt = Date.now();

  /** Set once listening: the port and bound address are known then, before any request. */
  // eslint-disable-next-line prefer-const -- assigned below once listening; the handlers that read it run only after that
  let guard: HostGuard | undefined;

  /** The message a client may see: a user-facing error's own, else a generic one with an id that the log holds beside the details. */
  function publicText(e: unknown, where: string): string {
    if (isPublicError(e)) return e.message;
    const id = newErrorId();
    log(`${where} error ${id}: ${(e as Error | undefined)?.stack ?? String(e)}`);
    return internalErrorText(id);
  }

  const server: Server = createServer((req, res) => {
    for (const [name, value] of Object.entries(HARDENING_HEADERS)) res.setHeader(name, value);
    handle(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) sendError(res, e.status, e.message);
      else sendError(res, 500, publicText(e, 'api'));
    });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  // Malformed requests, huge headers, timeouts: a JSON answer like every other, then close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    refuseRaw(socket, status, status === 431 ? 'request headers too large' : status === 408 ? 'request took too long' : 'malformed HTTP request');
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = guard!.check(req.headers);
    if (!verdict.ok) throw new HttpError(verdict.status, verdict.reason);
    // No CORS: a preflight gets no Access-Control-Allow-* and so a cross-origin page gets nothing.
    if (req.method === 'OPTIONS') throw new HttpError(405, 'OPTIONS not allowed: this host answers no cross-origin (CORS) requests');
    const url = requestUrl(req);
    if (url.pathname.startsWith('/api/')) {
      if (!tokenMatches(tokens.current(), requestToken(req, url))) throw new HttpError(401, 'missing or wrong session token');
      await handleApi(req, res, url.pathname);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    const served = await serveStatic(opts.rendererDir, url.pathname, res, { wsOrigin: `ws://${(req.headers.host ?? '').toLowerCase()}` });
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
          // Valid settings the folder would not take (read-only, full): nothing was applied; a server-side problem.
          if ((e as Error).name === 'ConfigSaveError') throw new HttpError(503, (e as Error).message);
          if ((e as Error).name === 'ConfigError') throw new HttpError(400, `invalid settings: ${(e as Error).message}`);
          throw e;
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
      case 'GET /api/history':
        sendJson(res, 200, await engine.execute({ type: 'historyList' }));
        return;
      case 'POST /api/history/undo': {
        const body = await readJson(req);
        const parsed = engineCommandSchema.safeParse({ ...(isObject(body) ? body : {}), type: 'historyUndo' });
        if (!isObject(body) || !parsed.success || parsed.data.type !== 'historyUndo') {
          throw new HttpError(400, `expected {"turnId": "..."}: ${parsed.success ? 'not an object' : describeZodError(parsed.error)}`);
        }
        sendJson(res, 200, await engine.execute(parsed.data));
        return;
      }
      // The pilot's own commands (core/custom): the same contract commands the Settings editor sends.
      case 'GET /api/custom-commands':
        sendJson(res, 200, await engine.execute({ type: 'customList' }));
        return;
      case 'GET /api/custom-commands/export':
        sendJson(res, 200, await engine.execute({ type: 'customExport', all: false }));
        return;
      case 'POST /api/custom-commands':
      case 'POST /api/custom-commands/delete':
      case 'POST /api/custom-commands/import': {
        const body = await readJson(req);
        const type = ({ 'POST /api/custom-commands': 'customSave', 'POST /api/custom-commands/delete': 'customDelete', 'POST /api/custom-commands/import': 'customImport' } as const)[route];
        const parsed = engineCommandSchema.safeParse({ ...(isObject(body) ? body : {}), type });
        if (!isObject(body) || !parsed.success) {
          const want = { customSave: '{"command": {...}}', customDelete: '{"id": "..."}', customImport: '{"text": "..."}' }[type];
          throw new HttpError(400, `expected ${want}: ${parsed.success ? 'not an object' : describeZodError(parsed.error)}`);
        }
        const result: unknown = await engine.execute(parsed.data);
        // A command or file that does not validate is a bad payload: 400 with the reasons, nothing written.
        if (isObject(result) && result.ok === false && Array.isArray(result.problems)) {
          const problems = result.problems as Array<{ id: string; reason: string }>;
          throw new HttpError(400, problems.map((p) => (p.id === '*' || p.id === '?' ? p.reason : `${p.id}: ${p.reason}`)).join('; '));
        }
        sendJson(res, 200, result);
        return;
      }
      case 'POST /api/utterance': {
        requireMediaType(req, WAV_TYPES);
        const maxDurationS = Math.min(engine.settings().audio.maxUtteranceS, MAX_UTTERANCE_S);
        const body = await readWavUpload(req, { maxDurationS, setting: 'audio.maxUtteranceS' });
        const ac = abortOnClose(req, res);
        try {
          sendJson(res, 200, await engine.runUtterance(body, ac.signal));
        } catch (e) {
          if ((e as Error).name === 'WavError') throw new HttpError(400, (e as Error).message);
          throw e;
        }
        return;
      }
      case 'POST /api/token/rotate': {
        // The request carried the current token (checked above); the answer is the only place the new one is sent.
        const next = await tokens.rotate();
        log('session token rotated from Settings: pages open with the old token were told to reload');
        sendJson(res, 200, { token: next, overlayUrl: `${url}/?token=${next}`, settingsUrl: `${url}/settings.html?token=${next}` });
        endSessions();
        return;
      }
      default:
        if (['/api/health', '/api/token/rotate', '/api/state', '/api/settings', '/api/command', '/api/utterance', '/api/history', '/api/history/undo', '/api/custom-commands', '/api/custom-commands/export', '/api/custom-commands/delete', '/api/custom-commands/import'].includes(path)) {
          throw new HttpError(405, `${req.method ?? ''} not allowed on ${path}`);
        }
        throw new HttpError(404, `no such endpoint: ${path}`);
    }
  }

  // WebSocket: the contract, live.
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const verdict = guard!.check(req.headers);
    if (!verdict.ok) return refuseRaw(socket, verdict.status, verdict.reason);
    let url: URL;
    try {
      url = requestUrl(req);
    } catch (e) {
      return refuseRaw(socket, 400, (e as Error).message);
    }
    if (url.pathname !== '/ws') return refuseRaw(socket, 404, `no WebSocket at ${url.pathname.slice(0, 80)}`);
    if (!tokenMatches(tokens.current(), requestToken(req, url))) return refuseRaw(socket, 401, 'missing or wrong session token');
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
        (e: unknown) => send(ws, { kind: 'reply', id, ok: false, error: publicText(e, `websocket ${client}`) }),
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
  const address = server.address() as AddressInfo;
  const port = address.port;
  guard = new HostGuard({ bind: [host, address.address], port });
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;

  /** Pages open under a token that was just rotated away: told so (they show "wrong token"), never left running on it. */
  let tokenInUse = tokens.current();
  function endSessions(): void {
    tokenInUse = tokens.current();
    for (const ws of sockets) ws.close(WS_CLOSE_TOKEN_ROTATED, 'session token rotated');
  }
  const tokenWatch = opts.tokens
    ? setInterval(() => {
        if (tokens.current() !== tokenInUse) endSessions();
      }, TOKEN_FILE_CHECK_MS)
    : null;
  tokenWatch?.unref();

  return {
    url,
    get overlayUrl() {
      return `${url}/?token=${tokens.current()}`;
    },
    get settingsUrl() {
      return `${url}/settings.html?token=${tokens.current()}`;
    },
    get token() {
      return tokens.current();
    },
    port,
    clients: () => sockets.size,
    close: async () => {
      if (tokenWatch) clearInterval(tokenWatch);
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's path and query; a request line that is not one is a 400, never a throw. */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    throw new HttpError(400, 'malformed request path');
  }
}

/** Answers on a raw socket (an upgrade, or a request Node could not parse) with a JSON error, then closes it. */
function refuseRaw(socket: Duplex, status: number, reason: string): void {
  if (!socket.writable || socket.destroyed) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: reason });
  const headers = Object.entries(HARDENING_HEADERS).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n${headers}\r\n${body}`,
  );
}

function fixedToken(token: string): TokenSource {
  return {
    current: () => token,
    rotate: () => Promise.reject(new HttpError(409, 'this host has a fixed session token; restart it to get a new one')),
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
