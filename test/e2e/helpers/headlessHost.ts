import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..', '..');
/** The host prints its URL once the sim and server are up; it takes well under this on a loaded CI box. */
const HOST_START_TIMEOUT_MS = 45_000;

export interface HeadlessHost {
  overlayUrl: string;
  /** The settings page URL the host prints beside the overlay's. */
  settingsUrl: string;
  origin: string;
  token: string;
  configDir: string;
  child: ChildProcess;
  /** GET an API path (`/api/settings`) with the session token; the parsed JSON body. */
  get<T>(path: string): Promise<T>;
  /** Stops the host (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops the host and removes its temporary config folder. */
  dispose(): Promise<void>;
}

/** The built renderer must exist: `npm run build` (scripts/test.js builds before e2e). */
export function rendererBuilt(): boolean {
  return existsSync(join(root, 'out', 'renderer', 'index.html'));
}

/**
 * Starts `node bin/stratus.js headless --sim demo --port 0` with its own config folder (so tests
 * never touch the user's settings) and resolves once it prints its overlay URL.
 */
export async function startHeadlessHost(extraArgs: string[] = [], configDir?: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<HeadlessHost> {
  try {
    return await startOnce(extraArgs, configDir, extraEnv);
  } catch (first) {
    // One more try: on a shared CI box a concurrent build can briefly remove dist/ or out/.
    console.warn(`headless host failed to start, retrying once: ${(first as Error).message}`);
    return startOnce(extraArgs, configDir, extraEnv);
  }
}

async function startOnce(extraArgs: string[], configDir: string | undefined, extraEnv: NodeJS.ProcessEnv): Promise<HeadlessHost> {
  const dir = configDir ?? mkdtempSync(join(tmpdir(), 'stratus-e2e-'));
  const child = spawn(process.execPath, [join(root, 'bin', 'stratus.js'), 'headless', '--sim', 'demo', '--port', '0', ...extraArgs], {
    cwd: root,
    env: { ...process.env, ...extraEnv, STRATUS_HOME: dir, STRATUS_CONFIG: join(dir, 'config.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  let settingsUrl = '';
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless host did not start in time; stderr: ${stderr}`)), HOST_START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    let overlay = '';
    lines.on('line', (line) => {
      const m = /Overlay: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(line);
      if (m?.[1]) overlay = m[1];
      // The settings URL is printed on the line after the overlay's.
      const s = /Settings: (http:\/\/127\.0\.0\.1:\d+\/settings\.html\?token=\S+)/.exec(line);
      if (s?.[1]) settingsUrl = s[1];
      if (overlay && settingsUrl) {
        clearTimeout(timer);
        resolve(overlay);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless host exited with ${code}; stderr: ${stderr}`));
    });
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };
  let overlayUrl: string;
  try {
    overlayUrl = await started;
  } catch (e) {
    await stop();
    if (!configDir) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const url = new URL(overlayUrl);
  const token = url.searchParams.get('token') ?? '';
  return {
    overlayUrl,
    settingsUrl,
    origin: url.origin,
    token,
    configDir: dir,
    child,
    async get<T>(path: string): Promise<T> {
      const res = await fetch(`${url.origin}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    stop,
    async dispose() {
      await stop();
      if (!configDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
