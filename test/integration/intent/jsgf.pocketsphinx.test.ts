import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRules, compileGrammar } from '../../../core/intent/common/grammar.js';
import { buildJsgf, POCKETSPHINX_JSGF_ARGS } from '../../../core/intent/common/grammarExport.js';
import { parseUtterance } from '../../../core/intent/common/parser.js';
import { DEBIAN_CMUDICT_PATH, loadDictionaryWords } from '../../../core/intent/node/cmuDict.js';
import { parseCorpusText } from '../../../core/intent/node/corpusFile.js';

/**
 * The exported JSGF with the real recogniser: every word in pocketsphinx's en-us dictionary, the
 * grammar covers the corpus commands, and espeak-ng speech of command phrases is recognised into
 * the right intents (measured figures in the report; thresholds a little below them).
 */
const run = promisify(execFile);
const haveTools = existsSync(DEBIAN_CMUDICT_PATH) && ['/usr/bin/pocketsphinx_continuous', '/usr/bin/espeak-ng', '/usr/bin/sox'].every(existsSync);
if (!haveTools) console.warn('skipping pocketsphinx JSGF tests: pocketsphinx, pocketsphinx-en-us, espeak-ng or sox not installed');

const PHRASES = [
  'heading two seven zero',
  'turn left heading two two zero',
  'altitude one zero thousand five hundred',
  'climb and maintain five thousand',
  'flight level three five zero',
  'speed two five zero',
  'vertical speed minus one thousand five hundred',
  'flaps fifteen',
  'flaps up',
  'gear down',
  'landing lights on',
  'com one one two one decimal five',
  'com two standby one three two decimal eight five',
  'swap com one',
  'squawk seven thousand',
  'squawk four six two one',
  'altimeter two niner niner two',
  'autopilot on',
  'approach mode',
  'what is our altitude',
  'how much fuel do we have',
  'before takeoff checklist',
  'callouts off',
  'say again',
];

/**
 * Measured with Debian's pocketsphinx + en-us model, espeak-ng 1.51 and POCKETSPHINX_JSGF_ARGS.
 * With every phrase and variant in the grammar (issue 13): f2@140 18-19/24, m3@170 14/24 (short
 * variants such as "stop", "go on" and the carrier words are heard in place of "flaps up",
 * "callouts off"). Core phrases only, before issue 13: 22/24 and 16-17/24 (thresholds were 19/14).
 */
const MIN_CORRECT: Readonly<Record<string, number>> = { 'en-us+f2@140': 17, 'en-us+m3@170': 13 };

const dir = mkdtempSync(join(tmpdir(), 'stratus-jsgf-'));
const gram = join(dir, 'stratus.gram');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveTools)('JSGF for pocketsphinx (real recogniser)', () => {
  beforeAll(() => writeFileSync(gram, buildJsgf()));

  it('uses only words in the en-us dictionary', async () => {
    const dict = await loadDictionaryWords();
    const body = readFileSync(gram, 'utf8').split('\n').slice(2).join('\n').replace(/<[a-zA-Z0-9]+>/g, ' ');
    const words = new Set(body.match(/[a-z']+/g) ?? []);
    expect([...words].filter((w) => !dict.has(w))).toEqual([]);
  });

  it('covers every command and query of the shipped corpus (core phrases only)', () => {
    const core = compileGrammar(allRules.map((r) => ({ ...r, variants: [] })));
    const corpusFile = fileURLToPath(new URL('../../fixtures/corpus/utterances.tsv', import.meta.url));
    const { lines } = parseCorpusText(readFileSync(corpusFile, 'utf8'));
    const commands = lines.filter((l) => l.expected !== 'llm');
    const missed = commands.filter((l) => parseUtterance(l.utterance, { checklistActive: true }, core).notation !== l.expected).map((l) => l.utterance);
    expect(missed).toEqual([]);
    expect(commands.length).toBeGreaterThan(60);
  });

  it.each([
    ['en-us+f2', 140],
    ['en-us+m3', 170],
  ] as const)('recognises espeak-ng %s at %i wpm into the right intents', async (voice, wpm) => {
    let correct = 0;
    const misses: string[] = [];
    for (const [i, phrase] of PHRASES.entries()) {
      const raw = join(dir, `${i}.wav`);
      const wav16 = join(dir, `${i}-16k.wav`);
      await run('espeak-ng', ['-v', voice, '-s', String(wpm), '-w', raw, phrase]);
      await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav16]);
      const { stdout } = await run('pocketsphinx_continuous', ['-infile', wav16, '-jsgf', gram, '-logfn', '/dev/null', ...POCKETSPHINX_JSGF_ARGS]).catch(() => ({ stdout: '' }));
      const heard = stdout.trim();
      if (parseUtterance(heard, { checklistActive: true }).notation === parseUtterance(phrase, { checklistActive: true }).notation) correct++;
      else misses.push(`"${phrase}" heard "${heard}"`);
    }
    console.info(`pocketsphinx JSGF ${voice}@${wpm}: ${correct}/${PHRASES.length} correct intents; misses: ${misses.join('; ')}`);
    expect(correct).toBeGreaterThanOrEqual(MIN_CORRECT[`${voice}@${wpm}`]!);
  }, 120_000);
});
