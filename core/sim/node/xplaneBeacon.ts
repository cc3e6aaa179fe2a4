import dgram from 'node:dgram';
import os from 'node:os';
import { decodeBeacon, XPLANE_BEACON_GROUP, XPLANE_BEACON_PORT, xplaneVersionText, type Beacon } from '../common/xplaneUdp.js';

export interface FoundXplane {
  host: string;
  port: number;
  version: number;
  versionText: string;
  computerName: string;
}

export interface BeaconListenerOptions {
  /** IPv4 interface addresses to join the multicast group on; default every interface, loopback included. */
  interfaces?: string[];
  port?: number;
  onFound: (found: FoundXplane) => void;
  /** Counts packets on the beacon port that were not valid X-Plane master beacons. */
  onDropped?: () => void;
}

/** Every IPv4 address on this machine, loopback first. */
export function ipv4Interfaces(): string[] {
  const out = new Set<string>(['127.0.0.1']);
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4') out.add(a.address);
  }
  return [...out];
}

/**
 * Listens for X-Plane's BECN multicast on 239.255.1.1:49707. On Linux and macOS the socket binds
 * the group address itself, so it receives only multicast traffic for the group; Windows cannot
 * bind a group address, so there it binds all interfaces. Failure to open (port in use without
 * SO_REUSEADDR, no multicast) is returned as a reason, not thrown.
 */
export class BeaconListener {
  private socket: dgram.Socket | undefined;

  constructor(private readonly options: BeaconListenerOptions) {}

  async start(): Promise<string | undefined> {
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    this.socket = socket;
    socket.on('message', (msg, rinfo) => {
      const b: Beacon | undefined = decodeBeacon(msg);
      if (!b || b.hostId !== 1 || b.role !== 1) {
        this.options.onDropped?.();
        return;
      }
      this.options.onFound({ host: rinfo.address, port: b.port, version: b.version, versionText: xplaneVersionText(b.version), computerName: b.computerName });
    });
    socket.on('error', () => undefined);
    const bindAddress = process.platform === 'win32' ? '0.0.0.0' : XPLANE_BEACON_GROUP;
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind(this.options.port ?? XPLANE_BEACON_PORT, bindAddress, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      await this.dispose();
      return `cannot listen for the X-Plane beacon: ${(err as Error).message}`;
    }
    let joined = 0;
    for (const iface of this.options.interfaces ?? ipv4Interfaces()) {
      try {
        socket.addMembership(XPLANE_BEACON_GROUP, iface);
        joined++;
      } catch {
        // an interface without multicast (some VPN adapters); the others still work
      }
    }
    if (joined === 0) {
      await this.dispose();
      return 'cannot join the X-Plane beacon multicast group on any interface';
    }
    return undefined;
  }

  /** The bound UDP port (tests bind 0). */
  port(): number | undefined {
    return this.socket?.address().port;
  }

  async dispose(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
