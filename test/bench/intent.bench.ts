import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileGrammar } from '../../core/intent/common/grammar.js';
import { buildJsgf } from '../../core/intent/common/grammarExport.js';
import { parseUtterance } from '../../core/intent/common/parser.js';
import { parseCorpusText } from '../../core/intent/node/corpusFile.js';
import { below, percentile, type BenchResult } from './harness.js';

/** Timed runs of each utterance after the warm-up pass; its latency is their median. */
const RUNS_PER_UTTERANCE = 15;

function corpusUtterances(): string[] {
  return ['utterances.tsv', 'extended.tsv'].flatMap((f) => {
    const text = readFileSync(fileURLToPath(new URL(`../fixtures/corpus/${f}`, import.meta.url)), 'utf8');
    return parseCorpusText(text).lines.map((l) => l.utterance);
  });
}

/** Intent parsing: per-utterance latency over the whole corpus, and the grammar build at start-up. */
export default async function run(): Promise<BenchResult[]> {
  // Start-up: the first (cold) compile of every phrase, as the engine does once.
  const t0 = performance.now();
  const grammar = compileGrammar();
  const coldBuildMs = performance.now() - t0;
  const t1 = performance.now();
  buildJsgf();
  const jsgfMs = performance.now() - t1;

  const utterances = corpusUtterances();
  for (const u of utterances) parseUtterance(u, { checklistActive: true }, grammar);
  // Per utterance: the median of its runs, so one scheduler preemption on a loaded machine does
  // not count as parser latency; the raw samples are reported beside it.
  const perUtterance: number[] = [];
  const raw: number[] = [];
  for (const u of utterances) {
    const runs: number[] = [];
    for (let r = 0; r < RUNS_PER_UTTERANCE; r++) {
      const s = performance.now();
      parseUtterance(u, { checklistActive: true }, grammar);
      runs.push(performance.now() - s);
    }
    runs.sort((a, b) => a - b);
    perUtterance.push(percentile(runs, 50));
    raw.push(...runs);
  }
  perUtterance.sort((a, b) => a - b);
  raw.sort((a, b) => a - b);
  const detail = `${utterances.length} utterances, median of ${RUNS_PER_UTTERANCE} runs each; raw samples p99 ${percentile(raw, 99).toFixed(3)} ms`;
  return [
    below('intent parse p50', percentile(perUtterance, 50), 'ms', 1, detail),
    below('intent parse p99', percentile(perUtterance, 99), 'ms', 1, `${detail}; slowest ${perUtterance[perUtterance.length - 1]!.toFixed(3)} ms`),
    below('intent grammar build at start-up (cold)', coldBuildMs, 'ms', 50, 'compileGrammar() first call in a fresh process'),
    below('intent JSGF export', jsgfMs, 'ms', 50),
  ];
}
