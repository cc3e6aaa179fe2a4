import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RotatingLog } from './rotatingLog.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'stratus-log-'));
  dirs.push(d);
  return d;
}

describe('rotating log file', () => {
  it('creates its folder and appends lines', () => {
    const dir = join(tmp(), 'logs');
    const log = new RotatingLog({ dir, name: 'main' });
    log.write('one');
    log.write('two\nlines');
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toBe('one\ntwo\n    lines\n');
  });

  it('rotates past the size cap and keeps only N files, newest first', () => {
    const dir = tmp();
    const maxBytes = 100;
    const log = new RotatingLog({ dir, name: 'main', maxBytes, keepFiles: 3 });
    const line = (i: number): string => `line ${String(i).padStart(3, '0')} ${'x'.repeat(30)}`; // 39 bytes + newline
    for (let i = 0; i < 20; i++) log.write(line(i));
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(maxBytes);
    expect(readFileSync(join(dir, 'main.log'), 'utf8').trim().split('\n').at(-1)).toBe(line(19));
    // Two lines per file: main.1.log holds the pair before the current one.
    expect(readFileSync(join(dir, 'main.1.log'), 'utf8')).toBe(`${line(16)}\n${line(17)}\n`);
    expect(readFileSync(join(dir, 'main.2.log'), 'utf8')).toBe(`${line(14)}\n${line(15)}\n`);
  });

  it('continues an existing file across starts and counts its size', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'main.log'), 'x'.repeat(95) + '\n');
    new RotatingLog({ dir, name: 'main', maxBytes: 100 }).write('next start');
    expect(readFileSync(join(dir, 'main.log'), 'utf8')).toBe('next start\n');
    expect(existsSync(join(dir, 'main.1.log'))).toBe(true);
  });

  it('keeps the last lines in memory, and a log folder it cannot create costs the file, not the app', () => {
    const blocker = join(tmp(), 'a-file');
    writeFileSync(blocker, '');
    const log = new RotatingLog({ dir: join(blocker, 'logs'), name: 'main', tailLines: 2 });
    expect(() => ['a', 'b', 'c'].forEach((l) => log.write(l))).not.toThrow();
    expect(log.tail()).toEqual(['b', 'c']);
  });
});
