/**
 * A FlightGear stand-in for tests: it reads the shipped generic protocol file
 * (assets/protocols/stratus.xml) the way fgfs does, sends its output section as UDP lines at a
 * fixed rate, and runs a telnet property server (`data`, `set <path> <value>`, `get <path>`) that
 * writes into the same property tree. It can also replay recorded copilot2 lines verbatim.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { SaxesParser } from 'saxes';

interface Chunk { name: string; type: string; format?: string; node: string }

/**
 * Reads the chunks of a generic protocol file with a strict XML parser, as fgfs does (expat): a
 * file that is not well-formed is refused with the parser's reason, just as fgfs refuses it
 * ("Unable to load the protocol configuration file").
 */
export function readProtocolChunks(xmlPath: string, section: 'output' | 'input' = 'output'): Chunk[] {
  const parser = new SaxesParser();
  const errors: string[] = [];
  const path: string[] = [];
  const chunks: Chunk[] = [];
  let chunk: Record<string, string> | undefined;
  let text = '';
  parser.on('error', (e) => errors.push(e.message));
  parser.on('opentag', (t) => {
    path.push(t.name);
    text = '';
    if (t.name === 'chunk' && path.join('/') === `PropertyList/generic/${section}/chunk`) chunk = {};
  });
  parser.on('text', (t) => (text += t));
  parser.on('closetag', (t) => {
    if (chunk && t.name === 'chunk') {
      chunks.push({ name: chunk.name!, type: chunk.type!, node: chunk.node!, ...(chunk.format ? { format: chunk.format } : {}) });
      chunk = undefined;
    } else if (chunk) chunk[t.name] = text.trim();
    path.pop();
  });
  parser.write(readFileSync(xmlPath, 'utf8')).close();
  if (errors.length) throw new Error(`${xmlPath} is not well-formed XML: ${errors.join('; ')}`);
  return chunks;
}

/**
 * What fgfs prints for a chunk: its <format> through printf, "%d" when there is none, whatever
 * the type. A conversion that does not fit the type is undefined behaviour in C; fgfs 2020.3 then
 * prints an unrelated integer (a string's address for "%d"), and so does this peer.
 */
export function formatChunk(c: Chunk, raw: string): string {
  const format = c.format ?? '%d';
  const garbage = '-953535962'; // what fgfs 2020.3 printed here for a string chunk without "%s"
  return format.replace(/%(?:\.(\d+))?([sdf])/, (_m, decimals: string | undefined, conv: string) => {
    if (c.type === 'string') return conv === 's' ? raw : garbage;
    const v = c.type === 'bool' ? (raw === 'true' || Number(raw) >= 0.5 ? 1 : 0) : Number(raw) || 0;
    if (conv === 'd') return c.type === 'float' || c.type === 'double' ? garbage : String(Math.trunc(v));
    if (conv === 'f') return c.type === 'float' || c.type === 'double' ? v.toFixed(decimals ? Number(decimals) : 6) : '0.000000';
    return garbage; // %s of a number
  });
}

/** Normalises `/a/b[0]/c` and `/a/b/c` to the same key, as FlightGear's property tree does. */
const key = (path: string): string => path.replace(/\[0\]/g, '');

export class FlightgearPeer {
  readonly props = new Map<string, string>();
  readonly sets: Array<{ path: string; value: string }> = [];
  private udp: dgram.Socket | undefined;
  private server: net.Server | undefined;
  private readonly clients = new Set<net.Socket>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly chunks: Chunk[];

  constructor(private readonly options: { protocolFile: string; targetPort: number; rateHz?: number }) {
    this.chunks = readProtocolChunks(options.protocolFile);
    const initial: Record<string, string | number> = {
      '/sim/time/elapsed-sec': 10, '/position/altitude-ft': 3000, '/instrumentation/altimeter/indicated-altitude-ft': 2990,
      '/instrumentation/airspeed-indicator/indicated-speed-kt': 100, '/orientation/heading-magnetic-deg': 270,
      '/autopilot/settings/heading-bug-deg': 270, '/autopilot/settings/target-altitude-ft': 3000,
      '/instrumentation/comm/frequencies/selected-mhz': 118.3, '/instrumentation/comm/frequencies/standby-mhz': 121.9,
      '/instrumentation/nav/frequencies/selected-mhz': 112.0, '/consumables/fuel/total-fuel-gal_us': 40,
      '/engines/engine/running': 'true', '/engines/engine/rpm': 2300, '/position/latitude-deg': 21.32, '/position/longitude-deg': -157.9,
      '/instrumentation/transponder/id-code': 1200, '/instrumentation/altimeter/setting-inhg': 29.92, '/sim/aircraft': 'c172p',
      '/autopilot/locks/heading': 'dg-heading-hold', '/autopilot/locks/altitude': 'altitude-hold',
    };
    for (const [p, v] of Object.entries(initial)) this.props.set(key(p), String(v));
  }

  async start(): Promise<number> {
    const udp = dgram.createSocket('udp4');
    this.udp = udp;
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
    const server = net.createServer((sock) => this.onTelnet(sock));
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    this.timer = setInterval(() => void this.send(this.line()), 1000 / (this.options.rateHz ?? 20));
    return this.telnetPort;
  }

  get telnetPort(): number {
    return (this.server?.address() as net.AddressInfo | null)?.port ?? 0;
  }

  /** Stops the periodic output (to replay recordings instead). */
  pauseOutput(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Sends one raw datagram to the adapter's port. */
  send(text: string | Uint8Array): Promise<void> {
    return new Promise((resolve) => this.udp?.send(typeof text === 'string' ? Buffer.from(text, 'latin1') : text, this.options.targetPort, '127.0.0.1', () => resolve()));
  }

  get(path: string): string | undefined {
    return this.props.get(key(path));
  }

  /** The output line exactly as fgfs formats it from the protocol file. */
  line(): string {
    return this.chunks.map((c) => formatChunk(c, this.props.get(key(c.node)) ?? '')).join(',') + '\n';
  }

  private onTelnet(sock: net.Socket): void {
    this.clients.add(sock);
    sock.on('close', () => this.clients.delete(sock));
    sock.on('error', () => undefined);
    let buffered = '';
    sock.on('data', (d) => {
      buffered += d.toString('latin1');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const cmd = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        const m = /^set (\S+) ?(.*)$/.exec(cmd);
        if (m) {
          this.sets.push({ path: m[1]!, value: m[2]! });
          this.props.set(key(m[1]!), m[2]!);
        } else if (cmd.startsWith('get ')) {
          sock.write(`${this.props.get(key(cmd.slice(4))) ?? ''}\r\n`);
        }
      }
    });
  }

  async dispose(): Promise<void> {
    this.pauseOutput();
    for (const c of this.clients) c.destroy();
    const server = this.server;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    const udp = this.udp;
    if (udp) await new Promise<void>((r) => udp.close(() => r()));
    this.server = undefined;
    this.udp = undefined;
  }
}
