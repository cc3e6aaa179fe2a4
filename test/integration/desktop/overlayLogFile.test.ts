import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_TEST_TIMEOUT_MS, removeHome, startCli, tempHome, type CliHost } from '../hardening/cliHost.js';

const homes: string[] = [];
const hosts: CliHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
  for (const d of homes.splice(0)) removeHome(d);
});

describe('the built CLI keeps a log file', () => {
  it('headless writes every log line to <home>/logs/headless.log', { timeout: CLI_TEST_TIMEOUT_MS }, async () => {
    const home = tempHome('stratus-logfile-');
    homes.push(home);
    // A setting out of range and a URL with a password: the host logs a warning naming them.
    writeFileSync(join(home, 'config.json'), JSON.stringify({ overlay: { opacity: 5 }, llm: { host: 'http://pilot:hunter22@127.0.0.1:9/' } }));
    const host = await startCli({ home });
    hosts.push(host);
    expect(await host.stop()).toBe(0);
    const file = join(home, 'logs', 'headless.log');
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8');
    const lines = host.stderr().split('\n').filter((l) => l.trim() && !l.startsWith('    '));
    expect(lines.some((l) => l.includes('overlay.opacity'))).toBe(true);
    for (const line of lines) expect(text).toContain(line);
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z --- headless started \(pid \d+\)\n/);
    expect(text).not.toContain('hunter22');
  });
});
