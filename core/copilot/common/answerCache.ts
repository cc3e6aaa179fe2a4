/**
 * LRU + TTL cache for answers that do not depend on the changing state of the flight ("what does
 * V1 mean?"). Anything that asks about this aircraft, now, is never cached: see isCacheableQuestion.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { sentences: string[]; expiresAtMs: number }>();

  constructor(
    private readonly maxEntries = 64,
    private readonly ttlMs = 30 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): string[] | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAtMs <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key); // re-insert: most recently used last
    this.entries.set(key, e);
    return e.sentences;
  }

  set(key: string, sentences: string[]): void {
    this.entries.delete(key);
    this.entries.set(key, { sentences, expiresAtMs: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Words that tie a question to this flight's live state. */
const stateWords =
  /\b(we|we're|were|us|our|my|i|me|current(ly)?|now|right now|still|left|remaining|make it|reach|get to|how (far|long|much|many)|eta|time|fuel|altitude|speed|heading|position|where|wind|weather|phase|flaps|gear|autopilot|squawk|transponder|frequency|com|nav|radio|distance|nm|miles|climb|descend|descent|land|landing|takeoff|checklist|set|tune|turn|this|here|should)\b/i;
const generalOpening = /^(what|what's|whats|define|explain|tell me about|what does|what do|what is|what are|why do|how does|how do)\b/i;

/** True only for general-knowledge questions with no reference to this flight. */
export function isCacheableQuestion(question: string): boolean {
  const q = question.trim();
  return generalOpening.test(q) && !stateWords.test(q.replace(generalOpening, ''));
}

/** Cache key: model plus the question without case, punctuation or extra spaces. */
export function cacheKey(model: string, question: string): string {
  return `${model}\u0000${question.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim()}`;
}
