import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/**
 * The policy for served pages, on top of the one their <meta> tag sets: scripts and styles only
 * from this host, the contract's WebSocket only to this host, never framed (no clickjacking of the
 * overlay), no plugins, no <base> or form posts elsewhere.
 */
function pagePolicy(wsOrigin: string | undefined): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "media-src 'self' blob:",
    `connect-src 'self'${wsOrigin ? ` ${wsOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface StaticOptions {
  /** The WebSocket origin pages may connect to (`ws://host:port` of the request's checked Host). */
  wsOrigin?: string;
}

/** Serves a file under `root`; false when there is none. Never leaves `root`. */
export async function serveStatic(root: string, pathname: string, res: ServerResponse, opts: StaticOptions = {}): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const base = resolve(root);
  const file = resolve(join(base, normalize(rel)));
  if (file !== base && !file.startsWith(base + sep)) return false;
  try {
    const st = await stat(file);
    if (!st.isFile()) return false;
    const ext = extname(file);
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': st.size,
      'cache-control': rel.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(ext === '.html' ? { 'content-security-policy': pagePolicy(opts.wsOrigin), 'x-frame-options': 'DENY' } : {}),
    });
    // A file gone between stat and read ends this answer, never the process.
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
    return true;
  } catch {
    return false;
  }
}
