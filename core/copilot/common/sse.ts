/**
 * Incremental Server-Sent Events parser (the subset OpenAI-compatible servers use): lines of
 * `data: ...`, events ended by a blank line, `:` comments ignored, CRLF or LF. Returns the data of
 * each completed event.
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  push(text: string): string[] {
    this.buffer += text;
    const out: string[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line === '') {
        if (this.data.length) out.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(5).replace(/^ /, ''));
      }
      // `event:`, `id:`, `retry:` and `:` comments carry nothing we use.
    }
    return out;
  }

  /** True when the stream ended inside an event (a cut connection). */
  get hasPartial(): boolean {
    return this.buffer.trim() !== '' || this.data.length > 0;
  }
}
