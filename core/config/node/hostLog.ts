import { join } from 'node:path';
import { RotatingLog } from '../../base/node/rotatingLog.js';
import { redactSecrets } from '../common/redact.js';
import { userConfigDir } from './configStore.js';

export interface HostLog {
  (line: string): void;
  /** The last lines logged (already redacted), oldest first: for "Copy diagnostics". */
  tail(n?: number): string[];
  /** The current log file. */
  readonly file: string;
}

/** Where the headless host keeps its logs: `<config folder>/logs` (the desktop app uses Electron's log folder). */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userConfigDir(env), 'logs');
}

/**
 * A host's log, the same in both hosts: each line redacted (keys, tokens, URL passwords), sent
 * on to `echo` (stderr, stdout) and written time-stamped to the rotating `<dir>/<name>.log`
 * (size-capped, a few files kept: core/base/node/rotatingLog.ts).
 */
export function createHostLog(o: { dir: string; name: string; echo: (line: string) => void }): HostLog {
  const file = new RotatingLog({ dir: o.dir, name: o.name });
  // Marks where each run starts in the file (only there: the console stays as it was).
  file.write(`${new Date().toISOString()} --- ${o.name} started (pid ${process.pid})`);
  const log = ((line: string): void => {
    const safe = redactSecrets(line);
    file.write(`${new Date().toISOString()} ${safe}`);
    o.echo(safe);
  }) as HostLog;
  log.tail = (n) => file.tail(n);
  Object.defineProperty(log, 'file', { value: file.path });
  return log;
}
