import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** One CLI run: loading the built CLI (or tsx from source on a busy 2-core machine) takes seconds, not a minute. */
const CLI_TIMEOUT_MS = 60_000;

const home = mkdtempSync(join(tmpdir(), 'stratus-help-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function stratus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/stratus.js', ...args], { encoding: 'utf8', env: { ...process.env, STRATUS_HOME: home }, timeout: CLI_TIMEOUT_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The subcommands the shipped `stratus --help` lists: the indented names under "Commands:". */
function listedCommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S.*:$/m)[0] ?? '';
  return [...section.matchAll(/^ {2}([a-z][a-z0-9-]*)\b/gm)].map((m) => m[1]!);
}

describe('every subcommand prints its usage on --help', () => {
  const help = stratus('--help');
  const commands = listedCommands(help.stdout);

  it('the main help lists the subcommands', () => {
    expect(help.status).toBe(0);
    expect(commands).toEqual(expect.arrayContaining(['headless', 'cmd', 'say', 'parse', 'record', 'flightgear', 'replay', 'model']));
  });

  it.each(commands.flatMap((c) => [[c, '--help'], [c, '-h']]))('stratus %s %s prints its usage and exits 0', (command, flag) => {
    const r = stratus(command, flag);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: stratus ${command}\\b`));
    expect(r.stdout).toContain('--help, -h');
  });

  it('--help wins over other arguments and runs nothing; an unknown command is still a usage error', () => {
    const r = stratus('cmd', '--sim', 'demo', 'gear up', '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: stratus cmd \[--sim KIND\]/);
    expect(r.stdout).not.toContain('"outcome"');
    expect(stratus('no-such-command', '--help').status).toBe(2);
  });
});
