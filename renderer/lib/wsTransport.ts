import { engineCommandSchema, serverMessageSchema, type ServerMessage } from '../../core/api/common/contract.js';
import { describeZodError } from '../../core/base/common/zodError.js';
import { reconnectDelayMs } from './backoff.js';
import type { CommandReply, EngineCommandInput, Transport, TransportSink } from './transport.js';

/** A command with no reply within this long is failed: the engine answers text turns well inside it. */
export const COMMAND_REPLY_TIMEOUT_MS = 30_000;
/** The close code the headless host sends when the session token was rotated (core/api/node/headlessServer.ts). */
export const WS_CLOSE_TOKEN_ROTATED = 4401;
/** What the page shows when the host refuses its token; it does not retry with that token. */
export const WRONG_TOKEN_REASON = 'The host no longer accepts the session token in this page\'s address. Open the overlay URL the host printed (or run `stratus token show`).';

/**
 * Asks the host whether it refuses the token: the HTTP status of GET /api/health with it, or
 * null when the host cannot be reached. A browser hides why a WebSocket upgrade failed (401 and
 * a host that is down both close with 1006); this one request tells them apart.
 */
export type TokenProbe = () => Promise<number | null>;

export function healthProbe(token: string, fetchFn: typeof fetch = (...a) => fetch(...a)): TokenProbe {
  return async () => {
    try {
      return (await fetchFn('/api/health', { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' })).status;
    } catch {
      return null;
    }
  };
}

/** Why a socket closed: the token is refused (stop), or anything else (retry with backoff). */
export async function closeCause(code: number, probe: TokenProbe): Promise<'unauthorized' | 'retry'> {
  if (code === WS_CLOSE_TOKEN_ROTATED) return 'unauthorized';
  if (code !== 1006) return 'retry';
  return (await probe()) === 401 ? 'unauthorized' : 'retry';
}

/** Parses one WebSocket frame against the contract. Returns the message or why it was refused. */
export function decodeServerMessage(raw: unknown): { ok: true; message: ServerMessage } | { ok: false; reason: string } {
  if (typeof raw !== 'string') return { ok: false, reason: 'binary frame' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = serverMessageSchema.safeParse(json);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, reason: describeZodError(parsed.error) };
}

/** Where the headless host is, from the page's own URL (the token rides in ?token=). */
export function endpointsFromLocation(loc: { protocol: string; host: string; search: string }): { wsUrl: string; token: string } {
  const token = new URLSearchParams(loc.search).get('token') ?? '';
  const wsProto = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return { wsUrl: `${wsProto}//${loc.host}/ws?token=${encodeURIComponent(token)}`, token };
}

interface Pending {
  resolve: (reply: CommandReply) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The headless host's WebSocket, reconnected with backoff; replies matched to commands by id. */
export class WsTransport implements Transport {
  readonly host = 'headless' as const;
  private socket: WebSocket | null = null;
  private sink: TransportSink | null = null;
  private attempt = 0;
  private nextId = 1;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(
    private readonly wsUrl: string,
    private readonly token: string,
    private readonly probe: TokenProbe = healthProbe(token),
  ) {}

  start(sink: TransportSink): void {
    this.sink = sink;
    this.connect();
  }

  private connect(): void {
    if (this.disposed) return;
    this.sink?.link('connecting');
    const ws = new WebSocket(this.wsUrl);
    this.socket = ws;
    ws.onmessage = (ev: MessageEvent) => this.onMessage(ev.data);
    ws.onclose = (ev: CloseEvent) => {
      this.socket = null;
      this.failPending('disconnected from the engine');
      const reason = ev.reason || (ev.code === 1006 ? 'host unreachable' : `closed (${ev.code})`);
      void closeCause(ev.code, this.probe).then((cause) => {
        if (this.disposed) return;
        if (cause === 'unauthorized') this.sink?.link('unauthorized', WRONG_TOKEN_REASON);
        else this.onClose(reason);
      });
    };
  }

  private onMessage(data: unknown): void {
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) {
      this.sink?.rejected(decoded.reason);
      return;
    }
    const msg = decoded.message;
    switch (msg.kind) {
      case 'hello':
        this.attempt = 0;
        this.sink?.state(msg.state);
        this.sink?.link('connected');
        break;
      case 'state':
        this.sink?.state(msg.state);
        break;
      case 'event':
        this.sink?.event(msg.event);
        break;
      case 'reply': {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        clearTimeout(p.timer);
        p.resolve({ ok: msg.ok, result: msg.result, error: msg.error });
        break;
      }
    }
  }

  private onClose(reason: string): void {
    this.socket = null;
    this.failPending('disconnected from the engine');
    if (this.disposed) return;
    const delayMs = reconnectDelayMs(this.attempt++);
    this.sink?.link('disconnected', `${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delayMs);
  }

  private failPending(error: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error });
      this.pending.delete(id);
    }
  }

  send(command: EngineCommandInput): Promise<CommandReply> {
    const checked = engineCommandSchema.safeParse(command);
    if (!checked.success) return Promise.resolve({ ok: false, error: describeZodError(checked.error) });
    const ws = this.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.resolve({ ok: false, error: 'not connected to the engine' });
    const id = this.nextId++;
    return new Promise<CommandReply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: 'no reply from the engine' });
      }, COMMAND_REPLY_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      ws.send(JSON.stringify({ id, command: checked.data }));
    });
  }

  async getSettings(): Promise<unknown> {
    const res = await fetch('/api/settings', { headers: { Authorization: `Bearer ${this.token}` } });
    if (!res.ok) throw new Error(`settings: HTTP ${res.status}`);
    return res.json();
  }

  dispose(): void {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.failPending('closed');
    this.socket?.close();
    this.socket = null;
  }
}
