import { describe, expect, it } from 'vitest';
import { classifyPocketsphinxLine } from './pocketsphinxOutput.js';

describe('classifyPocketsphinxLine', () => {
  it.each([
    ['INFO: continuous.c(307): pocketsphinx_continuous COMPILED ON: Sep 28 2022, AT: 20:56:35', 'ready'],
    ['INFO: fsg_search.c(870): fsg 0.32 wall 0.122 xRT', 'utteranceEnd'],
    ['INFO: fsg_search.c(266): TOTAL fsg 7.79 wall 1.124 xRT', 'log'],
    ['INFO: cmn_live.c(120): Update from < 41.00 -5.29 >', 'log'],
    ['-beam\t\t\t1e-48\t\t1.000000e-48', 'log'],
    ['', 'log'],
    ['FATAL: "continuous.c", line 157: Failed to open file', 'error'],
    ['set heading two seven zero', 'hypothesis'],
  ])('%s -> %s', (line, kind) => {
    expect(classifyPocketsphinxLine(line).kind).toBe(kind);
  });
});
