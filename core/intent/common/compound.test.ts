import { describe, expect, it } from 'vitest';
import { parseUtterance } from './parser.js';

describe('several commands in one utterance', () => {
  it('returns the first as intent and the rest in order in also', () => {
    const r = parseUtterance('gear down and flaps full');
    expect(r.intent).toEqual({ kind: 'gear', down: true });
    expect(r.also).toEqual([{ kind: 'flaps', setting: 'full' }]);
    expect(r.notation).toBe('set gear down; set flaps full');
  });

  it('a single command has no also', () => {
    expect(parseUtterance('climb and maintain five thousand').also).toBeUndefined();
  });

  it('does not split a sentence with words no command uses', () => {
    expect(parseUtterance('set heading two seven zero and tell me about the weather').intent.kind).toBe('llm');
  });

  it('does not combine checklist answers or refusals into a compound', () => {
    expect(parseUtterance('heading two seven zero checked', { checklistActive: true }).intent.kind).not.toBe('apHeading');
    expect(parseUtterance('heading two seven zero and squawk eight eight eight eight').intent.kind).not.toBe('apHeading');
  });

  it('keeps at most three parts', () => {
    expect(parseUtterance('gear down flaps full landing lights on strobes on').intent.kind).toBe('llm');
  });
});
