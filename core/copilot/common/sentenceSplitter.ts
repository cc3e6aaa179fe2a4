/**
 * Cuts streamed text into sentences for text-to-speech, so the first sentence can be spoken while
 * the model is still writing the rest. A sentence ends at . ! ? or a newline followed by
 * whitespace; "121.5" and "3.5" stay whole because no space follows the point. A clause that runs
 * long without an end is cut at a comma so speech does not wait for it.
 */
const LONG_CLAUSE_CHARS = 160;

export class SentenceSplitter {
  private buffer = '';

  /** Adds streamed text; returns the sentences it completed. */
  push(text: string): string[] {
    this.buffer += text;
    const out: string[] = [];
    for (;;) {
      const cut = this.findCut();
      if (cut < 0) break;
      const sentence = clean(this.buffer.slice(0, cut));
      this.buffer = this.buffer.slice(cut);
      if (sentence) out.push(sentence);
    }
    return out;
  }

  /** The rest at the end of the stream. */
  flush(): string[] {
    const rest = clean(this.buffer);
    this.buffer = '';
    return rest ? [rest] : [];
  }

  private findCut(): number {
    const b = this.buffer;
    const end = /[.!?]+["')\]]*(?=\s)|\n/.exec(b);
    if (end) return end.index + end[0].length;
    if (b.length > LONG_CLAUSE_CHARS) {
      const comma = b.lastIndexOf(', ', LONG_CLAUSE_CHARS);
      if (comma > 20) return comma + 1;
    }
    return -1;
  }
}

/** Strips markdown the model may add anyway, which TTS would read out. */
function clean(s: string): string {
  return s
    .replace(/[*_`#]+/g, '')
    .replace(/^\s*[-•]\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Turns a stream of text deltas into a stream of sentences. */
export async function* sentences(deltas: AsyncIterable<string>): AsyncGenerator<string> {
  const splitter = new SentenceSplitter();
  for await (const d of deltas) yield* splitter.push(d);
  yield* splitter.flush();
}
