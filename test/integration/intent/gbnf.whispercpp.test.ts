import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildGbnf } from '../../../core/intent/common/grammarExport.js';

/**
 * The GBNF export parsed by whisper.cpp's own grammar parser (the source shipped inside
 * @fugood/whisper.node), compiled here with g++: a syntax whisper.cpp rejects fails the test.
 */
const run = promisify(execFile);
const whisperDir = fileURLToPath(new URL('../../../node_modules/@fugood/whisper.node/whisper.cpp', import.meta.url));
const parserSource = join(whisperDir, 'examples', 'grammar-parser.cpp');
const haveTools = existsSync(parserSource) && existsSync('/usr/bin/g++');
if (!haveTools) console.warn('skipping whisper.cpp GBNF test: g++ or whisper.cpp grammar-parser.cpp not available');

const CHECKER = `#include "grammar-parser.h"
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
int main(int argc, char ** argv) {
  if (argc < 2) return 2;
  std::ifstream f(argv[1]);
  std::stringstream ss; ss << f.rdbuf();
  std::string src = ss.str();
  grammar_parser::parse_state st = grammar_parser::parse(src.c_str());
  if (st.rules.empty()) { fprintf(stderr, "parse failed\\n"); return 1; }
  if (st.symbol_ids.find("root") == st.symbol_ids.end()) { fprintf(stderr, "no root\\n"); return 1; }
  for (size_t i = 0; i < st.rules.size(); i++) if (st.rules[i].empty()) {
    for (auto & kv : st.symbol_ids) if (kv.second == i) fprintf(stderr, "undefined rule %s\\n", kv.first.c_str());
    return 1;
  }
  printf("ok %zu rules\\n", st.rules.size());
  return 0;
}
`;

const dir = mkdtempSync(join(tmpdir(), 'stratus-gbnf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!haveTools)('GBNF for whisper.cpp', () => {
  it('is accepted by whisper.cpp grammar_parser with every rule defined', async () => {
    writeFileSync(join(dir, 'check.cpp'), CHECKER);
    const exe = join(dir, 'check');
    await run('g++', [
      '-std=c++17',
      '-O0',
      `-I${join(whisperDir, 'examples')}`,
      `-I${join(whisperDir, 'include')}`,
      `-I${join(whisperDir, 'ggml', 'include')}`,
      join(dir, 'check.cpp'),
      parserSource,
      '-o',
      exe,
    ]);
    const gbnf = join(dir, 'stratus.gbnf');
    writeFileSync(gbnf, buildGbnf());
    const { stdout } = await run(exe, [gbnf]);
    expect(stdout).toMatch(/^ok \d+ rules/);
    // A broken grammar must fail, or the check above proves nothing.
    writeFileSync(gbnf, 'root ::= command\ncommand ::= " a"\n  | " b"\n');
    await expect(run(exe, [gbnf])).rejects.toThrow();
  }, 120_000);
});
