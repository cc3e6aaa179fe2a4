import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temp file from a write that died is left this long before it is removed (a write takes milliseconds). */
export const STALE_TEMP_AGE_MS = 60_000;

/** The temp file names writeFileAtomic uses for `file`: `<file>.tmp-<pid>-<random>`. */
function tempPattern(file: string): RegExp {
  return new RegExp(`^${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-(\\d+)-[a-z0-9]+$`);
}

/** Writes via a temp file in the same folder, fsync, then rename: readers see old or new, never half. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o666): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const fh = await open(tmp, 'w', mode);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes temp files that writeFileAtomic left for `file` when a process died mid-write: only
 * names of our own pattern, and only those whose writer is gone or that are older than
 * STALE_TEMP_AGE_MS (a write in flight in another live process is left alone). Returns the names removed.
 */
export async function removeStaleTemps(file: string, now = Date.now()): Promise<string[]> {
  const pattern = tempPattern(file);
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const full = join(dirname(file), name);
    try {
      const st = await stat(full);
      if (!st.isFile()) continue;
      const stale = now - st.mtimeMs > STALE_TEMP_AGE_MS || !processAlive(Number(m[1]));
      if (!stale || Number(m[1]) === process.pid) continue;
      await unlink(full);
      removed.push(name);
    } catch {
      // gone meanwhile, or a read-only folder: nothing to do
    }
  }
  return removed;
}

/** writeFileAtomic for code that runs while the process is going down (crash handlers, the start guard). */
export function writeFileAtomicSync(path: string, data: string, mode = 0o666): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(tmp, data, { mode, flush: true });
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
    throw e;
  }
}
