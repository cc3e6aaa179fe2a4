import { describe, expect, it } from 'vitest';
import { buildGbnf } from '../../../core/intent/common/grammarExport.js';
import { compileGbnf } from '../../../core/speech/common/whisperGrammar.js';
import { GrammarMatcher } from '../../../core/speech/common/whisperGrammarMatch.js';

// The GBNF the intent layer exports is what the whisper worker compiles: it must compile, and mean
// the commands the parser knows.
describe('whisper grammar from the intent grammar (buildGbnf)', () => {
  it('compiles into whisper_grammar_element rules and accepts commands, not chatter', () => {
    const g = compileGbnf(buildGbnf());
    expect(g.rules.every((r) => r.length > 0 && r[r.length - 1]!.type === 0)).toBe(true);
    const m = new GrammarMatcher(g);
    expect(m.matches(' heading two seven zero')).toBe(true);
    expect(m.matches(' heading 270.')).toBe(true);
    expect(m.matches(' gear down')).toBe(true);
    expect(m.matches(' hello world')).toBe(false);
  });
});
