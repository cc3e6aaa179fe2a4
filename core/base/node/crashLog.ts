import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A crash log past this size is rotated to crash.log.1: a crash loop cannot fill the disk. */
const MAX_LOG_BYTES = 1024 * 1024;

/**
 * Where worker crashes are written: `<data folder>/logs/crash.log`, never the working folder.
 * Writing is synchronous and never throws: it runs while something is already going wrong.
 */
export class CrashLog {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'logs', 'crash.log');
  }

  write(source: string, message: string): void {
    try {
      mkdirSync(join(this.path, '..'), { recursive: true, mode: 0o700 });
      try {
        if (statSync(this.path).size > MAX_LOG_BYTES) renameSync(this.path, `${this.path}.1`);
      } catch {
        // no log yet
      }
      appendFileSync(this.path, `${new Date().toISOString()} ${source}: ${message.replaceAll('\n', '\n    ')}\n`, { mode: 0o600 });
    } catch {
      // a read-only or full data folder: the status line still tells the pilot
    }
  }
}
