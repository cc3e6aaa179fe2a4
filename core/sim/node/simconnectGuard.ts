import net from 'node:net';
import { SimConnectFrameReader } from '../common/simconnectFrames.js';

/**
 * A one-connection relay on 127.0.0.1 between node-simconnect and the SimConnect server: what
 * Stratus sends passes through unchanged; what the server sends is checked frame by frame
 * (common/simconnectFrames.ts) so a broken or hostile server cannot throw inside
 * node-simconnect's socket handler or make it buffer without limit. A stream that cannot be
 * resynchronised closes both sides, and the adapter reconnects.
 */

export type SimConnectTarget = { host: string; port: number } | { path: string };

export interface GuardEvents {
  /** A frame was dropped (unknown kind, too short); the stream carries on. */
  onDropped(reason: string): void;
  /** The stream was closed because it cannot be trusted any more. */
  onFatal(reason: string): void;
}

export interface SimConnectGuard {
  /** Where node-simconnect connects. */
  readonly port: number;
  close(): void;
}

/** The server must accept our connection within this; a remote sim over a LAN does in milliseconds. */
const UPSTREAM_CONNECT_TIMEOUT_MS = 5000;

export async function openSimConnectGuard(target: SimConnectTarget, events: GuardEvents): Promise<SimConnectGuard> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    server.close(); // one connection per guard: node-simconnect's
    sockets.add(client);
    const upstream = 'path' in target ? net.connect(target.path) : net.connect(target.port, target.host);
    sockets.add(upstream);
    const reader = new SimConnectFrameReader();
    const closeBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    upstream.setTimeout(UPSTREAM_CONNECT_TIMEOUT_MS, () => upstream.destroy(new Error('SimConnect did not accept the connection in time')));
    upstream.once('connect', () => {
      upstream.setTimeout(0);
      client.resume();
    });
    client.on('data', (chunk: Buffer) => {
      if (!upstream.write(chunk)) client.pause();
    });
    upstream.on('drain', () => client.resume());
    upstream.on('data', (chunk: Buffer) => {
      for (const v of reader.push(chunk)) {
        if (v.kind === 'frame') {
          if (!client.write(v.bytes)) upstream.pause();
        } else if (v.kind === 'dropped') events.onDropped(v.reason);
        else {
          events.onFatal(v.reason);
          return closeBoth();
        }
      }
    });
    client.on('drain', () => upstream.resume());
    upstream.on('error', (err) => events.onFatal(`connection to the SimConnect server failed: ${err.message}`));
    for (const s of [client, upstream]) {
      s.on('error', () => closeBoth());
      s.on('close', () => {
        sockets.delete(s);
        closeBoth();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close(): void {
      server.close();
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
  };
}
