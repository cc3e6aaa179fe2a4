import { parseArgs, UsageError, type CliIo } from '../cliArgs.js';
import { defaultConfigPath } from '../../../config/node/configStore.js';
import { loadSessionToken, rotateSessionToken, sessionTokenPath } from '../../../config/node/sessionToken.js';

const USAGE = `Usage: stratus token show | token rotate [--config PATH]

The session token guards the headless host's overlay, settings page and API. It is kept in
the user's config folder (file session-token, mode 0600) and survives restarts.
  show     print the token (made on first use)
  rotate   make a new token; the old one stops working, in a running host too
           (open pages are told to reload with the new URL the host prints)
Options:
  --config PATH   the config file whose folder holds the token (default: the user's)`;

/** `stratus token show | rotate`: the install's session token, from the same file the headless host reads. */
export async function runTokenCli(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || rest.includes('--help') || rest.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const { flags, positional } = parseArgs(rest, { config: { value: true } });
  if (positional.length) throw new UsageError(`token ${sub ?? ''} takes no arguments (got "${positional[0]}")`);
  const path = sessionTokenPath(typeof flags.config === 'string' ? flags.config : defaultConfigPath());
  switch (sub) {
    case 'show': {
      const loaded = await loadSessionToken(path);
      if (loaded.warning) io.err(`warning: ${loaded.warning}`);
      io.out(loaded.token);
      return 0;
    }
    case 'rotate': {
      const token = await rotateSessionToken(path);
      io.out(token);
      io.err(`New session token written to ${path}; the old one no longer works. A running host takes it within seconds: open the overlay and settings with ?token=<new token>.`);
      return 0;
    }
    default:
      throw new UsageError(`token needs show or rotate (got ${sub === undefined ? 'nothing' : `"${sub}"`})\n${USAGE}`);
  }
}
