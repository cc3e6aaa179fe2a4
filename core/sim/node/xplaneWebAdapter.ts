import WebSocket from 'ws';
import { allWrites, type SimCapabilities } from '../common/adapter.js';
import type { AircraftProfile } from '../common/aircraftProfile.js';
import { LinkAdapterBase } from '../common/linkAdapterBase.js';
import type { SimAction } from '../common/simAction.js';
import { emptySimState, type SimState } from '../common/simState.js';
import { applyXplaneValues, xplaneNumericDatarefs, xplaneWritesFor } from '../common/xplaneDatarefs.js';
import { readCappedJson } from './cappedBody.js';
import { lookupQuery, parseLookup, parseWebMessage, splitDatarefPath, webValueNumber, webValueText, type WebRef, type WebRequest } from '../common/xplaneWebApi.js';

export interface XplaneWebOptions {
  host: string;
  port: number;
  staleAfterMs: number;
  profile?: AircraftProfile;
}

const REST_TIMEOUT_MS = 2000; // a local REST lookup answers in milliseconds; a hung sim must not stall us
const RECONNECT_INTERVAL_MS = 1000;
/** A WebSocket that opens no faster than this is given up and retried (a hung or hostile peer). */
const WS_HANDSHAKE_TIMEOUT_MS = 3000;
/**
 * Largest REST answer read from X-Plane: our lookups name about 50 datarefs (a few kB); a peer
 * sending more is refused before it can grow memory (a 400 MB "dataref list").
 */
export const MAX_REST_BODY_BYTES = 1 << 20;
/** Largest WebSocket message: one update of our ~50 subscriptions is a few kB; ws closes the link (1009) beyond this. */
export const MAX_WS_MESSAGE_BYTES = 1 << 20;
/** Extra reads only the web API gives: full-precision position and the aircraft's identity as text. */
const LAT = 'sim/flightmodel/position/latitude';
const LON = 'sim/flightmodel/position/longitude';
const ICAO = 'sim/aircraft/view/acf_ICAO';
const UI_NAME = 'sim/aircraft/view/acf_ui_name';

/**
 * X-Plane 12.1.4+ through its local web API: dataref IDs looked up over REST, values streamed
 * over one WebSocket, writes as dataref_set_values / command_set_is_active. IDs are per session,
 * so every (re)connect looks them up again.
 */
export class XplaneWebAdapter extends LinkAdapterBase {
  readonly capabilities: SimCapabilities = { reads: new Set(Object.keys(emptySimState()) as (keyof SimState)[]), writes: allWrites() };
  private ws: WebSocket | undefined;
  private connecting = false;
  private lastAttemptAt = -Infinity;
  private reqId = 1;
  private readonly refs = new Map<string, WebRef>();
  private readonly commandIds = new Map<string, number>();
  /** dataref id -> our numeric index (or a name for the extras). */
  private readonly byId = new Map<number, number | string>();
  private readonly raw = new Float64Array(xplaneNumericDatarefs.length);
  private readonly seen = new Uint8Array(xplaneNumericDatarefs.length);
  private icao = '';
  private uiName = '';
  private latDeg: number | undefined;
  private lonDeg: number | undefined;

  constructor(private readonly options: XplaneWebOptions) {
    super({ kind: 'xplane-web', staleAfterMs: options.staleAfterMs, ...(options.profile ? { profile: options.profile } : {}) });
  }

  protected describe(): string {
    return `X-Plane web API at ${this.options.host}:${this.options.port}`;
  }

  private base(): string {
    return `http://${this.options.host}:${this.options.port}`;
  }

  async start(): Promise<void> {
    this.startWatch();
    await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.connecting || this.ws || this.disposed) return;
    this.connecting = true;
    this.lastAttemptAt = this.now();
    try {
      const names = [...new Set([...xplaneNumericDatarefs.map((d) => splitDatarefPath(d.path).name), LAT, LON, ICAO, UI_NAME])];
      const res = await fetch(this.base() + lookupQuery('datarefs', names), { signal: AbortSignal.timeout(REST_TIMEOUT_MS), headers: { Accept: 'application/json' } });
      if (!res.ok) throw new Error(`dataref lookup answered HTTP ${res.status}`);
      const refs = parseLookup(await readCappedJson(res, MAX_REST_BODY_BYTES));
      this.refs.clear();
      for (const [k, v] of refs) this.refs.set(k, v);
      this.commandIds.clear();
      await this.openSocket();
    } catch (err) {
      this.setPhase(this.connection().phase === 'searching' ? 'searching' : 'reconnecting', `X-Plane web API: ${(err as Error).message}`);
    } finally {
      this.connecting = false;
    }
  }

  private openSocket(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${this.options.host}:${this.options.port}/api/v2`, { maxPayload: MAX_WS_MESSAGE_BYTES, handshakeTimeout: WS_HANDSHAKE_TIMEOUT_MS });
      ws.once('open', () => {
        this.ws = ws;
        this.subscribe(ws);
        resolve();
      });
      ws.on('error', (err) => {
        if (this.ws === ws) this.setPhase(this.connection().phase, `X-Plane web API: ${err.message}`);
        else reject(err);
      });
      ws.on('message', (data: WebSocket.RawData) => this.onMessage(data));
      ws.on('close', () => {
        reject(new Error('the WebSocket closed before it opened'));
        if (this.ws !== ws) return;
        this.ws = undefined;
        if (this.disposed) return;
        this.readbacks.failAll('X-Plane web API connection closed');
        this.setPhase('lost', 'X-Plane closed the web API connection');
        this.setPhase('reconnecting', 'waiting for X-Plane');
      });
    });
  }

  private subscribe(ws: WebSocket): void {
    this.byId.clear();
    const datarefs: Array<{ id: number; index?: number[] }> = [];
    xplaneNumericDatarefs.forEach((d, i) => {
      const { name, index } = splitDatarefPath(d.path);
      const ref = this.refs.get(name);
      if (!ref) return;
      // One subscription per id: an array element is subscribed with its index and mapped back.
      this.byId.set(ref.id, i);
      datarefs.push({ id: ref.id, ...(index !== undefined ? { index: [index] } : {}) });
    });
    for (const extra of [LAT, LON, ICAO, UI_NAME]) {
      const ref = this.refs.get(extra);
      if (!ref) continue;
      this.byId.set(ref.id, extra);
      datarefs.push({ id: ref.id });
    }
    this.send(ws, { req_id: this.reqId++, type: 'dataref_subscribe_values', params: { datarefs } });
  }

  private send(ws: WebSocket, req: WebRequest): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(req));
  }

  /** Every frame is untrusted: whatever it holds, it is used or counted as dropped, never thrown. */
  private onMessage(data: WebSocket.RawData): void {
    this.safely(() => this.handleMessage(data));
  }

  private handleMessage(data: WebSocket.RawData): void {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const msg = parseWebMessage(text);
    if (!msg) return this.dropped();
    if (msg.type === 'result') {
      if (!msg.success) this.setPhase(this.connection().phase, `X-Plane refused a request: ${msg.error_message ?? msg.error_code ?? 'unknown'}`);
      return;
    }
    let any = false;
    for (const [idText, value] of Object.entries(msg.data)) {
      const target = this.byId.get(Number(idText));
      if (target === undefined) continue;
      if (target === ICAO || target === UI_NAME) {
        const text = webValueText(value);
        if (text === undefined) continue; // not base64 / not bytes: this field is ignored, the rest still count
        if (target === ICAO) this.icao = text;
        else this.uiName = text;
        any = true;
        continue;
      }
      const n = webValueNumber(value);
      if (n === undefined) continue;
      any = true;
      if (target === LAT) this.latDeg = n;
      else if (target === LON) this.lonDeg = n;
      else if (typeof target === 'number') {
        this.raw[target] = n;
        this.seen[target] = 1;
      }
    }
    if (!any) return this.dropped();
    this.received();
    const next = this.current; // updated in place (see LinkAdapterBase)
    applyXplaneValues(next, this.raw, this.seen, this.profile);
    if (this.latDeg !== undefined) next.latDeg = this.latDeg;
    if (this.lonDeg !== undefined) next.lonDeg = this.lonDeg;
    next.aircraftTitle = this.uiName && this.icao ? `${this.uiName} (${this.icao})` : this.uiName || this.icao;
    next.timestampMs = performance.timeOrigin + performance.now();
    this.publish();
  }

  protected sendAction(action: SimAction): string | undefined {
    const ws = this.ws;
    if (!ws) return 'X-Plane web API is not connected';
    for (const w of xplaneWritesFor(action, this.current, this.profile)) {
      if (w.kind === 'dref') {
        const { name, index } = splitDatarefPath(w.path);
        const ref = this.refs.get(name);
        if (!ref && action.type === 'custom') {
          void this.runCustomDataref(ws, name, w.value, index);
          continue;
        }
        if (!ref) return `X-Plane has no dataref ${name}`;
        this.send(ws, { req_id: this.reqId++, type: 'dataref_set_values', params: { datarefs: [{ id: ref.id, value: w.value, ...(index !== undefined ? { index } : {}) }] } });
      } else {
        void this.runCommand(ws, w.command);
      }
    }
    return undefined;
  }

  /** A pilot's own dataref (not one Stratus reads): looked up on first use, then written. */
  private async runCustomDataref(ws: WebSocket, name: string, value: number, index: number | undefined): Promise<void> {
    let ref = this.refs.get(name);
    if (!ref) {
      try {
        const res = await fetch(this.base() + lookupQuery('datarefs', [name]), { signal: AbortSignal.timeout(REST_TIMEOUT_MS), headers: { Accept: 'application/json' } });
        ref = parseLookup(await readCappedJson(res, MAX_REST_BODY_BYTES)).get(name);
      } catch {
        ref = undefined;
      }
      if (!ref) return; // already reported as sent: a custom write has no readback to fail
      this.refs.set(name, ref);
    }
    this.send(ws, { req_id: this.reqId++, type: 'dataref_set_values', params: { datarefs: [{ id: ref.id, value, ...(index !== undefined ? { index } : {}) }] } });
  }

  /** Commands are looked up on first use (there are thousands), then activated for one press. */
  private async runCommand(ws: WebSocket, command: string): Promise<void> {
    let id = this.commandIds.get(command);
    if (id === undefined) {
      try {
        const res = await fetch(this.base() + lookupQuery('commands', [command]), { signal: AbortSignal.timeout(REST_TIMEOUT_MS) });
        id = parseLookup(await readCappedJson(res, MAX_REST_BODY_BYTES)).get(command)?.id;
      } catch {
        id = undefined;
      }
      if (id === undefined) return this.readbacks.failAll(`X-Plane has no command ${command}`);
      this.commandIds.set(command, id);
    }
    this.send(ws, { req_id: this.reqId++, type: 'command_set_is_active', params: { commands: [{ id, is_active: true, duration: 0 }] } });
  }

  protected override onLost(): void {
    this.ws?.terminate();
    this.ws = undefined;
  }

  protected override onRetry(): void {
    if (!this.ws && this.now() - this.lastAttemptAt >= RECONNECT_INTERVAL_MS) void this.connect();
  }

  override async dispose(): Promise<void> {
    if (this.disposed) return;
    await super.dispose();
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      this.send(ws, { req_id: this.reqId++, type: 'dataref_unsubscribe_values', params: { datarefs: 'all' } });
      ws.close();
    }
  }
}
