import { readFile } from 'node:fs/promises';
import type { Engine } from './engine.js';
import type { CommandResult } from './api/common/contract.js';
import { packageVersion, rendererDir } from './config/node/paths.js';
import { intFlag, parseArgs, simFlag, UsageError, type CliIo } from './api/node/cliArgs.js';

export type { CliIo };

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const HELP = `Stratus — a local voice companion for flight-simulator pilots.

Usage: stratus <command> [options]

Commands:
  headless [--sim KIND] [--port N] [--host ADDR] [--config PATH]
      Run the engine without the desktop shell; serves the overlay and the API on
      127.0.0.1 (random port unless --port) and prints the overlay URL with its token.
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
  replay RECORDING [--speed N]
      Run a recording through flight-phase detection and callouts; prints one line each.
  model list | model download ID [--url URL] | model use FILE
      The whisper speech models: list them, download one (resumes, checks its SHA-256),
      or use a model file you already have. download and use also select it.

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
};

/** The CLI; returns the exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
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
  const engine = await createEngine({
    configPath,
    ...(sim ? { sim } : {}),
    log,
    ...(guard.safeMode ? { startWarnings: [guard.safeMode.warning] } : {}),
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
