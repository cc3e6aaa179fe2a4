import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defaultConfigPath } from '../../../config/node/configStore.js';
import { CUSTOM_FILE_NAME, CustomCommandStore, MAX_CUSTOM_FILE_BYTES } from '../../../custom/node/customStore.js';
import { parseArgs, UsageError, type CliIo } from '../cliArgs.js';

export const COMMANDS_USAGE = [
  'usage: stratus commands list [--config FILE]            your own voice commands, and any left out with why',
  '       stratus commands import FILE [--config FILE]     add the commands of a shared file (YAML or JSON; all or nothing)',
  '       stratus commands export FILE [--all] [--config FILE]  write your commands (--all: with the shipped examples) to FILE',
  `Commands are kept in ${CUSTOM_FILE_NAME} beside the config file; a running app picks up changes made in Settings.`,
].join('\n');

/** `stratus commands list|import FILE|export FILE`: the pilot's own commands file, without starting the engine. */
export async function runCustomCli(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(COMMANDS_USAGE);
    return 0;
  }
  const { flags, positional } = parseArgs(args, { config: { value: true }, all: { value: false } });
  const [verb, file, ...extra] = positional;
  if (extra.length > 0) throw new UsageError(`unexpected "${extra.join(' ')}"\n${COMMANDS_USAGE}`);
  const configPath = typeof flags.config === 'string' ? flags.config : defaultConfigPath(process.env);
  const store = new CustomCommandStore(join(dirname(configPath), CUSTOM_FILE_NAME));
  const warnings = await store.load();
  switch (verb) {
    case 'list': {
      await store.loadDictionary();
      const listing = store.listing();
      for (const { command, source } of listing.commands) io.out(`${command.id}\t"${command.phrase}"\t${source}${command.aircraft !== 'any' ? `\t${command.aircraft}` : ''}`);
      for (const p of listing.problems) io.err(`left out ${p.id} (${p.source}): ${p.reason}`);
      for (const w of listing.warnings) io.err(`${w.id}: ${w.reason}`);
      io.err(`${listing.commands.length} commands in use; your file: ${listing.file}`);
      return 0;
    }
    case 'import': {
      if (!file) throw new UsageError(`import needs a FILE\n${COMMANDS_USAGE}`);
      const text = await readFile(file, 'utf8').catch((e: Error) => {
        throw new Error(`cannot read ${file}: ${e.message}`, { cause: e });
      });
      if (text.length > MAX_CUSTOM_FILE_BYTES) throw new Error(`${file} is over ${MAX_CUSTOM_FILE_BYTES / 1024} KiB: not a commands file`);
      const r = await store.importText(text);
      if (!r.ok) {
        for (const p of r.problems) io.err(`${file}: ${p.id === '*' ? '' : `${p.id}: `}${p.reason}`);
        io.err('nothing was imported');
        return 1;
      }
      io.out(`imported ${r.added ?? 0} commands into ${store.userFile}`);
      return 0;
    }
    case 'export': {
      if (!file) throw new UsageError(`export needs a FILE\n${COMMANDS_USAGE}`);
      for (const w of warnings) io.err(w);
      await writeFile(file, store.exportText(flags.all === true), { flag: 'wx' }).catch((e: NodeJS.ErrnoException) => {
        throw new Error(e.code === 'EEXIST' ? `${file} exists: choose another name (nothing is overwritten)` : `cannot write ${file}: ${e.message}`, { cause: e });
      });
      io.out(`exported ${flags.all === true ? store.listing().commands.length : store.userCommands().length} commands to ${file}`);
      return 0;
    }
    default:
      throw new UsageError(`${verb === undefined ? 'which one?' : `unknown "${verb}"`}\n${COMMANDS_USAGE}`);
  }
}
