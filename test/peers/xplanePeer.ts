/**
 * An X-Plane 11/12 stand-in that speaks the UDP protocol over real sockets, written from the
 * published layouts with Node Buffers (independently of core/sim/common/xplaneUdp.ts, so a codec
 * bug does not cancel itself out). It answers RREF subscriptions at the requested rate, sends
 * RPOS4, applies DREF writes and CMND commands to its own dataref table, and multicasts BECN.
 *
 * Standalone: `npx tsx test/peers/xplanePeer.ts --port 49000 --beacon [--interface 127.0.0.1] [--web 8086]`
 */
import dgram from 'node:dgram';
import { pathToFileURL } from 'node:url';
import { XplaneWebPeer } from './xplaneWebPeer.js';

export interface XplanePeerOptions {
  /** UDP port X-Plane receives on; 0 picks a free one. */
  port?: number;
  /** Send BECN every second to 239.255.1.1:49707 through this interface. */
  beacon?: boolean;
  beaconInterface?: string;
  beaconPort?: number;
  aircraftIcao?: string;
  aircraftName?: string;
  version?: number;
  /** Receive DREF/CMND but do not apply them (an add-on aircraft that ignores the generic datarefs). */
  ignoreWrites?: boolean;
}

interface Sub { path: string; freqHz: number }
interface Client { address: string; port: number; subs: Map<number, Sub>; timers: Map<number, ReturnType<typeof setInterval>>; rposTimer?: ReturnType<typeof setInterval> }

const MODEL_HZ = 50;

export class XplanePeer {
  readonly datarefs = new Map<string, number>();
  readonly commands: string[] = [];
  readonly drefWrites: Array<{ path: string; value: number }> = [];
  /** Packets the peer could not parse. */
  badPackets = 0;
  private socket: dgram.Socket | undefined;
  private beaconSocket: dgram.Socket | undefined;
  private readonly clients = new Map<string, Client>();
  private readonly waiters = new Set<() => void>();
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private latDeg = 21.3187;
  private lonDeg = -157.9224;
  private readonly icao: string;
  private readonly name: string;

  constructor(private readonly options: XplanePeerOptions = {}) {
    this.icao = options.aircraftIcao ?? 'C172';
    this.name = options.aircraftName ?? 'Cessna Skyhawk';
    const d = this.datarefs;
    d.set('sim/cockpit2/gauges/indicators/altitude_ft_pilot', 5500);
    d.set('sim/flightmodel/position/y_agl', 1600);
    d.set('sim/cockpit2/gauges/indicators/airspeed_kts_pilot', 110);
    d.set('sim/flightmodel/position/groundspeed', 56);
    d.set('sim/flightmodel/position/mag_psi', 90);
    d.set('sim/flightmodel/position/psi', 100);
    d.set('sim/flightmodel/engine/ENGN_running[0]', 1);
    d.set('sim/flightmodel/weight/m_fuel_total', 120);
    d.set('sim/cockpit2/gauges/actuators/barometer_setting_in_hg_pilot', 29.92);
    d.set('sim/cockpit2/autopilot/servos_on', 1);
    d.set('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot', 90);
    d.set('sim/cockpit2/autopilot/altitude_dial_ft', 5500);
    d.set('sim/cockpit2/autopilot/heading_status', 2);
    d.set('sim/cockpit2/radios/actuators/com1_frequency_hz_833', 118300);
    d.set('sim/cockpit2/radios/actuators/com1_standby_frequency_hz_833', 121900);
    d.set('sim/cockpit2/radios/actuators/nav1_frequency_hz', 11480);
    d.set('sim/cockpit2/radios/actuators/nav1_standby_frequency_hz', 11390);
    d.set('sim/cockpit2/radios/actuators/transponder_code', 1200);
    d.set('sim/cockpit2/controls/gear_handle_down', 1);
  }

  async start(): Promise<number> {
    const socket = dgram.createSocket('udp4');
    this.socket = socket;
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.timers.push(setInterval(() => this.step(1 / MODEL_HZ), 1000 / MODEL_HZ));
    if (this.options.beacon) await this.startBeacon();
    return this.port;
  }

  get port(): number {
    return this.socket?.address().port ?? 0;
  }

  /** Simulates X-Plane quitting and starting again: it forgets every subscription. */
  forgetSubscriptions(): void {
    for (const c of this.clients.values()) this.stopClient(c);
    this.clients.clear();
  }

  /** UDP ports of the clients that subscribed (where the peer sends RREF replies). */
  clientPorts(): number[] {
    return [...this.clients.values()].map((c) => c.port);
  }

  /** Sends raw bytes from X-Plane's own address and port to every subscribed client (a broken or hostile sim). */
  sendRaw(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    return Promise.all([...this.clients.values()].map((c) => new Promise<void>((r) => socket.send(bytes, c.port, c.address, () => r())))).then(() => undefined);
  }

  /** Number of active RREF subscriptions across clients. */
  subscriptionCount(): number {
    let n = 0;
    for (const c of this.clients.values()) n += c.subs.size;
    return n;
  }

  async dispose(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.forgetSubscriptions();
    for (const s of [this.socket, this.beaconSocket]) if (s) await new Promise<void>((r) => s.close(() => r()));
    this.socket = undefined;
    this.beaconSocket = undefined;
  }

  private async startBeacon(): Promise<void> {
    const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    this.beaconSocket = s;
    s.on('error', () => undefined);
    await new Promise<void>((resolve) => s.bind(0, () => resolve()));
    s.setMulticastInterface(this.options.beaconInterface ?? '127.0.0.1');
    s.setMulticastLoopback(true);
    s.setMulticastTTL(1);
    const send = (): void => {
      const name = Buffer.from('stratus-peer\0', 'latin1');
      const b = Buffer.alloc(21 + name.length + 2);
      b.write('BECN', 0, 'latin1');
      b.writeUInt8(1, 5);
      b.writeUInt8(2, 6);
      b.writeInt32LE(1, 7);
      b.writeInt32LE(this.options.version ?? 120012, 11);
      b.writeUInt32LE(1, 15);
      b.writeUInt16LE(this.port, 19);
      name.copy(b, 21);
      b.writeUInt16LE(this.port + 10, 21 + name.length);
      s.send(b, this.options.beaconPort ?? 49707, '239.255.1.1');
    };
    send();
    this.timers.push(setInterval(send, 1000));
  }

  /** Resolves once `predicate` holds, re-checked after every packet the peer receives. */
  waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`peer condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = (): void => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.handle(msg, rinfo);
    for (const w of [...this.waiters]) w();
  }

  private handle(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const tag = msg.length >= 5 ? msg.toString('latin1', 0, 4) : '';
    const key = `${rinfo.address}:${rinfo.port}`;
    if (tag === 'RREF' && msg.length === 413) {
      const freqHz = msg.readInt32LE(5);
      const index = msg.readInt32LE(9);
      const end = msg.indexOf(0, 13);
      const path = msg.toString('latin1', 13, end < 0 ? 413 : end);
      const client = this.client(key, rinfo);
      if (freqHz <= 0) client.subs.delete(index);
      else client.subs.set(index, { path, freqHz });
      this.retime(client);
    } else if (tag === 'DREF' && msg.length === 509) {
      const value = msg.readFloatLE(5);
      const end = msg.indexOf(0, 9);
      const path = msg.toString('latin1', 9, end < 0 ? 509 : end);
      this.drefWrites.push({ path, value });
      if (!this.options.ignoreWrites) this.datarefs.set(path, value);
    } else if (tag === 'CMND' && msg.length > 6) {
      const end = msg.indexOf(0, 5);
      const command = msg.toString('latin1', 5, end < 0 ? msg.length : end);
      this.commands.push(command);
      if (!this.options.ignoreWrites) this.runCommand(command);
    } else if (tag === 'RPOS' && msg.length >= 6) {
      const end = msg.indexOf(0, 5);
      const rate = Number(msg.toString('latin1', 5, end < 0 ? msg.length : end));
      const client = this.client(key, rinfo);
      if (client.rposTimer) clearInterval(client.rposTimer);
      client.rposTimer = rate > 0 ? setInterval(() => this.sendRpos(client), 1000 / rate) : undefined;
    } else {
      this.badPackets++;
    }
  }

  private client(key: string, rinfo: dgram.RemoteInfo): Client {
    let c = this.clients.get(key);
    if (!c) {
      c = { address: rinfo.address, port: rinfo.port, subs: new Map<number, Sub>(), timers: new Map<number, ReturnType<typeof setInterval>>() };
      this.clients.set(key, c);
    }
    return c;
  }

  /** One timer per distinct frequency, as X-Plane batches values of the same rate. */
  private retime(client: Client): void {
    const freqs = new Set([...client.subs.values()].map((s) => s.freqHz));
    for (const [f, t] of client.timers) {
      if (freqs.has(f)) continue;
      clearInterval(t);
      client.timers.delete(f);
    }
    for (const f of freqs) {
      if (!client.timers.has(f)) client.timers.set(f, setInterval(() => this.sendValues(client, f), 1000 / f));
    }
  }

  private sendValues(client: Client, freqHz: number): void {
    const pairs = [...client.subs].filter(([, s]) => s.freqHz === freqHz);
    for (let i = 0; i < pairs.length; i += 183) {
      const chunk = pairs.slice(i, i + 183);
      const b = Buffer.alloc(5 + 8 * chunk.length);
      b.write('RREF,', 0, 'latin1');
      chunk.forEach(([index, sub], j) => {
        b.writeInt32LE(index, 5 + 8 * j);
        b.writeFloatLE(this.value(sub.path), 9 + 8 * j);
      });
      this.socket?.send(b, client.port, client.address);
    }
  }

  private sendRpos(client: Client): void {
    const b = Buffer.alloc(69);
    b.write('RPOS4', 0, 'latin1');
    b.writeDoubleLE(this.lonDeg, 5);
    b.writeDoubleLE(this.latDeg, 13);
    b.writeDoubleLE((this.datarefs.get('sim/cockpit2/gauges/indicators/altitude_ft_pilot') ?? 0) * 0.3048, 21);
    b.writeFloatLE((this.datarefs.get('sim/flightmodel/position/y_agl') ?? 0), 29);
    b.writeFloatLE(this.datarefs.get('sim/flightmodel/position/psi') ?? 0, 37);
    this.socket?.send(b, client.port, client.address);
  }

  /** Values of a dataref path, including array elements and the aircraft's identity bytes. */
  value(path: string): number {
    const m = /^sim\/aircraft\/view\/(acf_ICAO|acf_ui_name)\[(\d+)\]$/.exec(path);
    if (m) {
      const text = m[1] === 'acf_ICAO' ? this.icao : this.name;
      return text.charCodeAt(Number(m[2])) || 0;
    }
    return this.datarefs.get(path) ?? 0;
  }

  private toggle(path: string): void {
    this.datarefs.set(path, this.value(path) >= 0.5 ? 0 : 1);
  }

  /** Runs a command as X-Plane would (CMND packet or web API activation). */
  runCommand(command: string): void {
    const d = this.datarefs;
    const swap = (a: string, b: string): void => {
      const t = this.value(a);
      d.set(a, this.value(b));
      d.set(b, t);
    };
    const flapStep = 1 / 3;
    const flaps = 'sim/cockpit2/controls/flap_handle_request_ratio';
    const modes: Record<string, string> = {
      'sim/autopilot/heading': 'heading_status', 'sim/autopilot/NAV': 'nav_status', 'sim/autopilot/approach': 'approach_status',
      'sim/autopilot/altitude_hold': 'altitude_hold_status', 'sim/autopilot/vertical_speed': 'vvi_status', 'sim/autopilot/level_change': 'speed_status',
    };
    if (modes[command]) {
      const lateral = ['heading_status', 'nav_status', 'approach_status'];
      const group = lateral.includes(modes[command]) ? lateral : ['altitude_hold_status', 'vvi_status', 'speed_status'];
      for (const g of group) d.set(`sim/cockpit2/autopilot/${g}`, g === modes[command] ? 2 : 0);
      return;
    }
    const radio = /^sim\/radios\/(com|nav)([12])_standy_flip$/.exec(command);
    if (radio) {
      const unit = radio[1] === 'com' ? '_hz_833' : '_hz';
      return swap(`sim/cockpit2/radios/actuators/${radio[1]}${radio[2]}_frequency${unit}`, `sim/cockpit2/radios/actuators/${radio[1]}${radio[2]}_standby_frequency${unit}`);
    }
    switch (command) {
      case 'sim/flight_controls/flaps_down': return void d.set(flaps, Math.min(1, this.value(flaps) + flapStep));
      case 'sim/flight_controls/flaps_up': return void d.set(flaps, Math.max(0, this.value(flaps) - flapStep));
      case 'sim/flight_controls/landing_gear_down': return void d.set('sim/cockpit2/controls/gear_handle_down', 1);
      case 'sim/flight_controls/landing_gear_up': return void d.set('sim/cockpit2/controls/gear_handle_down', 0);
      case 'sim/flight_controls/landing_gear_toggle': return this.toggle('sim/cockpit2/controls/gear_handle_down');
      case 'sim/autopilot/servos_toggle': return this.toggle('sim/cockpit2/autopilot/servos_on');
      case 'sim/lights/landing_lights_toggle': return this.toggle('sim/cockpit2/switches/landing_lights_on');
      case 'sim/operation/pause_toggle': return this.toggle('sim/time/paused');
    }
  }

  /** A very small flight model: the autopilot turns toward the heading bug at rate one. */
  private step(dtS: number): void {
    const d = this.datarefs;
    if (this.value('sim/time/paused') >= 0.5) return;
    d.set('sim/time/total_flight_time_sec', this.value('sim/time/total_flight_time_sec') + dtS);
    if (this.value('sim/cockpit2/autopilot/servos_on') >= 0.5 && this.value('sim/cockpit2/autopilot/heading_status') >= 1) {
      const hdg = this.value('sim/flightmodel/position/mag_psi');
      let delta = ((this.value('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot') - hdg) % 360 + 540) % 360 - 180;
      delta = Math.max(-3 * dtS, Math.min(3 * dtS, delta));
      d.set('sim/flightmodel/position/mag_psi', (hdg + delta + 360) % 360);
      d.set('sim/flightmodel/position/psi', (hdg + delta + 370) % 360);
    }
    const gsMs = this.value('sim/flightmodel/position/groundspeed');
    const trk = (this.value('sim/flightmodel/position/psi') * Math.PI) / 180;
    this.latDeg += (gsMs * Math.cos(trk) * dtS) / 111_120;
    this.lonDeg += (gsMs * Math.sin(trk) * dtS) / (111_120 * Math.cos((this.latDeg * Math.PI) / 180));
  }

  private stopClient(c: Client): void {
    for (const t of c.timers.values()) clearInterval(t);
    c.timers.clear();
    if (c.rposTimer) clearInterval(c.rposTimer);
    c.subs.clear();
  }
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const peer = new XplanePeer({
    port: Number(arg('--port') ?? 49000),
    beacon: argv.includes('--beacon'),
    beaconInterface: arg('--interface') ?? '127.0.0.1',
  });
  const port = await peer.start();
  let web: XplaneWebPeer | undefined;
  if (arg('--web')) {
    web = new XplaneWebPeer(peer);
    await web.start(Number(arg('--web')));
  }
  console.log(
    `X-Plane test peer on 127.0.0.1:${port}${argv.includes('--beacon') ? ', beacon on 239.255.1.1:49707' : ''}` +
      `${web ? `, web API on 127.0.0.1:${web.port}` : ''}; Ctrl-C to stop`,
  );
  let lastCount = 0;
  const report = setInterval(() => {
    const n = peer.commands.length + peer.drefWrites.length;
    if (n !== lastCount) {
      lastCount = n;
      const hdg = peer.value('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot');
      console.log(`writes ${peer.drefWrites.length}, commands ${peer.commands.length}, heading bug ${hdg.toFixed(0)}, subscriptions ${peer.subscriptionCount()}`);
    }
  }, 500);
  const stop = (): void => {
    clearInterval(report);
    void Promise.all([peer.dispose(), web?.dispose()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main(process.argv.slice(2));
