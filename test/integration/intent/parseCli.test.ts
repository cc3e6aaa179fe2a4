import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runParseCli } from '../../../core/api/node/commands/parseCli.js';

function capture(): { out: string[]; err: string[]; io: { out: (l: string) => void; err: (l: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

const dir = mkdtempSync(join(tmpdir(), 'stratus-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stratus parse', () => {
  it('prints the notation of one utterance', async () => {
    const c = capture();
    expect(await runParseCli(['heading', 'two', 'seven', 'zero'], c.io)).toBe(0);
    expect(c.out).toEqual(['set ap.heading 270']);
  });

  it('prints the full result with --json', async () => {
    const c = capture();
    expect(await runParseCli(['squawk 7000', '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out[0]!)).toMatchObject({ intent: { kind: 'transponder', code: 7000 }, notation: 'set xpdr 7000' });
  });

  it('checks the shipped corpus with every line passing', async () => {
    const c = capture();
    const file = fileURLToPath(new URL('../../fixtures/corpus/utterances.tsv', import.meta.url));
    expect(await runParseCli(['--corpus', file], c.io)).toBe(0);
    expect(c.out.at(-1)).toMatch(/^\d+ passed, 0 failed$/);
  });

  it('prints each miss, ends with the count line and exits non-zero', async () => {
    const file = join(dir, 'bad.tsv');
    writeFileSync(file, '# comment\nheading two seven zero\tset ap.heading 270\ngear up\tset gear down\nno tab here\n');
    const c = capture();
    expect(await runParseCli(['--corpus', file], c.io)).toBe(1);
    expect(c.out).toEqual(['MISS line 3: "gear up" -> set gear up (expected set gear down)', '1 passed, 2 failed']);
    expect(c.err[0]).toContain('line 4');
  });

  it('reports a missing file or missing text as usage errors', async () => {
    const c = capture();
    expect(await runParseCli(['--corpus', join(dir, 'nope.tsv')], c.io)).toBe(2);
    expect(await runParseCli([], c.io)).toBe(2);
    expect(c.err.length).toBe(2);
  });
});
