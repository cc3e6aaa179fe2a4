import { describe, expect, it } from 'vitest';
import { commandNames, HELP } from '../../../core/cli.js';
import { commandUsage, helpCommands, wantsHelp } from '../../../core/api/node/cliArgs.js';

describe('subcommand --help', () => {
  it('is asked for by --help or -h, not after --', () => {
    expect(wantsHelp(['--sim', 'demo', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['heading two seven zero'])).toBe(false);
  });

  it('every subcommand the CLI runs has its entry in the main help', () => {
    expect(helpCommands(HELP).sort()).toEqual(commandNames().sort());
  });

  it("prints the command's entry with the shared options it takes", () => {
    const usage = commandUsage(HELP, 'cmd')!;
    expect(usage).toMatch(/^usage: stratus cmd \[--sim KIND\] \[--config PATH\] "TEXT"\n {2}Run one text command/);
    expect(usage).toContain('--sim KIND');
    expect(usage).toContain('--help, -h');
    expect(usage).not.toContain('--version');
    expect(commandUsage(HELP, 'no-such-command')).toBeUndefined();
  });
});
