import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ModelServer {
  origin: string;
  /** Lets the held /model.bin response send its second half. */
  release(): void;
  dispose(): Promise<void>;
}

/**
 * Serves one model file on 127.0.0.1: /model.bin sends half, then the rest once `release()` is
 * called (so a test can see the progress bar first); /stall.bin sends half and never more;
 * anything else is a 404.
 */
export async function startModelServer(file: Buffer): Promise<ModelServer> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const open = new Set<ServerResponse>();
  const half = Math.floor(file.length / 2);
  const server = createServer((req, res) => {
    if (req.url !== '/model.bin' && req.url !== '/stall.bin') {
      res.writeHead(404).end('not here');
      return;
    }
    open.add(res);
    res.on('close', () => open.delete(res));
    res.writeHead(200, { 'Content-Length': String(file.length), 'Content-Type': 'application/octet-stream' });
    res.write(file.subarray(0, half));
    if (req.url === '/model.bin') void released.then(() => res.end(file.subarray(half)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    release,
    async dispose() {
      release();
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
