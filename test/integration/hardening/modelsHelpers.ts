import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliHost } from './cliHost.js';
import { waitFor } from '../../helpers/wait.js';

/** A speech engine switch (child process start, model load) settles well within this on 2 busy cores. */
export const STT_SETTLE_TIMEOUT_MS = 60_000;

/** The reproduction: the ggml magic ("lmgg" on disk) and then random bytes. */
export function writeLmggRandom(path: string, bytes = 1 << 20): void {
  writeFileSync(path, Buffer.concat([Buffer.from('lmgg'), randomBytes(bytes)]));
}

/** A config for the headless host: no audio devices, no LLM, these STT settings. */
export function writeSpeechConfig(home: string, stt: Record<string, unknown>): void {
  writeFileSync(join(home, 'config.json'), JSON.stringify({ audio: { inputDevice: 'none', outputDevice: 'none' }, llm: { provider: 'none' }, speech: { stt } }));
}

interface EngineStatus {
  state: string;
  detail: string;
}

export async function sttStatus(host: CliHost): Promise<EngineStatus> {
  const r = await host.api('/api/state');
  return (r.body as { engines: { stt: EngineStatus } }).engines.stt;
}

/** Waits until the STT status is settled (not loading) and matches `want`. */
export function waitForStt(host: CliHost, what: string, want: (s: EngineStatus) => boolean): Promise<EngineStatus> {
  return waitFor(`speech recognition: ${what}`, STT_SETTLE_TIMEOUT_MS, async () => {
    const s = await sttStatus(host);
    return s.state !== 'loading' && want(s) ? s : undefined;
  });
}

/** The processes below `pid` (children, grandchildren…), from /proc, with their command lines. */
export function descendants(pid: number): { pid: number; cmdline: string }[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent pid; the command name (field 2) may hold spaces.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      // ended meanwhile
    }
  }
  const out: { pid: number; cmdline: string }[] = [];
  const walk = (parent: number): void => {
    for (const [child, ppid] of parentOf) {
      if (ppid !== parent) continue;
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue;
      }
      out.push({ pid: child, cmdline });
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/** Threads of process `pid`. */
export function threadCount(pid: number): number {
  return existsSync(`/proc/${pid}/task`) ? readdirSync(`/proc/${pid}/task`).length : 0;
}
