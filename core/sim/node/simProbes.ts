import dgram from 'node:dgram';
import net from 'node:net';

/** One probe of a TCP port: true when something accepts the connection within the timeout. */
export function probeTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The X-Plane 12.1.1+ web API answers GET /api/capabilities with its versions. */
export async function probeXplaneWeb(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  try {
    const res = await fetch(`http://${host}:${port}/api/capabilities`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { api?: { versions?: string[] }; 'x-plane'?: { version?: string } };
    if (!body.api?.versions?.includes('v2')) return undefined;
    return body['x-plane']?.version ?? 'unknown';
  } catch {
    return undefined;
  }
}

/**
 * Listens on a UDP port (127.0.0.1) for up to `timeoutMs` and resolves true on the first datagram:
 * FlightGear's generic output arrives there when the user started fgfs with Stratus' protocol.
 * A port already in use resolves false.
 */
export function probeUdpListen(port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    let finished = false;
    const done = (ok: boolean): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      try {
        socket.close();
      } catch {
        // already closed after a bind error
      }
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(false), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('message', () => done(true));
    socket.once('error', () => done(false));
    socket.bind(port, '127.0.0.1');
  });
}
