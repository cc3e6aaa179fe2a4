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
