import { describe, expect, it } from 'vitest';
import { ButtonEdges, GAMEPAD_DEBOUNCE_MS } from './gamepadPtt.js';

const pad = (index: number, pressed: boolean[]) => ({ index, buttons: pressed.map((p) => ({ pressed: p, touched: p, value: p ? 1 : 0 })) });

describe('ButtonEdges', () => {
  it('reports press and release edges, not levels', () => {
    const edges = new ButtonEdges();
    expect(edges.update([pad(0, [false, false])], 0)).toEqual([]);
    expect(edges.update([pad(0, [false, true])], 100)).toEqual([{ gamepadIndex: 0, button: 1, pressed: true }]);
    expect(edges.update([pad(0, [false, true])], 200)).toEqual([]);
    expect(edges.update([pad(0, [false, false])], 300)).toEqual([{ gamepadIndex: 0, button: 1, pressed: false }]);
  });
  it('ignores contact bounce inside the debounce window', () => {
    const edges = new ButtonEdges();
    edges.update([pad(1, [false])], 0);
    expect(edges.update([pad(1, [true])], 100)).toHaveLength(1);
    expect(edges.update([pad(1, [false])], 100 + GAMEPAD_DEBOUNCE_MS - 5)).toEqual([]);
    expect(edges.update([pad(1, [false])], 100 + GAMEPAD_DEBOUNCE_MS + 5)).toEqual([{ gamepadIndex: 1, button: 0, pressed: false }]);
  });
  it('skips empty gamepad slots', () => {
    expect(new ButtonEdges().update([null, null], 0)).toEqual([]);
  });
});
