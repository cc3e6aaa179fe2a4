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
  | { type: 'error'; message: string }
  /** The answer to a keyTap request: pressed, or the error. */
  | { type: 'keyTapped'; id: number; error?: string };

/** Main to hook: press and release a key with modifiers held (a pilot's own command, core/custom). */
export interface KeyTapRequest {
  type: 'keyTap';
  id: number;
  key: number;
  modifiers: number[];
}

const NAMED: Readonly<Record<string, string>> = {
  ctrl: 'Ctrl', shift: 'Shift', alt: 'Alt', meta: 'Meta', space: 'Space', enter: 'Enter', escape: 'Escape', tab: 'Tab', backspace: 'Backspace',
  delete: 'Delete', insert: 'Insert', home: 'Home', end: 'End', pageup: 'PageUp', pagedown: 'PageDown', up: 'ArrowUp', down: 'ArrowDown', left: 'ArrowLeft', right: 'ArrowRight',
};
/** uiohook's keycode for a key name of a custom command's combo ("ctrl", "p", "f5", "pageup"), from the hook's own table. */
export function keycodeFor(name: string, table: Readonly<Record<string, number>>): number | undefined {
  const n = NAMED[name] ?? (/^f\d{1,2}$/.test(name) ? name.toUpperCase() : name.length === 1 ? name.toUpperCase() : undefined);
  return n === undefined ? undefined : table[n];
}

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
  if (m.type === 'keyTapped' && typeof m.id === 'number' && (m.error === undefined || typeof m.error === 'string')) {
    return { type: 'keyTapped', id: m.id, ...(typeof m.error === 'string' ? { error: m.error.slice(0, 200) } : {}) };
  }
  return null;
}
