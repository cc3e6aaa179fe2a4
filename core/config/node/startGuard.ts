import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ConfigWarning } from './configStore.js';
import { writeFileAtomicSync } from './atomicWrite.js';

/** A start that ends (crash, abort, failed listen) sooner than this after it began counts as a failed start. */
export const CRASH_WINDOW_MS = 10_000;
/** Failed starts in a row, with the same settings, before the next start is a safe-mode start. */
export const FAILED_STARTS_FOR_SAFE_MODE = 2;
/** Start records kept: enough to see the last few starts, bounded so the file never grows. */
const MAX_RECORDS = 8;

/** What each top-level settings section is called in the safe-mode warning. */
const AREA_NAMES: Record<string, string> = {
  llm: 'language-model',
  sim: 'simulator',
  speech: 'speech',
  audio: 'audio',
  host: 'headless server',
  overlay: 'overlay',
  ptt: 'push-to-talk',
  callouts: 'callout',
  aircraft: 'aircraft',
  app: 'app',
};

interface StartRecord {
  /** Hash of the settings file's bytes this start ran with ('' = no file). */
  hash: string;
  startedAt: number;
  /** Ran CRASH_WINDOW_MS, or ended cleanly: not a failed start. */
  ok: boolean;
  /** The part that was starting, or that the crash handler blamed (a top-level settings section). */
  area?: string;
}

interface GuardFile {
  starts: StartRecord[];
  /** The settings of the last start that ran healthy, for telling which sections changed since. */
  lastHealthy?: { hash: string; settings: Record<string, unknown> };
}

export interface SafeModeStart {
  /** The top-level settings sections put back to defaults. */
  areas: string[];
  /** Where the settings as they were are kept. */
  keptAt: string;
  warning: ConfigWarning;
}

/**
 * The crash-loop guard. `begin()` before the engine starts: when the last FAILED_STARTS_FOR_SAFE_MODE
 * starts with these very settings all ended within CRASH_WINDOW_MS, the settings file is copied
 * aside and the offending sections go back to their defaults (safe mode), with a warning naming
 * them. The offending sections are those that differ from the last settings that ran healthy; when
 * that says nothing, the part the failed starts were starting (`breadcrumb`) or the crash handler blamed.
 * Writes are synchronous and never throw: the guard runs while things go wrong.
 */
export class StartGuard {
  private readonly statePath: string;
  private record: StartRecord | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly configPath: string,
    private readonly now: () => number = Date.now,
    private readonly windowMs = CRASH_WINDOW_MS,
  ) {
    this.statePath = join(dirname(configPath), `${basename(configPath)}.starts.json`);
  }

  /** Checks the last starts, enters safe mode if they failed, and records this start as in progress. */
  begin(): SafeModeStart | undefined {
    const file = this.read();
    let text = readText(this.configPath);
    let safe: SafeModeStart | undefined;
    const recent = file.starts.slice(-FAILED_STARTS_FOR_SAFE_MODE);
    const hash = hashOf(text);
    if (recent.length === FAILED_STARTS_FOR_SAFE_MODE && recent.every((r) => !r.ok && r.hash === hash)) {
      safe = this.enterSafeMode(text, file, recent);
      if (safe) text = readText(this.configPath);
    }
    this.record = { hash: hashOf(text), startedAt: this.now(), ok: false };
    file.starts = [...file.starts, this.record].slice(-MAX_RECORDS);
    this.write(file);
    return safe;
  }

  /** Names the part being started now: a failure before the next breadcrumb is blamed on it. */
  breadcrumb(area: string): void {
    if (!this.record || this.record.ok) return;
    this.record.area = area;
    this.update();
  }

  /** Marks this start healthy once it has run CRASH_WINDOW_MS (the timer does not keep the process alive). */
  running(): void {
    this.timer = setTimeout(() => this.healthy(), this.windowMs);
    this.timer.unref?.();
  }

  /** An orderly end (SIGTERM, Quit): not a failed start, however soon it came. */
  cleanExit(): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.record || this.record.ok) return;
    this.record.ok = true;
    this.update();
  }

  /** The crash handler's verdict: which settings section the error came from (by its stack), when that says. */
  crashed(err: unknown): void {
    const area = areaOfError(err);
    if (area) this.breadcrumb(area);
  }

  private healthy(): void {
    if (!this.record) return;
    this.record.ok = true;
    const file = this.read();
    const last = file.starts.findLast((r) => r.startedAt === this.record!.startedAt);
    if (last) last.ok = true;
    const settings = parseObject(readText(this.configPath));
    file.lastHealthy = { hash: this.record.hash, settings };
    this.write(file);
  }

  private enterSafeMode(text: string, file: GuardFile, failed: StartRecord[]): SafeModeStart | undefined {
    const current = parseObject(text);
    let areas = file.lastHealthy ? changedSections(file.lastHealthy.settings, current) : [];
    if (!areas.length) areas = [...new Set(failed.map((r) => r.area).filter((a): a is string => !!a && a in AREA_NAMES))];
    areas = areas.filter((a) => a in current);
    if (!areas.length) return undefined;
    const keptAt = `${this.configPath}.before-safe-mode-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}`;
    try {
      copyFileSync(this.configPath, keptAt);
      const next = { ...current };
      for (const a of areas) delete next[a];
      writeFileAtomicSync(this.configPath, `${JSON.stringify(next, null, 2)}\n`);
    } catch {
      return undefined; // a read-only folder: nothing can be reset; the start goes on as it is
    }
    const names = areas.map((a) => AREA_NAMES[a] ?? a).join(' and ');
    return {
      areas,
      keptAt,
      warning: {
        id: 'safe-mode',
        level: 'warning',
        message: `Started in safe mode: the ${names} settings made the last ${failed.length} starts fail; they are back to defaults. Your settings were kept in ${keptAt}.`,
      },
    };
  }

  private read(): GuardFile {
    try {
      const parsed = JSON.parse(readFileSync(this.statePath, 'utf8')) as Partial<GuardFile>;
      const starts = Array.isArray(parsed.starts) ? parsed.starts.filter(isRecord) : [];
      const lh = parsed.lastHealthy;
      return { starts, ...(lh && typeof lh.hash === 'string' && isObject(lh.settings) ? { lastHealthy: lh } : {}) };
    } catch {
      return { starts: [] };
    }
  }

  private update(): void {
    const file = this.read();
    const i = file.starts.findLastIndex((r) => r.startedAt === this.record!.startedAt);
    if (i >= 0) file.starts[i] = { ...this.record! };
    this.write(file);
  }

  private write(file: GuardFile): void {
    try {
      writeFileAtomicSync(this.statePath, `${JSON.stringify(file)}\n`);
    } catch {
      // a read-only folder: the guard cannot count starts there, and the start goes on
    }
  }
}

/** Which settings section a crash came from, by the source folders in its stack. */
export function areaOfError(err: unknown): string | undefined {
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  const areas: Array<[RegExp, string]> = [
    [/[/\\]copilot[/\\]|[/\\]ollama[/\\]/, 'llm'],
    [/[/\\]sim[/\\]/, 'sim'],
    [/[/\\]speech[/\\]/, 'speech'],
    [/[/\\]audio[/\\]/, 'audio'],
  ];
  return areas.find(([re]) => re.test(stack))?.[1];
}

/** The top-level sections whose contents differ between two settings files. */
export function changedSections(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

function hashOf(text: string): string {
  return text === '' ? '' : createHash('sha256').update(text).digest('hex');
}

function readText(path: string): string {
  try {
    return existsSync(path) ? readFileSync(path, 'utf8') : '';
  } catch {
    return '';
  }
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return isObject(v) ? v : {};
  } catch {
    return {};
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRecord(v: unknown): v is StartRecord {
  return isObject(v) && typeof v.hash === 'string' && typeof v.startedAt === 'number' && typeof v.ok === 'boolean';
}
