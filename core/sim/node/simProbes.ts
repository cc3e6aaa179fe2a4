import dgram from 'node:dgram';
import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import net from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sanitiseText } from '../common/telemetrySanitiser.js';
import { readCappedJson } from './cappedBody.js';

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

/** The capabilities answer is a few hundred bytes; whatever answers on the port is read no further than this. */
const MAX_CAPABILITIES_BYTES = 64 * 1024;
/** Longest X-Plane version text kept ("12.1.4-r1" and the like). */
const MAX_VERSION_CHARS = 32;

/** The X-Plane 12.1.1+ web API answers GET /api/capabilities with its versions. */
export async function probeXplaneWeb(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  try {
    const res = await fetch(`http://${host}:${port}/api/capabilities`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const body = (await readCappedJson(res, MAX_CAPABILITIES_BYTES)) as { api?: { versions?: unknown }; 'x-plane'?: { version?: unknown } } | null;
    const versions = body?.api?.versions;
    if (!Array.isArray(versions) || !versions.includes('v2')) return undefined;
    const version = body?.['x-plane']?.version;
    return typeof version === 'string' ? sanitiseText(version, MAX_VERSION_CHARS) || 'unknown' : 'unknown';
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

/** Where MSFS's SimConnect server is on this PC, as node-simconnect would find it. */
export type LocalSimConnect = { kind: 'pipe'; path: string } | { kind: 'ipv4'; host: string; port: number; from: string };

/** MSFS 2020 and 2024 open this named pipe while they run (default SimConnect.xml). */
export const SIMCONNECT_PIPE = '\\\\.\\pipe\\Microsoft Flight Simulator\\SimConnect';

/**
 * Reads the first IPv4 entry of a SimConnect.cfg (INI: `[SimConnect]` or `[SimConnect.N]` with
 * Protocol/Address/Port). Undefined when the file is missing, unreadable or not IPv4.
 */
export async function readSimConnectCfg(file: string): Promise<{ host: string; port: number } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let inSection = false;
  const entry: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[;#].*$/, '').trim();
    if (!line) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      if (inSection && entry.address) break; // the first complete section wins
      inSection = /^simconnect(\.\d+)?$/i.test(section[1]!.trim());
      continue;
    }
    const kv = /^([^=]+)=(.*)$/.exec(line);
    if (inSection && kv) entry[kv[1]!.trim().toLowerCase()] = kv[2]!.trim();
  }
  const port = Number(entry.port);
  if (!entry.address || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  if (entry.protocol && entry.protocol.toUpperCase() !== 'IPV4') return undefined;
  return { host: entry.address, port };
}

/**
 * MSFS on this PC without a configured host: a SimConnect.cfg in `folders` (node-simconnect looks
 * in the working directory, then the home directory) whose address accepts a connection, or on
 * Windows the SimConnect named pipe. Undefined when nothing answers.
 */
export async function probeLocalSimConnect(
  timeoutMs: number,
  folders: string[] = [process.cwd(), homedir()],
  platform: NodeJS.Platform = process.platform,
): Promise<LocalSimConnect | undefined> {
  for (const folder of folders) {
    const from = join(folder, 'SimConnect.cfg');
    const cfg = await readSimConnectCfg(from);
    if (cfg) return (await probeTcp(cfg.host, cfg.port, timeoutMs)) ? { kind: 'ipv4', ...cfg, from } : undefined;
  }
  if (platform !== 'win32') return undefined;
  try {
    await access(SIMCONNECT_PIPE, constants.F_OK);
    return { kind: 'pipe', path: SIMCONNECT_PIPE };
  } catch {
    return undefined;
  }
}
