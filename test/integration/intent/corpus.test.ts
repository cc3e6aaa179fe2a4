import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { intentSchema } from '../../../core/intent/common/intents.js';
import { parseUtterance } from '../../../core/intent/common/parser.js';
import { parseCorpusText } from '../../../core/intent/node/corpusFile.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/corpus/${name}`, import.meta.url));

describe.each(['utterances.tsv', 'extended.tsv', 'radiotelephony.tsv'])('corpus %s', (file) => {
  const { lines, errors } = parseCorpusText(readFileSync(fixture(file), 'utf8'));

  it('is well formed and not empty', () => {
    expect(errors).toEqual([]);
    expect(lines.length).toBeGreaterThan(50);
  });

  it.each(lines.map((l) => [l.line, l.utterance, l.expected] as const))('line %i: "%s" -> %s', (_line, utterance, expected) => {
    const r = parseUtterance(utterance, { checklistActive: true });
    expect(r.notation).toBe(expected);
    expect(intentSchema.safeParse(r.intent).success).toBe(true);
    expect(r.confidence).toBeGreaterThan(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });
});

describe('corpus size', () => {
  it('has at least 300 lines across the shared and extended files, and 120 radiotelephony lines', () => {
    const total = ['utterances.tsv', 'extended.tsv']
      .map((f) => parseCorpusText(readFileSync(fixture(f), 'utf8')).lines.length)
      .reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(300);
    expect(parseCorpusText(readFileSync(fixture('radiotelephony.tsv'), 'utf8')).lines.length).toBeGreaterThanOrEqual(120);
  });
});
