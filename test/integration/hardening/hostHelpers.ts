import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHeadless, type HeadlessOptions, type HeadlessServer } from '../../../core/api/node/headlessServer.js';
import type { EngineApi } from '../../../core/api/common/engineApi.js';
import { createEngine, type Engine, type EngineOptions } from '../../../core/engine.js';

/** An answer from the headless host on loopback comes well within this; past it the host hangs. */
export const ANSWER_TIMEOUT_MS = 10_000;

export interface InProcessHost {
  home: string;
  engine: Engine;
  server: HeadlessServer;
  logs: string[];
  dispose(): Promise<void>;
}

/** The demo sim, no audio, no LLM: an engine and headless server in this process, in a temp home. */
export async function startInProcess(
  engineOpts: Partial<EngineOptions> = {},
  serverOpts: Partial<HeadlessOptions> & { wrap?: (engine: Engine) => EngineApi } = {},
): Promise<InProcessHost> {
  const home = mkdtempSync(join(tmpdir(), 'stratus-hardening-'));
  const rendererDir = join(home, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stratus overlay</title>');
  const engine = await createEngine({
    configPath: join(home, 'config.json'),
    sim: 'demo',
    speech: false,
    env: { STRATUS_HOME: home, STRATUS_SIM_DEMORATEHZ: '20', STRATUS_LLM_PROVIDER: 'none' },
    ...engineOpts,
  });
  await engine.ready();
  const logs: string[] = [];
  const { wrap, ...rest } = serverOpts;
  const server = await startHeadless({ engine: wrap ? wrap(engine) : engine, rendererDir, version: 'test', log: (l) => logs.push(l), ...rest });
  return {
    home,
    engine,
    server,
    logs,
    async dispose() {
      await server.close();
      await engine.dispose();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

/** One HTTP request to 127.0.0.1 with exactly these headers (Host and Origin included); rejects past ANSWER_TIMEOUT_MS. */
export function httpRequest(port: number, opts: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: string | Buffer }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers: opts.headers, setHost: !opts.headers?.host, timeout: ANSWER_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${opts.method ?? 'GET'} ${opts.path} within ${ANSWER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** The error text of a JSON error answer, or undefined when the body is not `{ error: string }`. */
export function errorOf(a: RawAnswer): string | undefined {
  const j = a.json as { error?: unknown } | undefined;
  return typeof j?.error === 'string' ? j.error : undefined;
}
