import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The built CLI (`bin/stratus.js headless`) as a pilot starts it, for the config, secrets and
 * crash-loop tests: its own temp home, the demo sim, and the overlay/API line parsed from stdout.
 */

/** A headless start (TypeScript compiled on the fly when dist/ is stale, speech probing devices) stays well within this. */
export const START_TIMEOUT_MS = 90_000;
/** One test that starts the CLI a few times: each start within START_TIMEOUT_MS, on 2 shared cores. */
export const CLI_TEST_TIMEOUT_MS = 240_000;
/** A host told to stop (SIGTERM) ends well within this. */
export const STOP_TIMEOUT_MS = 20_000;
/** The uid/gid tests run the CLI as when they run as root, so that a read-only folder is read-only (root ignores modes). */
export const NOBODY = 65534;

export interface CliHost {
  proc: ChildProcess;
  url: string;
  token: string;
  stdout: () => string;
  stderr: () => string;
  api(path: string, init?: RequestInit): Promise<{ status: number; body: unknown; text: string }>;
  stop(): Promise<number | null>;
}

export function tempHome(prefix = 'stratus-config-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeHome(home: string): void {
  rmSync(home, { recursive: true, force: true });
}

/** Gives `dir` (and what is in it) to the unprivileged user the CLI runs as when the tests run as root. */
export function handToCliUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  chownSync(dir, NOBODY, NOBODY);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    chownSync(p, NOBODY, NOBODY);
    if (statSync(p).isDirectory()) handToCliUser(p);
  }
}

export interface RunOptions {
  home: string;
  args?: string[];
  env?: Record<string, string>;
  /** Run as an unprivileged user when the tests run as root (for read-only folders). */
  unprivileged?: boolean;
}

function spawnCli(o: RunOptions): ChildProcess {
  const asNobody = o.unprivileged && process.getuid?.() === 0;
  return spawn(process.execPath, ['bin/stratus.js', 'headless', '--sim', 'demo', '--config', join(o.home, 'config.json'), ...(o.args ?? [])], {
    env: { ...process.env, STRATUS_HOME: o.home, HOME: o.home, ...(o.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
}

/** Starts the headless host and resolves once it prints its API line; rejects with its output if it exits first. */
export async function startCli(o: RunOptions): Promise<CliHost> {
  const proc = spawnCli(o);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = once(proc, 'exit');
  const api = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no API line within ${START_TIMEOUT_MS} ms\n${out}\n${err}`)), START_TIMEOUT_MS);
    const check = (): void => {
      const m = /API: (http:\/\/\S+)\/api\/state \(Authorization: Bearer ([\w-]+)\)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`stratus headless exited (${String(code)}) before serving\n${out}\n${err}`));
    });
  });
  const [, url, token] = api as unknown as [string, string, string];
  return {
    proc,
    url,
    token,
    stdout: () => out,
    stderr: () => err,
    async api(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${token}`);
      if (init.body !== undefined) headers.set('content-type', 'application/json');
      const res = await fetch(`${url}${path}`, { ...init, headers });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, body, text };
    },
    async stop() {
      if (proc.exitCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const [code] = (await exited) as [number | null];
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs the headless host expecting it to fail to start: resolves with its exit code and output. */
export async function runCliToExit(o: RunOptions): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawnCli(o);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => proc.kill('SIGKILL'), START_TIMEOUT_MS);
  const [code] = (await once(proc, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout: out, stderr: err };
}
