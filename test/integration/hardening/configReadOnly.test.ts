import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineStateSchema } from '../../../core/api/common/contract.js';
import { CLI_TEST_TIMEOUT_MS, handToCliUser, removeHome, startCli, tempHome, type CliHost } from './cliHost.js';

/**
 * A read-only config folder (a locked-down profile, a full or read-only disk). The CLI runs as an
 * unprivileged user when the tests run as root, since root writes through any mode.
 */
let host: CliHost | undefined;
let home: string | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (home) {
    chmodSync(join(home, 'cfg'), 0o755);
    removeHome(home);
  }
  home = undefined;
});

function readOnlyHome(config: unknown): { home: string; dir: string } {
  const h = tempHome();
  const dir = join(h, 'cfg');
  mkdirSync(dir);
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  handToCliUser(h);
  chmodSync(h, 0o755);
  chmodSync(dir, 0o555);
  return { home: h, dir };
}

describe('issue 14 point 9: a read-only config folder', () => {
  it('answers a PATCH it cannot save with 503 naming the folder, and does not apply it', async () => {
    const ro = readOnlyHome({ ptt: { mode: 'hold' } });
    home = ro.home;
    host = await startCli({ home: ro.home, args: ['--config', join(ro.dir, 'config.json')], unprivileged: true });
    const r = await host.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ ptt: { mode: 'toggle' } }) });
    expect(r.status, r.text).toBe(503);
    expect(r.text).toContain(`could not save settings: ${ro.dir} is read-only`);
    const settings = (await host.api('/api/settings')).body as { ptt: { mode: string } };
    expect(settings.ptt.mode).toBe('hold');
    const state = engineStateSchema.parse((await host.api('/api/state')).body);
    expect(state.ptt.mode).toBe('hold');
    // The session token cannot be kept there either: the host serves with a token for this run and says so.
    expect(state.warnings.map((w) => w.message).join('\n')).toMatch(/session token could not be saved in .*cfg.*for this run only/);
  }, CLI_TEST_TIMEOUT_MS);

  it('starts with an invalid config there: the valid settings, and a warning that the file could not be moved aside', async () => {
    const ro = readOnlyHome({ sim: { kind: 'concorde' }, ptt: { mode: 'toggle' } });
    home = ro.home;
    host = await startCli({ home: ro.home, args: ['--config', join(ro.dir, 'config.json')], unprivileged: true });
    const settings = (await host.api('/api/settings')).body as { ptt: { mode: string }; sim: { kind: string } };
    expect(settings.ptt.mode).toBe('toggle');
    expect(settings.sim.kind).toBe('auto');
    const warnings = engineStateSchema.parse((await host.api('/api/state')).body).warnings.map((w) => w.message).join('\n');
    expect(warnings).toMatch(/sim\.kind/);
    expect(warnings).toMatch(/could not be moved aside/);
    expect(readdirSync(ro.dir)).toEqual(['config.json']);
    expect(readFileSync(join(ro.dir, 'config.json'), 'utf8')).toContain('concorde');
  }, CLI_TEST_TIMEOUT_MS);
});
