/**
 * What a failed synthesiser may say, and to whom. A child process's stderr can quote any file it
 * was pointed at, so it goes to the log only (capped); clients, the state and the overlay get a
 * plain sentence.
 */

/** What the pilot and every client are told when a reply could not be spoken. */
export const SPEECH_OUTPUT_FAILED = 'Speech output failed; replies are shown as text.';
/** The id of the warning that says so (cleared when a reply is spoken again or the voice changes). */
export const SPEECH_OUTPUT_WARNING_ID = 'speech-output';
/** A log line's share of a child's stderr: enough to diagnose, too little to carry a file. */
export const MAX_LOGGED_DETAIL_CHARS = 300;

/**
 * A synthesiser (or its child process) failed. `message` is plain and safe to show ("espeak-ng
 * failed (exit 1)"); `detail` is what the process printed, for the log only.
 */
export class SynthesisError extends Error {
  override readonly name = 'SynthesisError';
  constructor(
    message: string,
    readonly detail = '',
  ) {
    super(message);
  }
}

/** One log line for a failed reply: the message and, for a synthesiser, its capped stderr (control characters dropped). */
export function speechFailureLogLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const detail = e instanceof SynthesisError ? e.detail : '';
  // eslint-disable-next-line no-control-regex -- a child's output may hold terminal escapes
  const clean = (s: string): string => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/\s+/g, ' ').trim();
  const shown = clean(detail);
  const capped = shown.length > MAX_LOGGED_DETAIL_CHARS ? `${shown.slice(0, MAX_LOGGED_DETAIL_CHARS)}… (${shown.length} chars)` : shown;
  return `speech output failed: ${clean(message).slice(0, MAX_LOGGED_DETAIL_CHARS)}${capped ? `; stderr: ${capped}` : ''}`;
}
