import { join } from 'node:path';
import { CrashLog } from '../../base/node/crashLog.js';
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

/**
 * The one log folder, for both hosts: `<config folder>/logs` (%APPDATA%\\Stratus\\logs,
 * ~/Library/Application Support/Stratus/logs, ~/.config/stratus/logs, or $STRATUS_HOME/logs).
 * The rotating main.log / headless.log and the crash log (hostCrashLog) are written there, so
 * "Copy diagnostics" can name one place. Not Electron's app.getPath('logs'): the engine and its
 * workers, which write the crash log, do not know Electron, and on Linux Electron's folder is
 * named differently under `npm start` (stratus) and packaged (Stratus).
 */
export function defaultLogDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(userConfigDir(env), 'logs');
}

/** The crash log of a host process: crash.log in defaultLogDir (CrashLog adds `logs/` to the data folder). */
export function hostCrashLog(env: NodeJS.ProcessEnv = process.env): CrashLog {
  return new CrashLog(userConfigDir(env));
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
