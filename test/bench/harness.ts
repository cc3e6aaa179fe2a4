import { readdirSync, readFileSync } from 'node:fs';
/**
 * Benchmarks: each `test/bench/*.bench.ts` default-exports `run(): Promise<BenchResult[]>`.
 * `npm run bench` runs them one file at a time (each in its own process), prints a table and
 * writes test/bench/results.json.
 */
export interface BenchResult {
  /** "headless start to ready". */
  name: string;
  value: number;
  unit: string;
  /** The target as text ("< 1500"), and whether it was met. */
  target?: string;
  pass?: boolean;
  /** Anything else worth reporting (p50/p99 companions, sample counts). */
  detail?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function below(name: string, value: number, unit: string, limit: number, detail?: string): BenchResult {
  return { name, value: Math.round(value * 1000) / 1000, unit, target: `< ${limit}`, pass: value < limit, ...(detail ? { detail } : {}) };
}

export function atLeast(name: string, value: number, unit: string, limit: number, detail?: string): BenchResult {
  return { name, value: Math.round(value * 1000) / 1000, unit, target: `>= ${limit}`, pass: value >= limit, ...(detail ? { detail } : {}) };
}

/**
 * CPU time in ms that each thread of a process (this one by default) has run, by thread id, from
 * Linux's /proc/<pid>/task/<tid>/schedstat (nanosecond counts, unlike the 10 ms ticks of /stat).
 * Empty elsewhere. A worker's threads are the ones that appear after it starts.
 */
export function threadCpuMs(pid: number | 'self' = 'self'): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      out.set(tid, Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** CPU ms the threads `tids` used between two threadCpuMs() readings. */
export function cpuBetween(before: Map<string, number>, after: Map<string, number>, tids: Iterable<string>): number {
  let ms = 0;
  for (const t of tids) ms += (after.get(t) ?? 0) - (before.get(t) ?? 0);
  return ms;
}

/** CPU ms a whole process (all its threads) has run so far; see threadCpuMs. */
export function processCpuMs(pid: number): number {
  let ms = 0;
  for (const v of threadCpuMs(pid).values()) ms += v;
  return ms;
}
