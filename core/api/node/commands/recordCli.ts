import { createWriteStream, type WriteStream } from 'node:fs';
import { intFlag, parseArgs, readArgs, simFlag, UsageError, type CliIo } from '../cliArgs.js';
import { configSchema } from '../../../config/common/configSchema.js';
import { ConfigStore, defaultConfigPath } from '../../../config/node/configStore.js';
import { encodeRecordingLine } from '../../../sim/common/recording.js';
import { loadProfiles } from '../../../sim/node/loadProfiles.js';
import { createSimLink } from '../../../sim/node/simLink.js';

export type RecordCliIo = CliIo;

const USAGE = 'usage: stratus record --out FILE.ndjson [--sim KIND] [--raw] [--seconds N] [--config PATH]';

/**
 * `stratus record`: records the normalised sim state, one JSON SimState per line (what
 * `stratus replay` and `sim: replay` read), until --seconds pass or the signal / Ctrl-C stops it.
 * With --raw, every raw packet also goes to FILE.raw.ndjson as `{ atMs, b64 }` lines.
 * Exit 0 after a recording, 1 when the sim link or the file fails, 2 on usage errors.
 */
export async function runRecordCli(args: string[], io: RecordCliIo, signal?: AbortSignal): Promise<number> {
  const opts = readArgs(io, 'record', USAGE, () => {
    const { flags, positional } = parseArgs(args, { out: { value: true }, sim: { value: true }, raw: { value: false }, seconds: { value: true }, config: { value: true } });
    if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
    if (typeof flags.out !== 'string') throw new UsageError('record needs --out FILE.ndjson');
    return {
      out: flags.out,
      kind: simFlag(flags),
      seconds: intFlag(flags, 'seconds', 1, 86_400),
      raw: flags.raw === true,
      configPath: typeof flags.config === 'string' ? flags.config : undefined,
    };
  });
  if (!opts) return 2;
  const { out, kind, seconds, raw, configPath } = opts;

  const store = new ConfigStore(configPath ?? defaultConfigPath());
  const loaded = await store.load();
  for (const w of loaded.warnings) io.err(`warning: ${w.message}`);
  const sim = configSchema.shape.sim.parse({ ...loaded.config.sim, ...(kind ? { kind } : {}) });

  let file: WriteStream;
  let rawFile: WriteStream | undefined;
  try {
    file = await openStream(out);
    if (raw) rawFile = await openStream(`${out.replace(/\.ndjson$/, '')}.raw.ndjson`);
  } catch (err) {
    io.err(`stratus record: cannot write ${out}: ${(err as Error).message}`);
    return 1;
  }

  const link = createSimLink({
    sim,
    profiles: await loadProfiles(undefined, (w) => io.err(`warning: ${w}`)),
    onWarning: (w) => io.err(`warning: ${w}`),
    ...(rawFile ? { onRaw: (atMs: number, bytes: Uint8Array) => rawFile.write(`${JSON.stringify({ atMs, b64: Buffer.from(bytes).toString('base64') })}\n`) } : {}),
  });
  let count = 0;
  let lastTimestampMs = -1;
  link.onState((s) => {
    if (s.timestampMs === lastTimestampMs) return; // a notification without a new state
    lastTimestampMs = s.timestampMs;
    file.write(encodeRecordingLine(s));
    count++;
  });
  link.onConnection((c) => io.err(`sim: ${c.phase} — ${c.detail}${c.reason ? ` (${c.reason})` : ''}`));
  await link.start();
  io.err(`recording ${link.kind} to ${out}${seconds ? ` for ${seconds} s` : ''}; Ctrl-C stops`);

  await new Promise<void>((resolve) => {
    const done = (): void => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = seconds ? setTimeout(done, seconds * 1000) : undefined;
    process.once('SIGINT', done);
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done, { once: true });
  });
  const stats = link.stats();
  await link.dispose();
  await Promise.all([closeStream(file), rawFile ? closeStream(rawFile) : undefined]);
  io.out(JSON.stringify({ file: out, states: count, received: stats.received, dropped: stats.dropped }));
  return 0;
}

function openStream(path: string): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    const s = createWriteStream(path, { flags: 'w' });
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
}

function closeStream(s: WriteStream): Promise<void> {
  return new Promise((resolve) => s.end(() => resolve()));
}
