import type { StageMetric } from './metrics.js';

/** Collects the per-stage latency of one turn (vad, stt, tts...), in the contract's shape. */
export interface MetricsSink {
  record(metric: StageMetric): void;
  all(): StageMetric[];
}

/** What every pipeline stage receives: the turn id, its abort signal, its metrics and its clock. */
export interface TurnContext {
  turnId: string;
  signal: AbortSignal;
  metrics: MetricsSink;
  /** ms since the turn began (0 = creation, or `originMs` given to createTurnContext). */
  now(): number;
}

export function createMetricsSink(): MetricsSink {
  const items: StageMetric[] = [];
  return {
    record: (m) => {
      items.push(m);
    },
    all: () => items.slice(),
  };
}

export interface CreateTurnContextOptions {
  turnId?: string;
  signal?: AbortSignal;
  metrics?: MetricsSink;
  /** Monotonic clock in ms; defaults to performance.now(). */
  clock?: () => number;
  /**
   * Where the turn's 0 lies on `clock` (e.g. the push-to-talk release, `info.releasedAtMs`, so
   * every metric and `firstAudioAtMs` reads as "ms after release"). Defaults to clock() now.
   */
  originMs?: number;
}

let turnCounter = 0;

export function createTurnContext(opts: CreateTurnContextOptions = {}): TurnContext {
  const clock = opts.clock ?? (() => performance.now());
  const origin = opts.originMs ?? clock();
  turnCounter += 1;
  return {
    turnId: opts.turnId ?? `t${Date.now().toString(36)}-${turnCounter}`,
    signal: opts.signal ?? new AbortController().signal,
    metrics: opts.metrics ?? createMetricsSink(),
    now: () => clock() - origin,
  };
}

/**
 * Times one stage and records it (`startedAt` on the turn clock, `cancelled` if the turn's signal
 * fired before the stage finished). Rethrows whatever the stage throws.
 */
export async function timeStage<T>(
  ctx: TurnContext,
  stage: StageMetric['stage'],
  run: (mark: { firstByte(): void }) => Promise<T>,
): Promise<T> {
  const t0 = ctx.now();
  let ttfbMs: number | undefined;
  const mark = {
    firstByte: () => {
      if (ttfbMs === undefined) ttfbMs = ctx.now() - t0;
    },
  };
  let failed = false;
  try {
    return await run(mark);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    ctx.metrics.record({
      stage,
      turnId: ctx.turnId,
      startedAt: t0,
      durationMs: ctx.now() - t0,
      ...(ttfbMs !== undefined ? { ttfbMs } : {}),
      cancelled: ctx.signal.aborted || (failed && isAbortError(ctx.signal.reason)),
    });
  }
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || e.name === 'TurnAborted');
}

/** The error stages throw when their turn is aborted (barge-in, cancel). */
export class TurnAbortedError extends Error {
  override readonly name = 'AbortError';
  constructor(reason?: unknown) {
    super(`turn aborted${typeof reason === 'string' ? `: ${reason}` : ''}`);
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new TurnAbortedError(signal.reason);
}
