import { readFile } from 'node:fs/promises';
import type { Engine } from './engine.js';
import type { CommandResult } from './api/common/contract.js';
import { packageVersion, rendererDir } from './config/node/paths.js';
import { commandUsage, intFlag, parseArgs, simFlag, UsageError, wantsHelp, type CliIo } from './api/node/cliArgs.js';

export type { CliIo };

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export const HELP = `Stratus — a local voice companion for flight-simulator pilots.

Usage: stratus <command> [options]

Commands:
  headless [--sim KIND] [--port N] [--host ADDR] [--config PATH]
      Run the engine without the desktop shell; serves the overlay and the API on
      127.0.0.1 (random port unless --port) and prints the overlay and settings URLs
      with the install's session token.
  cmd [--sim KIND] [--config PATH] "TEXT"
      Run one text command through the engine and print the JSON result and sim state.
  say [--sim KIND] [--config PATH] FILE.wav
      Run a WAV file through the speech pipeline as if spoken with push-to-talk.
  parse "TEXT" | parse --corpus FILE.tsv
      Print the intent of TEXT in corpus notation, or check a corpus file.
  record --out FILE.ndjson [--sim KIND] [--raw] [--seconds N]
      Record the normalised sim state (and raw packets with --raw) for replay.
  flightgear [--install] [--fg-root DIR]
      Print the fgfs options that connect FlightGear to Stratus, and check (or with
      --install, copy) Stratus' protocol file in FlightGear's Protocol folder.
  replay RECORDING [--speed N] [--config PATH]
      Run a recording through flight-phase detection and callouts; prints one line each.
  model list | model download ID [--url URL] | model use FILE | model delete ID [--yes]
      The whisper speech models: list them with their disk use, download one (resumes,
      checks its SHA-256), use a model file you already have (download and use also
      select it), or delete one (--yes for the one in use: recognition falls back).
  token show | token rotate [--config PATH]
      The headless host's session token (kept 0600 in the config folder, survives
      restarts): print it, or make a new one (the old one stops working).
  hid list | hid record --device N --out FILE [--seconds N] | hid watch [--device N]
      Joysticks/HOTAS as push-to-talk reads them: list them, record one's reports for a
      bug report, or print its buttons as they go down and up (--replay FILE plays a recording).
  commands list | commands import FILE | commands export FILE [--all] [--config PATH]
      Your own voice commands: list them (and any left out, with why), add those of a
      shared file, or write yours (--all: with the shipped examples) to FILE.

Options:
  --sim KIND      auto | demo | replay | xplane | xplane-web | flightgear | msfs
  --config PATH   config file (default: the user's config folder, or STRATUS_CONFIG)
  --help, -h      this help
  --version, -v   the version

Exit codes: 0 success, 1 failure, 2 usage error.`;

type Subcommand = (args: string[], io: CliIo) => Promise<number>;

/** Subcommands in modules of their own, loaded only when run (each pulls in its part of the engine). */
const subcommands: Record<string, () => Promise<Subcommand>> = {
  parse: async () => (await import('./api/node/commands/parseCli.js')).runParseCli,
  record: async () => (await import('./api/node/commands/recordCli.js')).runRecordCli,
  flightgear: async () => (await import('./api/node/commands/flightgearCli.js')).runFlightgearCli,
  model: async () => (await import('./api/node/commands/modelCli.js')).runModelCli,
  replay: async () => (await import('./api/node/commands/replayCli.js')).runReplayCli,
  commands: async () => (await import('./api/node/commands/customCli.js')).runCustomCli,
  token: async () => (await import('./api/node/commands/tokenCli.js')).runTokenCli,
  hid: async () => (await import('./api/node/commands/hidCli.js')).runHidCli,
};

/** Commands handled in this file; the rest are in `subcommands`. */
const builtIn: ReadonlySet<string> = new Set(['headless', 'cmd', 'say']);

function isCommand(name: string): boolean {
  return builtIn.has(name) || Object.hasOwn(subcommands, name);
}

/** Every subcommand the CLI runs (each needs its entry in HELP: that is its `--help`). */
export function commandNames(): string[] {
  return [...builtIn, ...Object.keys(subcommands)];
}

/** The CLI; returns the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // `stratus COMMAND --help` (or -h): the command's own entry of HELP, exit 0, nothing run.
    if (command !== undefined && isCommand(command) && wantsHelp(rest)) {
      io.out(commandUsage(HELP, command) ?? `usage: stratus ${command} (see stratus --help)`);
      return 0;
    }
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.out(packageVersion());
        return 0;
      case 'headless':
        return await headless(rest, io);
      case 'cmd':
        return await cmd(rest, io);
      case 'say':
        return await say(rest, io);
      default: {
        const load = Object.hasOwn(subcommands, command) ? subcommands[command] : undefined;
        if (!load) throw new UsageError(`unknown command "${command}" (see stratus --help)`);
        return await (await load())(rest, io);
      }
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`stratus: ${e.message}`);
      return 2;
    }
    io.err(`stratus: ${(e as Error).message}`);
    return 1;
  }
}

async function headless(args: string[], io: CliIo): Promise<number> {
  const { flags, positional } = parseArgs(args, { sim: { value: true }, port: { value: true }, host: { value: true }, config: { value: true } });
  if (positional.length) throw new UsageError(`headless takes no arguments (got "${positional[0]}")`);
  const sim = simFlag(flags);
  const port = intFlag(flags, 'port', 0, 65535);
  const { createEngine } = await import('./engine.js');
  const { startHeadless } = await import('./api/node/headlessServer.js');
  const { defaultConfigPath } = await import('./config/node/configStore.js');
  const { guardProcess } = await import('./config/node/processGuard.js');
  const { isLoopbackBind } = await import('./config/common/configSchema.js');
  const { createHostLog, defaultLogDir } = await import('./config/node/hostLog.js');
  const configPath = typeof flags.config === 'string' ? flags.config : defaultConfigPath();
  // Every line to stderr and, redacted, to the rotating <config folder>/logs/headless.log.
  const log = createHostLog({ dir: defaultLogDir(), name: 'headless', echo: (line) => io.err(line) });
  // Crash-loop guard: two quick failed starts with these settings and this start is in safe mode.
  const guard = guardProcess(configPath, log);
  // The install's session token (survives restarts; `stratus token rotate` or Settings make a new one).
  const { SessionTokenStore, sessionTokenPath } = await import('./config/node/sessionToken.js');
  const tokenFile = await SessionTokenStore.open(sessionTokenPath(configPath));
  const tokenWarning = tokenFile.warning ? [{ id: 'session-token-replaced', level: 'warning' as const, message: tokenFile.warning }] : [];
  const engine = await createEngine({
    configPath,
    ...(sim ? { sim } : {}),
    log,
    startWarnings: [...(guard.safeMode ? [guard.safeMode.warning] : []), ...tokenWarning],
  });
  const settings = engine.config();
  // --host is the pilot's own choice on the command line (the explicit opt-in); settings.host.bind is validated by the schema.
  const host = typeof flags.host === 'string' ? flags.host : settings.host.bind;
  if (!isLoopbackBind(host)) io.err(`warning: serving on ${host}: other devices that can reach this address can open the overlay and, with the session token, use the API.`);
  guard.breadcrumb('host');
  let server;
  try {
    server = await startHeadless({
      engine,
      rendererDir: rendererDir(),
      host,
      port: port ?? settings.host.port,
      version: packageVersion(),
      tokens: tokenFile.store,
      log,
    });
  } catch (e) {
    await engine.dispose();
    throw new Error(`cannot listen on ${host}:${port ?? settings.host.port}: ${(e as Error).message}`, { cause: e });
  }
  // Listening: a failure from here on is not the bind address's or port's doing.
  guard.breadcrumb('serving');
  guard.running();
  // The start-up warnings were printed once already, by the engine's log as it started.
  io.out(`Overlay: ${server.overlayUrl}`);
  io.out(`Settings: ${server.settingsUrl}`);
  io.out(`API: ${server.url}/api/state (Authorization: Bearer ${server.token})`);
  // One line whenever the microphone's state changes (not per retry): a machine without sound
  // hardware says so once.
  let micState = 'loading';
  const offMic = engine.onState(({ engines: { audio } }) => {
    if (audio.state === micState) return;
    micState = audio.state;
    if (audio.state === 'loading') return;
    const line = /^microphone/i.test(audio.detail) ? audio.detail : `microphone: ${audio.detail}`;
    io.out(`M${line.slice(1)}`);
  });
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  offMic();
  guard.cleanExit();
  await server.close();
  await engine.dispose();
  guard.dispose();
  return 0;
}

async function cmd(args: string[], io: CliIo): Promise<number> {
  const { flags, positional } = parseArgs(args, { sim: { value: true }, config: { value: true } });
  const text = positional.join(' ').trim();
  if (!text) throw new UsageError('cmd needs the command text, e.g. stratus cmd "heading two seven zero"');
  return oneShot(flags, io, false, (engine) => engine.runText(text));
}

async function say(args: string[], io: CliIo): Promise<number> {
  const { flags, positional } = parseArgs(args, { sim: { value: true }, config: { value: true } });
  if (positional.length !== 1) throw new UsageError('say needs one WAV file, e.g. stratus say heading.wav');
  const wav = await readFile(positional[0]!).catch((e: Error) => {
    throw new Error(`cannot read ${positional[0]}: ${e.message}`, { cause: e });
  });
  return oneShot(flags, io, true, (engine) => engine.runUtterance(wav));
}

/**
 * One turn in a fresh engine (demo sim unless --sim): prints the result with the sim state as
 * JSON; exits 1 when the command was refused, not confirmed or not understood.
 */
async function oneShot(flags: Record<string, string | true>, io: CliIo, speech: boolean, run: (engine: Engine) => Promise<CommandResult>): Promise<number> {
  const { createEngine } = await import('./engine.js');
  const engine = await createEngine({
    ...(typeof flags.config === 'string' ? { configPath: flags.config } : {}),
    sim: simFlag(flags) ?? 'demo',
    speech,
    log: (line) => io.err(line),
  });
  try {
    await engine.ready();
    const result = await run(engine);
    const state = engine.state();
    io.out(JSON.stringify({ ...result, sim: state.sim, telemetry: state.telemetry }, null, 2));
    return ['refused', 'timeout', 'not-understood', 'cancelled'].includes(result.outcome.status) ? 1 : 0;
  } finally {
    await engine.dispose();
  }
}
