import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineStateSchema } from '../../../core/api/common/contract.js';
import { CLI_TEST_TIMEOUT_MS, removeHome, startCli, tempHome, type CliHost } from './cliHost.js';

/** A pid no live process has (above Linux's pid_max default of 4,194,304): the writer of a leftover temp file is gone. */
const DEAD_PID = 4_194_999;

let host: CliHost | undefined;
let home: string | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (home) removeHome(home);
  home = undefined;
});

describe('issue 14 points 9 and 11: the settings file as people and crashes leave it', () => {
  it('reads a file saved with a UTF-8 byte-order mark, without a warning', async () => {
    home = tempHome();
    writeFileSync(join(home, 'config.json'), `\uFEFF${JSON.stringify({ ptt: { mode: 'toggle' }, overlay: { opacity: 0.6 } })}`);
    host = await startCli({ home });
    const settings = (await host.api('/api/settings')).body as { ptt: { mode: string }; overlay: { opacity: number } };
    expect(settings.ptt.mode).toBe('toggle');
    expect(settings.overlay.opacity).toBe(0.6);
    expect(engineStateSchema.parse((await host.api('/api/state')).body).warnings.filter((w) => w.id.startsWith('config'))).toEqual([]);
  }, CLI_TEST_TIMEOUT_MS);

  it('keeps every valid setting when one key is unknown, keeps the original aside, and prints the warning once', async () => {
    home = tempHome();
    const original = JSON.stringify({ ptt: { mode: 'toggle' }, colour: 'red', llm: { model: 'qwen2.5:7b' } });
    writeFileSync(join(home, 'config.json'), original);
    host = await startCli({ home });
    const settings = (await host.api('/api/settings')).body as { ptt: { mode: string }; llm: { model: string } };
    expect(settings.ptt.mode).toBe('toggle');
    expect(settings.llm.model).toBe('qwen2.5:7b');
    const warning = engineStateSchema.parse((await host.api('/api/state')).body).warnings.find((w) => w.id === 'config-invalid');
    expect(warning?.message).toMatch(/colour \(no such setting\)/);
    const aside = readdirSync(home).find((f) => f.startsWith('config.json.bad-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(home, aside!), 'utf8')).toBe(original);
    expect(JSON.parse(readFileSync(join(home, 'config.json'), 'utf8'))).toEqual({ ptt: { mode: 'toggle' }, llm: { model: 'qwen2.5:7b' } });
    expect(host.stderr().split('\n').filter((l) => l.includes('colour (no such setting)'))).toHaveLength(1);
  }, CLI_TEST_TIMEOUT_MS);

  it('prints each start-up warning once (not by the engine log and again by the CLI)', async () => {
    home = tempHome();
    host = await startCli({ home, env: { STRATUS_NOPE: '1' } });
    const lines = host.stderr().split('\n').filter((l) => l.includes('Ignored STRATUS_NOPE'));
    expect(lines).toEqual(['warning: Ignored STRATUS_NOPE: no such setting.']);
  }, CLI_TEST_TIMEOUT_MS);

  it('removes temp files a crashed write left behind, and only those', async () => {
    home = tempHome();
    const stale = join(home, `config.json.tmp-${DEAD_PID}-k3j2h1`);
    const old = join(home, `config.json.tmp-${process.pid}-abc123`);
    const notOurs = join(home, 'config.json.tmp-notes.txt');
    writeFileSync(stale, '{"half":');
    writeFileSync(old, '{"half":');
    writeFileSync(notOurs, 'keep me');
    // A temp file of a live writer (this test process) counts as stale only when older than a write can take.
    const longAgo = new Date(Date.now() - 3_600_000);
    utimesSync(old, longAgo, longAgo);
    host = await startCli({ home });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(notOurs)).toBe(true);
  }, CLI_TEST_TIMEOUT_MS);
});
