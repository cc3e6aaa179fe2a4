/**
 * The X-Plane 12 local web API (REST + WebSocket, API v2) in front of an XplanePeer's dataref
 * table: name -> id lookups, dataref_subscribe_values answered with dataref_update_values at
 * 20 Hz, dataref_set_values and command_set_is_active applied to the peer.
 */
import http from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { XplanePeer } from './xplanePeer.js';

const UPDATE_HZ = 20;
const TEXT_DATAREFS = new Set(['sim/aircraft/view/acf_ICAO', 'sim/aircraft/view/acf_ui_name']);

export class XplaneWebPeer {
  private server: http.Server | undefined;
  private wss: WebSocketServer | undefined;
  private readonly ids = new Map<string, number>();
  private readonly names = new Map<number, string>();
  private readonly timers = new Set<ReturnType<typeof setInterval>>();
  readonly requests: string[] = [];
  /**
   * Misbehaving modes (a hostile or broken X-Plane, for hardening tests): `icaoText` is sent as the
   * ICAO dataref's value instead of its base64 (e.g. text that is not base64); `lookupBodyBytes`
   * makes the dataref lookup answer a streamed body of that many bytes with no Content-Length.
   */
  readonly misbehave: { icaoText?: string; lookupBodyBytes?: number } = {};
  /** Bytes of an oversized lookup body actually written (the client should stop reading early). */
  lookupBytesSent = 0;

  constructor(private readonly peer: XplanePeer, private readonly icao = 'C172', private readonly uiName = 'Cessna Skyhawk') {}

  async start(port = 0): Promise<number> {
    const server = http.createServer((req, res) => this.onHttp(req, res));
    this.server = server;
    this.wss = new WebSocketServer({ server, path: '/api/v2' });
    this.wss.on('connection', (ws) => this.onSocket(ws));
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
    return this.port;
  }

  get port(): number {
    return (this.server?.address() as { port: number } | null)?.port ?? 0;
  }

  /** Drops every WebSocket client (X-Plane quitting) and forgets the ids (a new session). */
  dropClients(): void {
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.ids.clear();
    this.names.clear();
  }

  async dispose(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.dropClients();
    await new Promise<void>((r) => (this.wss ? this.wss.close(() => r()) : r()));
    const server = this.server;
    if (server) await new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));
  }

  /** Sends one raw frame, whatever it holds, to every WebSocket client. */
  inject(frame: string | Buffer): void {
    for (const c of this.wss?.clients ?? []) c.send(frame);
  }

  /** Number of WebSocket clients connected now. */
  get clientCount(): number {
    return this.wss?.clients.size ?? 0;
  }

  /** Streams `total` bytes of a never-ending JSON array, as fast as the client reads it. */
  private streamHuge(res: http.ServerResponse, total: number): void {
    const chunk = Buffer.from(`{"id":1,"name":"${'x'.repeat(1000)}"},`);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{"data":[');
    const pump = (): void => {
      while (this.lookupBytesSent < total) {
        this.lookupBytesSent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end('{}]}');
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  }

  private id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = 1_000_000 + this.ids.size * 7;
      this.ids.set(name, id);
      this.names.set(id, name);
    }
    return id;
  }

  private onHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push(url.pathname);
    const json = (code: number, body: unknown): void => {
      res.writeHead(code, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/capabilities') return json(200, { api: { versions: ['v1', 'v2'] }, 'x-plane': { version: '12.1.4' } });
    const kind = /^\/api\/v2\/(datarefs|commands)$/.exec(url.pathname)?.[1];
    if (!kind) return json(404, { error_code: 'route_not_found' });
    if (kind === 'datarefs' && this.misbehave.lookupBodyBytes) return this.streamHuge(res, this.misbehave.lookupBodyBytes);
    const data = url.searchParams.getAll('filter[name]').map((name) => ({
      id: this.id(name),
      name,
      ...(kind === 'datarefs' ? { value_type: TEXT_DATAREFS.has(name) ? 'data' : 'float' } : {}),
    }));
    json(200, { data });
  }

  private onSocket(ws: WebSocket): void {
    const subs = new Map<number, number | undefined>();
    const timer = setInterval(() => {
      if (subs.size === 0) return;
      const data: Record<string, number | number[] | string> = {};
      for (const [id, index] of subs) {
        const name = this.names.get(id) ?? '';
        if (name.endsWith('ICAO') && this.misbehave.icaoText !== undefined) data[id] = this.misbehave.icaoText;
        else if (TEXT_DATAREFS.has(name)) data[id] = Buffer.from(name.endsWith('ICAO') ? this.icao : this.uiName, 'latin1').toString('base64');
        else if (index !== undefined) data[id] = [this.peer.value(`${name}[${index}]`)];
        else if (name === 'sim/flightmodel/position/latitude') data[id] = 21.3187;
        else if (name === 'sim/flightmodel/position/longitude') data[id] = -157.9224;
        else data[id] = this.peer.value(name);
      }
      ws.send(JSON.stringify({ type: 'dataref_update_values', data }));
    }, 1000 / UPDATE_HZ);
    this.timers.add(timer);
    ws.on('close', () => (clearInterval(timer), this.timers.delete(timer)));
    ws.on('message', (raw: Buffer) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        return;
      }
      const msg = parsed as { req_id: number; type: string; params: Record<string, unknown> };
      const ok = (): void => ws.send(JSON.stringify({ type: 'result', req_id: msg.req_id, success: true }));
      if (msg.type === 'dataref_subscribe_values') {
        for (const d of msg.params.datarefs as Array<{ id: number; index?: number[] }>) subs.set(d.id, d.index?.[0]);
        return ok();
      }
      if (msg.type === 'dataref_unsubscribe_values') return (subs.clear(), ok());
      if (msg.type === 'dataref_set_values') {
        for (const d of msg.params.datarefs as Array<{ id: number; value: number; index?: number }>) {
          const name = this.names.get(d.id);
          if (name) this.peer.datarefs.set(d.index !== undefined ? `${name}[${d.index}]` : name, d.value);
        }
        return ok();
      }
      if (msg.type === 'command_set_is_active') {
        for (const c of msg.params.commands as Array<{ id: number; is_active: boolean }>) {
          const name = this.names.get(c.id);
          if (name && c.is_active) this.peer.runCommand(name);
        }
        return ok();
      }
      ws.send(JSON.stringify({ type: 'result', req_id: msg.req_id, success: false, error_code: 'invalid_request' }));
    });
  }
}
