import type { CrashLog } from '../../base/node/crashLog.js';
import { redactSecrets } from '../common/redact.js';
import { hostCrashLog } from './hostLog.js';
import { StartGuard, type SafeModeStart } from './startGuard.js';

export interface CrashHandlerOptions {
  crashLog: CrashLog;
  guard?: StartGuard;
  log: (line: string) => void;
  /** Ends the process after an uncaught exception (process.exit, Electron's app.exit). */
  exit: (code: number) => void;
  /** Where the events come from: `process`, or an emitter standing in for it in tests. */
  proc?: NodeJS.EventEmitter;
}

/**
 * The last line of defence in a host process: an uncaught exception is written to the crash log
 * (secrets redacted), blamed on a settings area for the crash-loop guard, and ends the process
 * with exit code 1 (its state cannot be trusted after it). An unhandled rejection is logged and
 * the process goes on. Bugs are still fixed where they throw; this only makes them visible.
 * Returns the function that removes the handlers.
 */
export function installCrashHandlers(o: CrashHandlerOptions): () => void {
  const proc = o.proc ?? process;
  const text = (e: unknown): string => redactSecrets(e instanceof Error ? (e.stack ?? e.message) : String(e));
  const onException = (err: unknown): void => {
    o.crashLog.write('uncaught exception', text(err));
    o.guard?.crashed(err);
    o.log(`fatal: ${text(err).split('\n')[0] ?? ''} (details in ${o.crashLog.path})`);
    o.exit(1);
  };
  const onRejection = (reason: unknown): void => {
    o.crashLog.write('unhandled rejection', text(reason));
    o.log(`internal error (kept running): ${text(reason).split('\n')[0] ?? ''} (details in ${o.crashLog.path})`);
  };
  proc.on('uncaughtException', onException);
  proc.on('unhandledRejection', onRejection);
  return () => {
    proc.off('uncaughtException', onException);
    proc.off('unhandledRejection', onRejection);
  };
}

export interface GuardedProcess {
  safeMode: SafeModeStart | undefined;
  breadcrumb(area: string): void;
  /** The start went well so far: counted healthy after CRASH_WINDOW_MS. */
  running(): void;
  cleanExit(): void;
  dispose(): void;
}

/** Crash-loop guard + crash handlers for a host started on `configPath` (the headless CLI). */
export function guardProcess(configPath: string, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): GuardedProcess {
  const guard = new StartGuard(configPath);
  const safeMode = guard.begin();
  guard.breadcrumb('engine');
  const remove = installCrashHandlers({ crashLog: hostCrashLog(env), guard, log, exit: (code) => process.exit(code) });
  return {
    safeMode,
    breadcrumb: (area) => guard.breadcrumb(area),
    running: () => guard.running(),
    cleanExit: () => guard.cleanExit(),
    dispose: remove,
  };
}
