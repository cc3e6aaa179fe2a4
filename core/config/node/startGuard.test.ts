import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrashLog } from '../../base/node/crashLog.js';
import { installCrashHandlers } from './processGuard.js';
import { areaOfError, CRASH_WINDOW_MS, StartGuard } from './startGuard.js';

let dir: string;
let path: string;
let clock: number;
const guard = (): StartGuard => new StartGuard(path, () => clock);
const write = (v: unknown): void => writeFileSync(path, JSON.stringify(v));
const read = (): unknown => JSON.parse(readFileSync(path, 'utf8'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stratus-guard-'));
  path = join(dir, 'config.json');
  clock = Date.parse('2026-12-01T10:00:00Z');
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

/** One start that dies before it counts as healthy. */
function failedStart(area?: string): void {
  clock += 60_000;
  const g = guard();
  expect(g.begin()).toBeUndefined();
  if (area) g.breadcrumb(area);
}

describe('StartGuard', () => {
  it('blames the sections that changed since the last healthy start', () => {
    vi.useFakeTimers();
    write({ llm: { host: 'http://127.0.0.1:11434' }, overlay: { opacity: 0.5 } });
    const healthy = guard();
    healthy.begin();
    healthy.running();
    vi.advanceTimersByTime(CRASH_WINDOW_MS + 1);
    write({ llm: { host: 'http://10.0.0.9:11434', model: 'x' }, overlay: { opacity: 0.5 } });
    failedStart('engine');
    failedStart('engine');
    clock += 60_000;
    const safe = guard().begin();
    expect(safe?.areas).toEqual(['llm']);
    expect(safe?.warning.message).toMatch(/^Started in safe mode: the language-model settings made the last 2 starts fail; they are back to defaults\. Your settings were kept in /);
    expect(read()).toEqual({ overlay: { opacity: 0.5 } });
    const kept = readdirSync(dir).find((f) => f.includes('before-safe-mode'));
    expect(JSON.parse(readFileSync(join(dir, kept!), 'utf8'))).toMatchObject({ llm: { model: 'x' } });
  });

  it('without a healthy start to compare with, blames what the failed starts were starting', () => {
    write({ sim: { kind: 'xplane' }, ptt: { mode: 'toggle' } });
    failedStart('sim');
    failedStart('sim');
    clock += 60_000;
    expect(guard().begin()?.areas).toEqual(['sim']);
    expect(read()).toEqual({ ptt: { mode: 'toggle' } });
  });

  it('does not count clean exits, however quick, nor a start that ran healthy', () => {
    write({ sim: { kind: 'xplane' } });
    for (let i = 0; i < 3; i++) {
      clock += 1000;
      const g = guard();
      expect(g.begin()).toBeUndefined();
      g.breadcrumb('sim');
      g.cleanExit();
    }
    failedStart('sim');
    clock += 60_000;
    expect(guard().begin()).toBeUndefined();
  });

  it('names the area of a crash from its stack', () => {
    const e = new Error('boom');
    e.stack = 'TypeError: Invalid URL\n    at OllamaClient.client (/app/core/copilot/node/ollamaClient.ts:32:12)';
    expect(areaOfError(e)).toBe('llm');
    expect(areaOfError(new Error('no stack frames we know'))).toBeUndefined();
  });
});

describe('installCrashHandlers: the last line of defence', () => {
  it('writes an uncaught exception to the crash log (redacted), blames its area, and exits 1', () => {
    write({ llm: { provider: 'openai' } });
    const proc = new EventEmitter();
    const g = guard();
    g.begin();
    const exits: number[] = [];
    const logs: string[] = [];
    const crashLog = new CrashLog(dir);
    const remove = installCrashHandlers({ crashLog, guard: g, log: (l) => logs.push(l), exit: (c) => exits.push(c), proc });
    const err = new Error('cannot reach https://me:sk-abcdef123456@h/v1');
    err.stack = `${err.message}\n    at x (/app/core/copilot/node/openaiClient.ts:1:1)`;
    proc.emit('uncaughtException', err);
    expect(exits).toEqual([1]);
    const text = readFileSync(crashLog.path, 'utf8');
    expect(text).toContain('uncaught exception');
    expect(text).not.toContain('sk-abcdef123456');
    expect(logs[0]).toMatch(/^fatal: /);
    proc.emit('unhandledRejection', new Error('forgotten promise'));
    expect(exits).toEqual([1]);
    expect(readFileSync(crashLog.path, 'utf8')).toContain('forgotten promise');
    remove();
    expect(proc.listenerCount('uncaughtException')).toBe(0);
    // The crash blamed the language-model area: two of them and the next start resets it.
    clock += 60_000;
    const g2 = guard();
    g2.begin();
    g2.crashed(err);
    clock += 60_000;
    expect(guard().begin()?.areas).toEqual(['llm']);
  });
});
