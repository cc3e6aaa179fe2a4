/**
 * A minimal SimConnect server on 127.0.0.1, speaking enough of the wire protocol (as
 * node-simconnect frames it: little-endian, 16-byte client headers with 0xF0000000 | function id,
 * 12-byte server headers with a RecvID) for Open, AddToDataDefinition, MapClientEventToSimEvent,
 * RequestDataOnSimObject (answered every "sim frame") and TransmitClientEvent, which it applies
 * to its own SimVars. Anything else is counted in `unknownPackets`.
 *
 * Standalone: `npx tsx test/peers/simconnectPeer.ts [--port 2048]` (2048 is where node-simconnect
 * looks on a PC without MSFS's registry entry or a SimConnect.cfg).
 */
import net from 'node:net';
import { pathToFileURL } from 'node:url';

const FN_OPEN = 0x01;
const FN_MAP_EVENT = 0x04;
const FN_TRANSMIT_EVENT = 0x05;
const FN_ADD_TO_DEFINITION = 0x0c;
const FN_REQUEST_DATA = 0x0e;
const RECV_OPEN = 2;
const RECV_SIMOBJECT_DATA = 8;
const DT_FLOAT64 = 4;
const DT_STRING256 = 9;

interface Datum { name: string; unit: string; type: number }

function string256(buf: Buffer, offset: number): string {
  const end = buf.indexOf(0, offset);
  return buf.toString('latin1', offset, end < 0 || end > offset + 256 ? offset + 256 : end);
}

/** A server frame as the peer frames them: size, protocol, recv id, body. `size` may lie (hardening tests). */
export function serverFrame(recvId: number, body: Uint8Array, size = 12 + body.length): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(size >>> 0, 0);
  head.writeUInt32LE(4, 4);
  head.writeUInt32LE(recvId >>> 0, 8);
  return Buffer.concat([head, body]);
}

export class SimconnectPeer {
  readonly simvars = new Map<string, number>();
  title = 'Cessna 172 Skyhawk Asobo';
  readonly events: Array<{ name: string; data: number }> = [];
  unknownPackets = 0;
  appName = '';
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly timers = new Set<ReturnType<typeof setInterval>>();
  /** Connections opened by clients so far (a reconnect adds one). */
  connections = 0;

  constructor(private readonly frameHz = 30) {
    const init: Record<string, number> = {
      'INDICATED ALTITUDE': 4500, 'AIRSPEED INDICATED': 105, 'PLANE HEADING DEGREES MAGNETIC': 90, 'PLANE LATITUDE': 47.45, 'PLANE LONGITUDE': -122.3,
      'AUTOPILOT MASTER': 1, 'AUTOPILOT HEADING LOCK DIR': 90, 'AUTOPILOT ALTITUDE LOCK VAR': 4500, 'AUTOPILOT HEADING LOCK': 1,
      'COM ACTIVE FREQUENCY:1': 118.3, 'COM STANDBY FREQUENCY:1': 121.9, 'NAV ACTIVE FREQUENCY:1': 114.8, 'TRANSPONDER CODE:1': 0x1200,
      'KOHLSMAN SETTING HG:1': 29.92, 'GENERAL ENG COMBUSTION:1': 1, 'FUEL TOTAL QUANTITY WEIGHT': 300, 'GEAR HANDLE POSITION': 1,
      'PLANE PITCH DEGREES': -2, 'PLANE BANK DEGREES': 5,
      'ABSOLUTE TIME': 63_871_000_000, // seconds since the year 1, as MSFS counts them
    };
    for (const [k, v] of Object.entries(init)) this.simvars.set(k, v);
  }

  async start(port = 0): Promise<number> {
    const server = net.createServer((sock) => this.onClient(sock));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return this.port;
  }

  get port(): number {
    return (this.server?.address() as net.AddressInfo | null)?.port ?? 0;
  }

  /** Sends raw bytes, whatever they hold, to every client (a broken or hostile SimConnect server). */
  inject(bytes: Uint8Array): void {
    for (const s of this.sockets) if (!s.destroyed) s.write(bytes);
  }

  /** Drops every client, as MSFS does when it quits. */
  dropClients(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
  }

  async dispose(): Promise<void> {
    this.dropClients();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private onClient(sock: net.Socket): void {
    this.sockets.add(sock);
    this.connections++;
    const definitions = new Map<number, Datum[]>();
    const eventNames = new Map<number, string>();
    let pending = Buffer.alloc(0);
    let protocol = 0;
    sock.on('error', () => undefined);
    sock.on('close', () => this.sockets.delete(sock));
    const send = (recvId: number, body: Buffer): void => {
      const head = Buffer.alloc(12);
      head.writeUInt32LE(12 + body.length, 0);
      head.writeUInt32LE(protocol, 4);
      head.writeUInt32LE(recvId, 8);
      if (!sock.destroyed) sock.write(Buffer.concat([head, body]));
    };
    sock.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 16 && pending.length >= pending.readUInt32LE(0)) {
        const size = pending.readUInt32LE(0);
        if (size < 16) return void sock.destroy();
        const packet = pending.subarray(0, size);
        pending = pending.subarray(size);
        protocol = packet.readUInt32LE(4);
        const fn = packet.readUInt32LE(8) & 0x0fffffff;
        const body = packet.subarray(16);
        switch (fn) {
          case FN_OPEN: {
            this.appName = string256(body, 0);
            const reply = Buffer.alloc(256 + 40);
            reply.write('Stratus SimConnect peer', 0, 'latin1');
            [11, 0, 0, 0, 11, 0, 62651, 3, 0, 0].forEach((v, i) => reply.writeUInt32LE(v, 256 + 4 * i));
            send(RECV_OPEN, reply);
            break;
          }
          case FN_ADD_TO_DEFINITION: {
            const defId = body.readUInt32LE(0);
            const list = definitions.get(defId) ?? [];
            list.push({ name: string256(body, 4), unit: string256(body, 260), type: body.readUInt32LE(516) });
            definitions.set(defId, list);
            break;
          }
          case FN_MAP_EVENT:
            eventNames.set(body.readUInt32LE(0), string256(body, 4));
            break;
          case FN_REQUEST_DATA: {
            const [requestId, defId] = [body.readUInt32LE(0), body.readUInt32LE(4)];
            const timer = setInterval(() => send(RECV_SIMOBJECT_DATA, this.frame(requestId, defId, definitions.get(defId) ?? [])), 1000 / this.frameHz);
            this.timers.add(timer);
            sock.on('close', () => (clearInterval(timer), this.timers.delete(timer)));
            break;
          }
          case FN_TRANSMIT_EVENT: {
            const name = eventNames.get(body.readUInt32LE(4)) ?? '?';
            const data = body.readUInt32LE(8);
            this.events.push({ name, data });
            this.apply(name, data);
            break;
          }
          default:
            this.unknownPackets++;
        }
      }
    });
  }

  private frame(requestId: number, defId: number, data: Datum[]): Buffer {
    const head = Buffer.alloc(28);
    [requestId, 0, defId, 0, 1, 1, data.length].forEach((v, i) => head.writeUInt32LE(v, 4 * i));
    const parts = data.map((d) => {
      if (d.type === DT_STRING256) {
        const b = Buffer.alloc(256);
        b.write(this.title, 0, 'latin1');
        return b;
      }
      const b = Buffer.alloc(8);
      b.writeDoubleLE(d.type === DT_FLOAT64 ? (this.simvars.get(d.name) ?? 0) : 0);
      return b;
    });
    return Buffer.concat([head, ...parts]);
  }

  private toggle(name: string): void {
    this.simvars.set(name, (this.simvars.get(name) ?? 0) >= 0.5 ? 0 : 1);
  }

  private apply(name: string, data: number): void {
    const v = this.simvars;
    const signed = data | 0;
    const radios: Record<string, string> = {
      COM_RADIO_SET_HZ: 'COM ACTIVE FREQUENCY:1', COM_STBY_RADIO_SET_HZ: 'COM STANDBY FREQUENCY:1', COM2_RADIO_SET_HZ: 'COM ACTIVE FREQUENCY:2',
      COM2_STBY_RADIO_SET_HZ: 'COM STANDBY FREQUENCY:2', NAV1_RADIO_SET_HZ: 'NAV ACTIVE FREQUENCY:1', NAV1_STBY_SET_HZ: 'NAV STANDBY FREQUENCY:1',
      NAV2_RADIO_SET_HZ: 'NAV ACTIVE FREQUENCY:2', NAV2_STBY_SET_HZ: 'NAV STANDBY FREQUENCY:2',
    };
    const swaps: Record<string, number> = { COM_STBY_RADIO_SWAP: 1, COM2_RADIO_SWAP: 2 };
    const toggles: Record<string, string> = {
      AP_MASTER: 'AUTOPILOT MASTER', AP_HDG_HOLD: 'AUTOPILOT HEADING LOCK', AP_NAV1_HOLD: 'AUTOPILOT NAV1 LOCK', AP_APR_HOLD: 'AUTOPILOT APPROACH HOLD',
      AP_ALT_HOLD: 'AUTOPILOT ALTITUDE LOCK', AP_VS_HOLD: 'AUTOPILOT VERTICAL HOLD', FLIGHT_LEVEL_CHANGE: 'AUTOPILOT FLIGHT LEVEL CHANGE',
    };
    const lights: Record<string, string> = { LANDING_LIGHTS_SET: 'LIGHT LANDING', TAXI_LIGHTS_SET: 'LIGHT TAXI', STROBES_SET: 'LIGHT STROBE', BEACON_LIGHTS_SET: 'LIGHT BEACON', NAV_LIGHTS_SET: 'LIGHT NAV' };
    if (radios[name]) return void v.set(radios[name], data / 1e6);
    if (toggles[name]) return this.toggle(toggles[name]);
    if (lights[name]) return void v.set(lights[name], data ? 1 : 0);
    if (swaps[name]) {
      const [a, b] = [`COM ACTIVE FREQUENCY:${swaps[name]}`, `COM STANDBY FREQUENCY:${swaps[name]}`];
      const t = v.get(a) ?? 0;
      v.set(a, v.get(b) ?? 0);
      return void v.set(b, t);
    }
    switch (name) {
      case 'HEADING_BUG_SET': return void v.set('AUTOPILOT HEADING LOCK DIR', data);
      case 'AP_ALT_VAR_SET_ENGLISH': return void v.set('AUTOPILOT ALTITUDE LOCK VAR', data);
      case 'AP_SPD_VAR_SET': return void v.set('AUTOPILOT AIRSPEED HOLD VAR', data);
      case 'AP_VS_VAR_SET_ENGLISH': return void v.set('AUTOPILOT VERTICAL HOLD VAR', signed);
      case 'FLAPS_SET': return void v.set('FLAPS HANDLE PERCENT', data / 16383);
      case 'GEAR_UP': return void v.set('GEAR HANDLE POSITION', 0);
      case 'GEAR_DOWN': return void v.set('GEAR HANDLE POSITION', 1);
      case 'XPNDR_SET': return void v.set('TRANSPONDER CODE:1', data);
      case 'KOHLSMAN_SET': return void v.set('KOHLSMAN SETTING HG:1', data / 16 / 33.8639);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const peer = new SimconnectPeer();
  peer
    .start(i >= 0 ? Number(process.argv[i + 1]) : 2048)
    .then((port) => console.log(`SimConnect test peer on 127.0.0.1:${port}; Ctrl-C to stop`))
    .catch((err: Error) => {
      console.error(`SimConnect test peer: ${err.message}`);
      process.exit(1);
    });
}
