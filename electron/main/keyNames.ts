/** uiohook key names keyed by DOM KeyboardEvent.code where they differ (for bindings captured in a browser tab). */
const domToUiohook: Record<string, string> = {
  ControlLeft: 'Ctrl',
  ControlRight: 'CtrlRight',
  AltLeft: 'Alt',
  AltRight: 'AltRight',
  ShiftLeft: 'Shift',
  ShiftRight: 'ShiftRight',
  MetaLeft: 'Meta',
  MetaRight: 'MetaRight',
};

/** Maps a DOM code ("KeyT", "Digit5", "F13", "ControlRight") to a uiohook key name ("T", "5", "F13", "CtrlRight"). */
export function uiohookNameForDomCode(code: string): string {
  if (domToUiohook[code]) return domToUiohook[code];
  if (/^Key[A-Z]$/.test(code)) return code.slice(3);
  if (/^Digit\d$/.test(code)) return code.slice(5);
  return code;
}

/**
 * The uiohook keycode a binding means. Bindings made in the desktop app store the keycode;
 * ones captured in a browser tab store "dom:<KeyboardEvent.code>" and are looked up by name.
 */
export function keycodeForBinding(code: string, keys: Readonly<Record<string, number>>): string {
  if (!code.startsWith('dom:')) return code;
  const n = keys[uiohookNameForDomCode(code.slice(4))];
  return n === undefined ? code : String(n);
}

/** A readable label for a uiohook keycode ("F13", "CtrlRight"), from the library's own key table. */
export function labelForKeycode(keycode: number, keys: Readonly<Record<string, number>>): string {
  for (const [name, n] of Object.entries(keys)) if (n === keycode) return name;
  return `Key ${keycode}`;
}

/** Electron accelerator for the globalShortcut fallback, when the key has one (F-keys, letters, digits). */
export function acceleratorForKeyName(name: string): string | null {
  return /^(F([1-9]|1\d|2[0-4])|[A-Z]|\d)$/.test(name) ? name : null;
}
