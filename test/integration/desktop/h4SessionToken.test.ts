import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHeadlessHost, type HeadlessHost } from '../../e2e/helpers/headlessHost.js';

const root = join(import.meta.dirname, '..', '..', '..');
/** A running host checks its token file every 2 s; a rotation from the CLI takes effect well within this. */
const ROTATION_SEEN_TIMEOUT_MS = 10_000;
/** Starts of the built host: each takes a few seconds on a loaded box. */
const TEST_TIMEOUT_MS = 180_000;

const dir = mkdtempSync(join(tmpdir(), 'stratus-h4-token-'));
let host: HeadlessHost | undefined;
afterAll(async () => {
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function stratus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'stratus.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STRATUS_HOME: dir, STRATUS_CONFIG: join(dir, 'config.json') },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function status(origin: string, token: string): Promise<number> {
  return (await fetch(`${origin}/api/health`, { headers: { Authorization: `Bearer ${token}` } })).status;
}

describe('the session token through the built CLI', () => {
  it(
    'survives a restart with the same config folder, and rotating it (CLI or API) ends the old one',
    async () => {
      host = await startHeadlessHost([], dir);
      const first = host.token;
      expect(statSync(join(dir, 'session-token')).mode & 0o777).toBe(0o600);
      await host.stop();

      host = await startHeadlessHost([], dir);
      expect(host.token).toBe(first);
      expect(await status(host.origin, first)).toBe(200);

      // `stratus token show` prints the same token; `rotate` makes a new one the running host takes.
      const shown = stratus('token', 'show');
      expect(shown.status, shown.stderr).toBe(0);
      expect(shown.stdout.trim()).toBe(first);
      const rotated = stratus('token', 'rotate');
      expect(rotated.status, rotated.stderr).toBe(0);
      const second = rotated.stdout.trim();
      expect(second).not.toBe(first);
      await expect.poll(() => status(host!.origin, first), { timeout: ROTATION_SEEN_TIMEOUT_MS }).toBe(401);
      expect(await status(host.origin, second)).toBe(200);

      // Settings' button: the API rotates with the current token and answers with the new one.
      expect((await fetch(`${host.origin}/api/token/rotate`, { method: 'POST', headers: { Authorization: `Bearer ${first}` } })).status).toBe(401);
      const res = await fetch(`${host.origin}/api/token/rotate`, { method: 'POST', headers: { Authorization: `Bearer ${second}` } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; overlayUrl: string; settingsUrl: string };
      expect(body.token).not.toBe(second);
      expect(body.settingsUrl).toBe(`${host.origin}/settings.html?token=${body.token}`);
      expect(await status(host.origin, second)).toBe(401);
      expect(await status(host.origin, body.token)).toBe(200);
      await host.stop();

      host = await startHeadlessHost([], dir);
      expect(host.token).toBe(body.token);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'replaces a token file others could read, with a visible warning, and prints the settings URL',
    async () => {
      await host?.stop();
      const file = join(dir, 'session-token');
      const before = stratus('token', 'show').stdout.trim();
      chmodSync(file, 0o644);
      host = await startHeadlessHost([], dir);
      expect(host.token).not.toBe(before);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const state = await host.get<{ warnings: { id: string; message: string }[] }>('/api/state');
      expect(state.warnings.find((w) => w.id === 'session-token-replaced')?.message).toMatch(/could be read by other users/);
      expect(host.settingsUrl).toBe(`${host.origin}/settings.html?token=${host.token}`);
    },
    TEST_TIMEOUT_MS,
  );

  it('prints the settings URL beside the overlay URL, and the token subcommand explains itself', () => {
    const help = stratus('token', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('token show | token rotate');
    const bad = stratus('token', 'frobnicate');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('token needs show or rotate');
  });
});
