export interface CapturedBinding {
  kind: 'key' | 'mouse' | 'joystick';
  code: string;
  label: string;
}

/** A readable name for a key: "F13", "Right Ctrl", "Space". */
export function keyLabel(e: Pick<KeyboardEvent, 'code' | 'key'>): string {
  const m = /^(Control|Shift|Alt|Meta)(Left|Right)$/.exec(e.code);
  if (m) return `${m[2]} ${m[1] === 'Control' ? 'Ctrl' : m[1]}`;
  if (e.code.startsWith('Key')) return e.code.slice(3);
  if (e.code.startsWith('Digit')) return e.code.slice(5);
  return e.code || e.key;
}

/**
 * In a browser tab (headless host): the next key pressed in this page becomes the binding
 * (KeyboardEvent.code; the desktop app maps it to its global hook). Escape cancels.
 */
export function captureKeyBinding(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): Promise<CapturedBinding | null> {
  return new Promise((resolve) => {
    const onKey = (e: KeyboardEvent): void => {
      e.preventDefault();
      e.stopPropagation();
      target.removeEventListener('keydown', onKey, true);
      resolve(e.key === 'Escape' ? null : { kind: 'key', code: `dom:${e.code}`, label: keyLabel(e) });
    };
    target.addEventListener('keydown', onKey, true);
  });
}
