/**
 * Messages between the main process and the input-hook utility process (hookProcessEntry.ts).
 * Pure: no Electron, no Node. The main process checks every message it receives: the hook process
 * is native code that may misbehave, and a bad message must not reach the push-to-talk router.
 */
export type HookMessage =
  /** uiohook started: its key table (names to keycodes) for labels and browser-captured bindings. */
  | { type: 'ready'; keys: Record<string, number> }
  | { type: 'input'; kind: 'key' | 'mouse'; code: number; pressed: boolean }
  /** start() threw (rather than aborting): the reason, for the push-to-talk status. */
  | { type: 'error'; message: string };

function isKeyTable(v: unknown): v is Record<string, number> {
  return typeof v === 'object' && v !== null && Object.values(v).every((n) => typeof n === 'number');
}

/** The message, or null when it is not one of ours. */
export function parseHookMessage(raw: unknown): HookMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const m = raw as Record<string, unknown>;
  if (m.type === 'ready' && isKeyTable(m.keys)) return { type: 'ready', keys: m.keys };
  if (m.type === 'input' && (m.kind === 'key' || m.kind === 'mouse') && typeof m.code === 'number' && typeof m.pressed === 'boolean') {
    return { type: 'input', kind: m.kind, code: m.code, pressed: m.pressed };
  }
  if (m.type === 'error' && typeof m.message === 'string') return { type: 'error', message: m.message };
  return null;
}
