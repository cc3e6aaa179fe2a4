import dgram from 'node:dgram';
import net from 'node:net';
import { allWrites, type SimCapabilities, type Unsubscribe } from '../common/adapter.js';
import { Emitter } from '../../base/common/emitter.js';
import type { AircraftProfile } from '../common/aircraftProfile.js';
import { flightgearSetsFor, parseFlightgearLine, telnetSetLine } from '../common/flightgearProtocol.js';
import { LinkAdapterBase } from '../common/linkAdapterBase.js';
import type { SimAction } from '../common/simAction.js';
import { emptySimState, type SimState } from '../common/simState.js';

/** Room for bursts (a sim catching up after a stall) without the kernel dropping datagrams. */
const RECV_BUFFER_BYTES = 1 << 20;

export interface FlightgearOptions {
  host: string;
  outPort: number;
  inPort: number;
  telnetPort: number;
  staleAfterMs: number;
  profile?: AircraftProfile;
}

/** A telnet connection that fails is retried no sooner than this. */
const TELNET_RETRY_MS = 1000;
const TELNET_CONNECT_TIMEOUT_MS = 1500;

/**
 * FlightGear: telemetry from the generic protocol (assets/protocols/stratus.xml, or the copilot2
 * recording layout) arriving on a local UDP port; writes as `set` commands to the telnet property
 * server, which applies one property at a time (the generic UDP input would overwrite every
 * field of its line at once).
 */
export class FlightgearAdapter extends LinkAdapterBase {
  readonly capabilities: SimCapabilities;
  private socket: dgram.Socket | undefined;
  private telnet: net.Socket | undefined;
  private telnetReady = false;
  private telnetFailedAt = -Infinity;
  private readonly raws = new Emitter<Uint8Array>();
  private readonly decoder = new TextDecoder('latin1');
  /** FlightGear's generic output socket, locked on the first line that decodes until the link is lost. */
  private peer: { address: string; port: number } | undefined;

  constructor(private readonly options: FlightgearOptions) {
    super({ kind: 'flightgear', staleAfterMs: options.staleAfterMs, ...(options.profile ? { profile: options.profile } : {}) });
    this.capabilities = { reads: new Set(Object.keys(emptySimState()) as (keyof SimState)[]), writes: allWrites() };
  }

  protected describe(): string {
    return `FlightGear on UDP ${this.options.host}:${this.options.outPort}`;
  }

  onRaw(listener: (bytes: Uint8Array) => void): Unsubscribe {
    return this.raws.on(listener);
  }

  async start(): Promise<void> {
    if (this.socket || this.disposed) return;
    const socket = dgram.createSocket('udp4');
    socket.on('message', (msg, from) => this.safely(() => this.onPacket(msg, from)));
    socket.on('error', (err) => this.setPhase('lost', `UDP socket error: ${err.message}`));
    const local = this.options.host.startsWith('127.') || this.options.host === 'localhost' ? '127.0.0.1' : '0.0.0.0';
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(this.options.outPort, local, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      socket.close();
      this.setPhase('stopped', `cannot listen on UDP ${local}:${this.options.outPort}: ${(err as Error).message}`);
      return;
    }
    this.socket = socket;
    try {
      socket.setRecvBufferSize(RECV_BUFFER_BYTES);
    } catch {
      // the OS cap (net.core.rmem_max) applies; the default buffer still works at sim rates
    }
    this.setPhase('searching', `waiting for FlightGear's generic output on UDP port ${this.options.outPort}`);
    this.startWatch();
    this.connectTelnet();
  }

  /**
   * One datagram: one or more newline-terminated lines. FlightGear sends from an ephemeral port,
   * so the first sender whose line decodes is the sim; until the link is lost, datagrams from any
   * other address or port are foreign (spoofed or stray) and dropped unread.
   */
  onPacket(msg: Uint8Array, from?: { address: string; port: number }): void {
    if (this.disposed) return;
    if (from && this.peer && (from.address !== this.peer.address || from.port !== this.peer.port)) return this.foreign();
    this.raws.emit(msg);
    if (msg.length === 0 || msg.length > 8192) return this.dropped();
    const text = this.decoder.decode(msg);
    let any = false;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const next = parseFlightgearLine(line, this.current, this.profile);
      if (!next) {
        this.dropped();
        continue;
      }
      any = true;
      if (from && !this.peer) this.peer = { address: from.address, port: from.port };
      next.timestampMs = performance.timeOrigin + performance.now();
      this.received();
      this.publish(next);
    }
    if (!any && text.trim() === '') this.dropped();
  }

  private connectTelnet(): void {
    if (this.disposed || this.telnet || this.now() - this.telnetFailedAt < TELNET_RETRY_MS) return;
    const sock = net.connect({ host: this.options.host, port: this.options.telnetPort });
    this.telnet = sock;
    sock.setNoDelay(true);
    sock.setTimeout(TELNET_CONNECT_TIMEOUT_MS, () => sock.destroy(new Error('telnet connect timed out')));
    sock.on('connect', () => {
      sock.setTimeout(0);
      sock.write('data\r\n'); // data mode: no prompts, no echo
      this.telnetReady = true;
    });
    sock.on('data', () => undefined); // replies (none in data mode) are not needed
    sock.on('error', () => undefined);
    sock.on('close', () => {
      this.telnet = undefined;
      this.telnetReady = false;
      this.telnetFailedAt = this.now();
    });
  }

  protected override onRetry(): void {
    this.connectTelnet();
  }

  /** FlightGear went quiet: a restarted fgfs sends from a new port, so the next sender is accepted. */
  protected override onLost(): void {
    this.peer = undefined;
  }

  protected sendAction(action: SimAction): string | undefined {
    if (!this.telnetReady || !this.telnet) {
      this.connectTelnet();
      return `FlightGear's telnet property server is not reachable on port ${this.options.telnetPort} (start fgfs with --telnet)`;
    }
    const lines = flightgearSetsFor(action, this.current, this.profile).map(telnetSetLine).join('');
    this.telnet.write(lines);
    return undefined;
  }

  override async dispose(): Promise<void> {
    if (this.disposed) return;
    await super.dispose();
    this.telnet?.destroy();
    this.telnet = undefined;
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
    this.raws.clear();
  }
}
