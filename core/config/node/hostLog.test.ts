import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHostLog, defaultLogDir, hostCrashLog } from './hostLog.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('host log (both hosts)', () => {
  it('writes every line, redacted and time-stamped, to main.log in the log folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-hostlog-'));
    dirs.push(dir);
    const echoed: string[] = [];
    const log = createHostLog({ dir, name: 'main', echo: (t) => echoed.push(t) });
    log('llm: POST https://user:hunter22@api.example.com/v1?api_key=abcdef123456 failed, key sk-proj-abcdefghijklmnop');
    const text = readFileSync(join(dir, 'main.log'), 'utf8');
    expect(log.file).toBe(join(dir, 'main.log'));
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z --- main started \(pid \d+\)\n\d{4}-\d\d-\d\dT[\d:.]+Z llm: POST/);
    for (const secret of ['hunter22', 'abcdef123456', 'abcdefghijklmnop']) {
      expect(text).not.toContain(secret);
      expect(echoed.join('')).not.toContain(secret);
      expect(log.tail().join('\n')).not.toContain(secret);
    }
  });
});

describe('one log folder', () => {
  it('the crash log is written beside main.log / headless.log, in the folder defaultLogDir names', () => {
    const home = mkdtempSync(join(tmpdir(), 'stratus-logdir-'));
    dirs.push(home);
    const env = { STRATUS_HOME: home };
    const crash = hostCrashLog(env);
    crash.write('audio worker', 'stopped unexpectedly');
    const log = createHostLog({ dir: defaultLogDir(env), name: 'headless', echo: () => {} });
    expect(defaultLogDir(env)).toBe(join(home, 'logs'));
    expect(dirname(crash.path)).toBe(defaultLogDir(env));
    expect(dirname(log.file)).toBe(defaultLogDir(env));
    expect(readFileSync(crash.path, 'utf8')).toContain('audio worker: stopped unexpectedly');
  });
});
