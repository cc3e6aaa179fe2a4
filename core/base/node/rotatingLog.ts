import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One log file grows to this before it is rotated: a day of normal use fits, a log storm cannot fill the disk. */
export const LOG_MAX_BYTES = 2 * 1024 * 1024;
/** Files kept: the current one and this many minus one older ones (name.1.log is the newest old one). */
export const LOG_KEEP_FILES = 5;
/** Lines kept in memory for "Copy diagnostics" (the tail of the log without reading files). */
export const LOG_TAIL_LINES = 200;

export interface RotatingLogOptions {
  dir: string;
  /** File name without extension: `<dir>/<name>.log`, `<name>.1.log` … */
  name: string;
  maxBytes?: number;
  keepFiles?: number;
  tailLines?: number;
}

/**
 * A size-capped, rotating log file shared by both hosts: `<name>.log` is written until it passes
 * maxBytes, then becomes `<name>.1.log` (older ones shift up, the oldest past keepFiles is
 * deleted). Writes are synchronous (a crash must not lose the line before it) and never throw: a
 * full or read-only disk costs the file, never the app. The last lines are also kept in memory.
 */
export class RotatingLog {
  readonly path: string;
  private readonly maxBytes: number;
  private readonly keepFiles: number;
  private readonly tailLines: number;
  private readonly recent: string[] = [];
  private size = -1;
  private broken = false;

  constructor(private readonly o: RotatingLogOptions) {
    this.maxBytes = o.maxBytes ?? LOG_MAX_BYTES;
    this.keepFiles = Math.max(1, o.keepFiles ?? LOG_KEEP_FILES);
    this.tailLines = o.tailLines ?? LOG_TAIL_LINES;
    this.path = join(o.dir, `${o.name}.log`);
  }

  /** The file of generation `n` (0 = current). */
  fileOf(n: number): string {
    return n === 0 ? this.path : join(this.o.dir, `${this.o.name}.${n}.log`);
  }

  write(line: string): void {
    const text = `${line.replaceAll('\n', '\n    ')}\n`;
    this.recent.push(line);
    if (this.recent.length > this.tailLines) this.recent.splice(0, this.recent.length - this.tailLines);
    if (this.broken) return;
    try {
      if (this.size < 0) {
        mkdirSync(this.o.dir, { recursive: true, mode: 0o700 });
        this.size = fileSize(this.path);
      }
      const bytes = Buffer.byteLength(text);
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      appendFileSync(this.path, text, { mode: 0o600 });
      this.size += bytes;
    } catch {
      // Read-only or full disk: keep running, keep the in-memory tail; stop retrying every line.
      this.broken = true;
    }
  }

  /** The last `n` lines written (at most tailLines), oldest first. */
  tail(n = this.tailLines): string[] {
    return this.recent.slice(-n);
  }

  private rotate(): void {
    rmSync(this.fileOf(this.keepFiles - 1), { force: true });
    for (let n = this.keepFiles - 2; n >= 0; n--) {
      try {
        renameSync(this.fileOf(n), this.fileOf(n + 1));
      } catch {
        // that generation does not exist yet
      }
    }
    this.size = 0;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
