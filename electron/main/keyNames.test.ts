import { describe, expect, it } from 'vitest';
import { acceleratorForKeyName, keycodeForBinding, labelForKeycode, uiohookNameForDomCode } from './keyNames.js';

const keys = { F13: 91, T: 20, 5: 6, CtrlRight: 3613, Space: 57 };

describe('key names', () => {
  it('maps DOM codes to uiohook names and keycodes', () => {
    expect(uiohookNameForDomCode('KeyT')).toBe('T');
    expect(uiohookNameForDomCode('Digit5')).toBe('5');
    expect(uiohookNameForDomCode('ControlRight')).toBe('CtrlRight');
    expect(keycodeForBinding('dom:F13', keys)).toBe('91');
    expect(keycodeForBinding('dom:ControlRight', keys)).toBe('3613');
    expect(keycodeForBinding('57', keys)).toBe('57');
    expect(keycodeForBinding('dom:Unheard', keys)).toBe('dom:Unheard');
  });
  it('labels keycodes and finds global shortcut accelerators', () => {
    expect(labelForKeycode(91, keys)).toBe('F13');
    expect(labelForKeycode(999, keys)).toBe('Key 999');
    expect(acceleratorForKeyName('F13')).toBe('F13');
    expect(acceleratorForKeyName('T')).toBe('T');
    expect(acceleratorForKeyName('CtrlRight')).toBeNull();
  });
});
