import { isIP } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { IncomingHttpHeaders } from 'node:http';

/** Loopback names a local browser or tool may use for this host, whatever it is bound to. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Wildcard binds: the user opted in to every interface of this machine. */
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '[::]']);
/** A refused Host or Origin is quoted back at most this long: enough to recognise, never a flood. */
const QUOTE_MAX_CHARS = 80;

export type GuardVerdict = { ok: true } | { ok: false; status: 403 | 421; reason: string };

export interface HostGuardOptions {
  /** The addresses the server is bound to: what it was asked for and what server.address() says. */
  bind: readonly string[];
  port: number;
  /** This machine's interfaces (os.networkInterfaces()); injectable for tests. */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/**
 * DNS-rebinding and cross-origin defence for the headless host. A request's `Host` must name
 * this server: a loopback name or the bound address with the port; on a wildcard bind, also an
 * IP literal of one of this machine's interfaces, never any other DNS name. A browser's `Origin`
 * must be this host's own (`http://<accepted host>:<port>`); requests without one (curl, the
 * CLI) rely on the session token alone.
 */
export class HostGuard {
  private readonly fixedNames: Set<string>;
  private readonly wildcard: boolean;
  private readonly interfaces: () => NodeJS.Dict<NetworkInterfaceInfo[]>;

  constructor(private readonly opts: HostGuardOptions) {
    const binds = opts.bind.map((b) => b.toLowerCase());
    this.wildcard = binds.some((b) => WILDCARD_BINDS.has(b));
    this.fixedNames = new Set(LOOPBACK_NAMES);
    for (const b of binds) if (!WILDCARD_BINDS.has(b)) this.fixedNames.add(bracketed(b));
    this.interfaces = opts.interfaces ?? networkInterfaces;
  }

  /** The host names (without port) a request may carry in `Host`. */
  acceptedNames(): Set<string> {
    if (!this.wildcard) return this.fixedNames;
    const names = new Set(this.fixedNames);
    for (const list of Object.values(this.interfaces())) {
      for (const info of list ?? []) names.add(bracketed(info.address.split('%')[0]!.toLowerCase()));
    }
    return names;
  }

  /** True when `hostPort` ("name:port", or "name" on port 80) names this server. */
  acceptsHost(hostPort: string): boolean {
    const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(hostPort.trim());
    if (!m) return false;
    const port = m[2] === undefined ? 80 : Number(m[2]);
    if (port !== this.opts.port) return false;
    return this.acceptedNames().has(m[1]!.toLowerCase());
  }

  /** Checks `Host` and, when present, `Origin` of a request or WebSocket upgrade. */
  check(headers: IncomingHttpHeaders): GuardVerdict {
    const host = headers.host;
    if (!host) return { ok: false, status: 421, reason: 'missing Host header' };
    if (!this.acceptsHost(host)) {
      return { ok: false, status: 421, reason: `Host "${quote(host)}" is not this server; use ${this.example()} (DNS names other than localhost are refused)` };
    }
    const origin = headers.origin;
    if (origin === undefined) return { ok: true };
    if (!this.acceptsOrigin(origin)) {
      return { ok: false, status: 403, reason: `cross-origin request from "${quote(origin)}" refused: only pages served by this host (${this.example()}) may call it` };
    }
    return { ok: true };
  }

  private acceptsOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' || url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) return false;
    if (`${url.protocol}//${url.host}` !== origin.toLowerCase().replace(/\/$/, '')) return false;
    return this.acceptsHost(url.port ? url.host : `${url.host}:80`);
  }

  private example(): string {
    return `http://127.0.0.1:${this.opts.port} or http://localhost:${this.opts.port}`;
  }
}

function bracketed(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

function quote(s: string): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > QUOTE_MAX_CHARS ? `${clean.slice(0, QUOTE_MAX_CHARS)}…` : clean;
}
