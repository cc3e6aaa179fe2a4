import { describe, expect, it } from 'vitest';
import { keyLabel } from './bindingCapture.js';

describe('keyLabel', () => {
  it('names keys the way a pilot reads them', () => {
    expect(keyLabel({ code: 'ControlRight', key: 'Control' })).toBe('Right Ctrl');
    expect(keyLabel({ code: 'KeyT', key: 't' })).toBe('T');
    expect(keyLabel({ code: 'Digit5', key: '5' })).toBe('5');
    expect(keyLabel({ code: 'F13', key: 'F13' })).toBe('F13');
    expect(keyLabel({ code: '', key: 'Unidentified' })).toBe('Unidentified');
  });
});
