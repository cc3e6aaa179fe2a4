import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs, readArgs, UsageError, type CliIo } from '../cliArgs.js';
import { configSchema } from '../../../config/common/configSchema.js';
import { assetsDir } from '../../../config/node/paths.js';
import { ConfigStore, defaultConfigPath } from '../../../config/node/configStore.js';
import { flightgearLaunchArgs } from '../../../sim/common/flightgearProtocol.js';

const USAGE = 'usage: stratus flightgear [--install] [--fg-root DIR] [--config PATH]';

/** Where FlightGear's data folder ($FG_ROOT) usually is, by platform, newest first. */
export function fgRootCandidates(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = env.FG_ROOT ? [env.FG_ROOT] : [];
  switch (platform) {
    case 'win32': {
      const pf = env.ProgramFiles ?? 'C:\\Program Files';
      return [...fromEnv, ...['2024.1', '2020.3'].map((v) => `${pf}\\FlightGear ${v}\\data`)];
    }
    case 'darwin':
      return [...fromEnv, '/Applications/FlightGear.app/Contents/Resources/data'];
    default:
      return [...fromEnv, '/usr/share/games/flightgear', '/usr/share/flightgear', '/usr/local/share/flightgear'];
  }
}

/**
 * `stratus flightgear`: prints the fgfs options that make FlightGear talk to Stratus (from the
 * configured ports) and whether Stratus' generic protocol is installed in $FG_ROOT/Protocol.
 * With --install it copies the protocol there (the one step fgfs cannot do from the command line).
 * Exit 0 when the protocol is in place, 1 when it is not (or could not be copied), 2 on usage errors.
 */
export async function runFlightgearCli(args: string[], io: CliIo): Promise<number> {
  const opts = readArgs(io, 'flightgear', USAGE, () => {
    const { flags, positional } = parseArgs(args, { install: { value: false }, 'fg-root': { value: true }, config: { value: true } });
    if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
    return {
      install: flags.install === true,
      fgRoot: typeof flags['fg-root'] === 'string' ? flags['fg-root'] : undefined,
      configPath: typeof flags.config === 'string' ? flags.config : undefined,
    };
  });
  if (!opts) return 2;
  const { install, fgRoot, configPath } = opts;

  const loaded = await new ConfigStore(configPath ?? defaultConfigPath()).load();
  for (const w of loaded.warnings) io.err(`warning: ${w.message}`);
  const fg = configSchema.shape.sim.parse(loaded.config.sim).flightgear;
  const candidates = fgRootCandidates();
  const root = fgRoot ?? candidates.find((dir) => existsSync(dir));
  const source = join(assetsDir(), 'protocols', 'stratus.xml');

  io.out('Start FlightGear with these options (or add them in the launcher under Settings > Additional Settings):');
  io.out(`  ${flightgearLaunchArgs({ host: '127.0.0.1', outPort: fg.outPort, inPort: fg.inPort, telnetPort: fg.telnetPort }).join(' ')}`);
  io.out('FlightGear on another PC: replace 127.0.0.1 in the two --generic options with this PC\'s address, and set that PC as the FlightGear host in Stratus.');

  if (!root) {
    io.err(`FlightGear's data folder was not found (looked in ${candidates.join(', ')}); give it with --fg-root DIR or FG_ROOT.`);
    return 1;
  }
  const target = join(root, 'Protocol', 'stratus.xml');
  const wanted = await readFile(source, 'utf8');
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (current === wanted) {
    io.out(`Protocol: ${target} is installed and current.`);
    return 0;
  }
  const state = current === undefined ? 'is not installed' : 'is an older version';
  if (!install) {
    io.out(`Protocol: ${target} ${state}. Run "stratus flightgear --install", or copy ${source} there.`);
    return 1;
  }
  try {
    await mkdir(join(root, 'Protocol'), { recursive: true });
    await copyFile(source, target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hint = code === 'EACCES' || code === 'EPERM' ? ' (the folder needs administrator rights: run this once as administrator/root, or copy the file by hand)' : '';
    io.err(`could not copy the protocol to ${target}: ${(e as Error).message}${hint}`);
    return 1;
  }
  io.out(`Protocol: installed ${target}.`);
  return 0;
}
