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
