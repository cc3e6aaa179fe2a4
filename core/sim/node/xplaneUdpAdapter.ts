import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { allWrites, type SimCapabilities, type Unsubscribe } from '../common/adapter.js';
import { Emitter } from '../../base/common/emitter.js';
import type { AircraftProfile } from '../common/aircraftProfile.js';
import { LinkAdapterBase } from '../common/linkAdapterBase.js';
import type { SimAction } from '../common/simAction.js';
import { emptySimState, type SimState } from '../common/simState.js';
import {
  applyXplaneValues, XPLANE_STRING_RATE_HZ, XPLANE_SUBSCRIPTION_COUNT, xplaneNumericDatarefs, xplaneSubscriptions, xplaneTitle, xplaneWritesFor,
} from '../common/xplaneDatarefs.js';
import { type Rpos, decodeRpos, decodeRrefReplyInto, encodeCmnd, encodeDref, encodeRposRequest, encodeRrefRequest, RREF_MAX_VALUES } from '../common/xplaneUdp.js';

/** Room for bursts (a sim catching up after a stall) without the kernel dropping datagrams. */
const RECV_BUFFER_BYTES = 1 << 20;

export interface XplaneUdpOptions {
  host: string;
  port: number;
  rateHz: number;
  staleAfterMs: number;
  profile?: AircraftProfile;
  /** X-Plane version text from its beacon, for the status line. */
  versionText?: string;
}

/** While searching or reconnecting, subscriptions are re-sent this often (X-Plane forgets them on restart). */
const RESUBSCRIBE_INTERVAL_MS = 1000;
const M_TO_FT = 3.280839895;
/**
 * RPOS is its own datagram and often wakes the worker on its own. Five double-precision fixes a
 * second (25 m apart at 250 kt) is all position is used for (context for questions, the
 * recorder); more only costs CPU.
 */
const RPOS_MAX_HZ = 5;
const AGL_INDEX = xplaneNumericDatarefs.findIndex((d) => d.path.endsWith('y_agl'));

/**
 * X-Plane 11/12 over its UDP interface: RREF subscriptions and RPOS on one ephemeral socket,
 * DREF/CMND for writes. Unsubscribes (freq 0) on dispose.
 */
export class XplaneUdpAdapter extends LinkAdapterBase {
  readonly capabilities: SimCapabilities;
  private socket: dgram.Socket | undefined;
  private readonly raw = new Float64Array(XPLANE_SUBSCRIPTION_COUNT);
  private readonly seen = new Uint8Array(XPLANE_SUBSCRIPTION_COUNT);
  private readonly pairIndex = new Int32Array(RREF_MAX_VALUES);
  private readonly pairValue = new Float64Array(RREF_MAX_VALUES);
  private lastSubscribeAt = -Infinity;
  private title = '';
  private inFlight = 0;
  private readonly raws = new Emitter<Uint8Array>();
  private position: Rpos | undefined;
  private drained: (() => void) | undefined;
  /** X-Plane's IPv4 address (the configured or discovered host, resolved): the only sender accepted. */
  private simAddress: string | undefined;

  constructor(private readonly options: XplaneUdpOptions) {
    super({ kind: 'xplane', staleAfterMs: options.staleAfterMs, ...(options.profile ? { profile: options.profile } : {}) });
    const reads = new Set(Object.keys(emptySimState()) as (keyof SimState)[]);
    this.capabilities = { reads, writes: allWrites() };
  }

  protected describe(): string {
    return `X-Plane${this.options.versionText ? ` ${this.options.versionText}` : ''} at ${this.options.host}:${this.options.port} (UDP)`;
  }

  async start(): Promise<void> {
    if (this.socket || this.disposed) return;
    try {
      this.simAddress = (await lookup(this.options.host, { family: 4 })).address;
    } catch (err) {
      this.setPhase('stopped', `cannot resolve X-Plane host ${this.options.host}: ${(err as Error).message}`);
      return;
    }
    if (this.socket || this.disposed) return;
    const socket = dgram.createSocket({ type: 'udp4' });
    this.socket = socket;
    socket.on('message', (msg, from) => this.safely(() => this.onPacket(msg, from)));
    socket.on('error', (err) => this.setPhase('lost', `UDP socket error: ${err.message}`));
    const local = isLoopback(this.options.host) ? '127.0.0.1' : '0.0.0.0';
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(0, local, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      this.socket = undefined;
      socket.close();
      this.setPhase('stopped', `could not open a UDP socket: ${(err as Error).message}`);
      return;
    }
    try {
      socket.setRecvBufferSize(RECV_BUFFER_BYTES);
    } catch {
      // the OS cap (net.core.rmem_max) applies; the default buffer still works at sim rates
    }
    this.setPhase('searching', `waiting for X-Plane at ${this.options.host}:${this.options.port}`);
    this.subscribe(this.options.rateHz);
    this.startWatch();
  }

  /** Local UDP port (tests and diagnostics). */
  localPort(): number | undefined {
    return this.socket?.address().port;
  }

  protected override onLost(): void {
    this.seen.fill(0);
    this.subscribe(this.options.rateHz);
  }

  protected override onRetry(): void {
    if (this.now() - this.lastSubscribeAt >= RESUBSCRIBE_INTERVAL_MS) this.subscribe(this.options.rateHz);
  }

  private subscribe(rateHz: number): void {
    this.lastSubscribeAt = this.now();
    for (const sub of xplaneSubscriptions()) {
      const freq = rateHz === 0 ? 0 : sub.rate === 'main' ? rateHz : XPLANE_STRING_RATE_HZ;
      this.send(encodeRrefRequest(freq, sub.index, sub.path));
    }
    this.send(encodeRposRequest(Math.min(rateHz, RPOS_MAX_HZ)));
  }

  private send(bytes: Uint8Array): void {
    const socket = this.socket;
    if (!socket) return;
    this.inFlight++;
    socket.send(bytes, this.options.port, this.options.host, (err) => {
      if (--this.inFlight === 0) this.drained?.();
      if (err && !this.disposed) this.setPhase(this.connection().phase, `send failed: ${err.message}`);
    });
  }

  /** Raw datagrams as received (recorder --raw). */
  onRaw(listener: (bytes: Uint8Array) => void): Unsubscribe {
    return this.raws.on(listener);
  }

  /**
   * Decodes one datagram; everything malformed is counted and dropped. X-Plane answers from the
   * port it listens on, so only datagrams from its address and port are read: anything else on
   * this machine could otherwise connect the link and write the state (spoofing).
   */
  onPacket(msg: Uint8Array, from?: { address: string; port: number }): void {
    if (this.disposed) return;
    if (from && (from.port !== this.options.port || from.address !== this.simAddress)) return this.foreign();
    if (this.raws.size) this.raws.emit(msg);
    if (msg.length >= 5 && msg[0] === 0x52 && msg[1] === 0x52) return this.onRref(msg); // 'RR'
    if (msg.length >= 5 && msg[0] === 0x52 && msg[1] === 0x50) return this.onRpos(msg); // 'RP'
    this.dropped();
  }

  private onRref(msg: Uint8Array): void {
    const n = decodeRrefReplyInto(msg, this.pairIndex, this.pairValue);
    if (n < 0) return this.dropped();
    let titleTouched = false;
    let known = 0;
    for (let i = 0; i < n; i++) {
      const index = this.pairIndex[i]!;
      if (index < 0 || index >= XPLANE_SUBSCRIPTION_COUNT) continue;
      known++;
      this.raw[index] = this.pairValue[i]!;
      this.seen[index] = 1;
      if (index >= xplaneNumericDatarefs.length) titleTouched = true;
    }
    if (known === 0) return this.dropped();
    this.received();
    if (titleTouched) {
      const title = xplaneTitle(this.raw);
      // A different aircraft was loaded: subscribe again, as X-Plane may drop or remap some datarefs.
      if (this.title !== '' && title !== '' && title !== this.title) this.subscribe(this.options.rateHz);
      this.title = title;
    }
    const next = this.current; // updated in place (see LinkAdapterBase)
    applyXplaneValues(next, this.raw, this.seen, this.profile);
    next.aircraftTitle = this.title;
    if (this.position) {
      next.latDeg = this.position.latDeg;
      next.lonDeg = this.position.lonDeg;
      if (!this.seen[AGL_INDEX]) next.altitudeAglFt = this.position.aglM * M_TO_FT;
    }
    next.timestampMs = performance.timeOrigin + performance.now();
    this.publish();
  }

  /**
   * RPOS carries the double-precision position; it is folded into the next RREF state rather than
   * published on its own (that would double the state rate for two numbers).
   */
  private onRpos(msg: Uint8Array): void {
    const pos = decodeRpos(msg);
    if (!pos) return this.dropped();
    this.received();
    this.position = pos;
  }

  protected sendAction(action: SimAction): string | undefined {
    if (!this.socket) return 'X-Plane link is not open';
    for (const w of xplaneWritesFor(action, this.current, this.profile)) {
      this.send(w.kind === 'dref' ? encodeDref(w.value, w.path) : encodeCmnd(w.command));
    }
    return undefined;
  }

  override async dispose(): Promise<void> {
    if (this.disposed) return;
    const socket = this.socket;
    if (socket) {
      this.subscribe(0); // unsubscribe everything so X-Plane stops sending to a closed port
      // Let the unsubscribe datagrams leave before the socket closes.
      if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      socket.close();
    }
    this.socket = undefined;
    await super.dispose();
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '::1';
}
