/** Where a CLI command writes: stdout lines and stderr lines. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** A small, strict argument parser: known flags only, clear errors. */
export interface FlagSpec {
  /** Takes a value (`--port 8080`) or is a switch (`--raw`). */
  value: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseArgs(
  args: string[],
  spec: Record<string, FlagSpec>,
): { flags: Record<string, string | true>; positional: string[] } {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
      const s = spec[name];
      if (!s) throw new UsageError(`unknown option --${name}`);
      if (s.value) {
        const v = inline ?? args[++i];
        if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
        flags[name] = v;
      } else {
        if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
        flags[name] = true;
      }
    } else positional.push(a);
  }
  return { flags, positional };
}

export function intFlag(flags: Record<string, string | true>, name: string, min: number, max: number): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer ${min}-${max}`);
  return n;
}

export const simKindsForCli = ['auto', 'demo', 'replay', 'xplane', 'xplane-web', 'flightgear', 'msfs'] as const;

export function simFlag(flags: Record<string, string | true>): string | undefined {
  const v = flags.sim;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(simKindsForCli as readonly string[]).includes(v)) {
    throw new UsageError(`--sim must be one of ${simKindsForCli.join(', ')}`);
  }
  return v;
}

/**
 * A subcommand's argument reading: returns what `read` returns, or, when it throws a UsageError,
 * prints "stratus COMMAND: reason" and the usage line on stderr and returns undefined (the
 * command then exits 2). Other errors propagate.
 */
export function readArgs<T>(io: CliIo, command: string, usage: string, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`stratus ${command}: ${e.message}`);
    io.err(usage);
    return undefined;
  }
}

/** `--help` or `-h` among a subcommand's arguments (before a `--`): it prints its usage and exits 0. */
export function wantsHelp(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** A command's entry in the main help: two spaces, the name, then its options (or the end of the line). */
const COMMAND_LINE = /^ {2}([a-z][a-z0-9-]*)(?: |$)/;
/** A line of the main help's option list: two spaces, then the flag. */
const OPTION_LINE = /^ {2}(--[a-z-]+)/;

/**
 * The subcommands the main help lists, in its order: the names of the `Commands:` section. A
 * subcommand is documented there once, and `stratus NAME --help` prints that entry.
 */
export function helpCommands(help: string): string[] {
  return helpSections(help).commands.map((c) => c.name);
}

function helpSections(help: string): { commands: Array<{ name: string; lines: string[] }>; options: string[] } {
  const commands: Array<{ name: string; lines: string[] }> = [];
  const options: string[] = [];
  let section = '';
  for (const line of help.split('\n')) {
    if (/^\S.*:$/.test(line)) section = line;
    else if (section === 'Commands:') {
      const m = COMMAND_LINE.exec(line);
      if (m) commands.push({ name: m[1]!, lines: [line.trim()] });
      else if (line.trim() !== '') commands[commands.length - 1]?.lines.push(line.trim());
    } else if (section === 'Options:' && OPTION_LINE.test(line)) options.push(line);
  }
  return { commands, options };
}

/**
 * A subcommand's usage, from its entry in the main help (so a new subcommand documented there
 * has its `--help` at once): `usage: stratus …`, what it does, and the shared options it takes.
 * Undefined when the main help does not list the command.
 */
export function commandUsage(help: string, command: string): string | undefined {
  const { commands, options } = helpSections(help);
  const entry = commands.find((c) => c.name === command);
  if (!entry) return undefined;
  const [synopsis, ...about] = entry.lines;
  const flagsUsed = options.filter((o) => {
    const flag = OPTION_LINE.exec(o)![1]!;
    return flag === '--help' || synopsis!.includes(flag);
  });
  return [`usage: stratus ${synopsis!}`, ...about.map((l) => `  ${l}`), '', 'Options:', ...flagsUsed].join('\n');
}
