import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandResultSchema } from '../../../core/api/common/contract.js';
import { parseUtterance } from '../../../core/intent/common/parser.js';

/** One `stratus cmd` run starts and stops a whole engine: seconds on a loaded 2-core machine, never a minute. */
const CLI_TIMEOUT_MS = 60_000;
/** Outcomes of a command the demo sim took: flown, answered, or handled by the engine (checklist, undo, affirm). */
const ACCEPTED = ['applied', 'answered', 'control'];

const home = mkdtempSync(join(tmpdir(), 'stratus-readme-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** Every phrase in straight double quotes that is made of words only (not JSON, paths or URLs). */
function quotedPhrases(text: string): string[] {
  const out = [...text.matchAll(/"([A-Za-z][A-Za-z' ,?!.-]*)"/g)].map((m) => m[1]!.trim());
  return [...new Set(out)];
}

/** The voice examples the README leads with: `speak — "…", "…" —` in its first paragraph. */
function introExamples(text: string): string[] {
  const intro = /speak —([^—]+)—/.exec(text)?.[1] ?? '';
  return quotedPhrases(intro);
}

/** The text of every `stratus cmd …` / `stratus parse …` example in the README's code blocks. */
function cliExamples(text: string): string[] {
  return [...text.matchAll(/(?:stratus(?:\.js)?) (?:cmd|parse)\b[^"\n]*"([^"]+)"/g)].map((m) => m[1]!);
}

/** A phrase Stratus takes as a command, a question or a control word ("undo", "affirm"), not as free text for the language model. */
const isCommand = (phrase: string): boolean => !['llm', 'invalid'].includes(parseUtterance(phrase).intent.kind);

const required = [...new Set([...introExamples(readme), ...cliExamples(readme)])];
const examples = [...new Set([...required, ...quotedPhrases(readme).filter(isCommand)])];

describe('every README example works on the demo aircraft', () => {
  it('finds the examples the README leads with', () => {
    expect(required).toEqual(expect.arrayContaining(['heading two seven zero', 'flaps fifteen', 'squawk seven thousand']));
    for (const phrase of required) expect(isCommand(phrase), `README example "${phrase}" is not a command Stratus knows`).toBe(true);
  });

  it.each(examples)('stratus cmd --sim demo "%s" is accepted and applied', (phrase) => {
    const r = spawnSync(process.execPath, ['bin/stratus.js', 'cmd', '--sim', 'demo', phrase], {
      encoding: 'utf8',
      env: { ...process.env, STRATUS_HOME: home, STRATUS_LLM_PROVIDER: 'none' },
      timeout: CLI_TIMEOUT_MS,
    });
    const result = commandResultSchema.parse(JSON.parse(r.stdout));
    expect(ACCEPTED, `"${phrase}": ${result.reply}`).toContain(result.outcome.status);
    expect(r.status, r.stderr).toBe(0);
  });
});
