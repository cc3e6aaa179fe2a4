import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineCommand } from '../../core/api/common/contract.js';
import { CAPTURE_TIMEOUT_MS, PTT_DEBOUNCE_MS, PttInputRouter, type InputEdge } from './pttInput.js';

const key = (code: string, pressed: boolean, atMs: number): InputEdge => ({ kind: 'key', code, label: `K${code}`, pressed, atMs });

describe('PttInputRouter', () => {
  afterEach(() => vi.useRealTimers());

  it('sends pttDown/pttUp for the bound key only, once per press despite auto-repeat', () => {
    const sent: EngineCommand[] = [];
    const r = new PttInputRouter((c) => sent.push(c));
    r.setBinding({ kind: 'key', code: '91', label: 'F13' });
    r.input(key('30', true, 0));
    r.input(key('91', true, 10));
    r.input(key('91', true, 40));
    r.input(key('91', true, 70));
    r.input(key('91', false, 500));
    expect(sent).toEqual([
      { type: 'pttDown', source: 'key' },
      { type: 'pttUp', source: 'key' },
    ]);
  });

  it('drops a bounce press right after a release, accepts one after the debounce window', () => {
    const sent: string[] = [];
    const r = new PttInputRouter((c) => sent.push(c.type));
    r.setBinding({ kind: 'joystick', code: '0:3', label: 'J1 B4' });
    const j = (pressed: boolean, atMs: number): InputEdge => ({ kind: 'joystick', code: '0:3', label: '', pressed, atMs });
    r.input(j(true, 0));
    r.input(j(false, 100));
    r.input(j(true, 100 + PTT_DEBOUNCE_MS / 2));
    r.input(j(true, 100 + PTT_DEBOUNCE_MS + 1));
    expect(sent).toEqual(['pttDown', 'pttUp', 'pttDown']);
  });

  it('never leaves PTT stuck when the binding changes mid-press', () => {
    const sent: string[] = [];
    const r = new PttInputRouter((c) => sent.push(c.type));
    r.setBinding({ kind: 'mouse', code: '4', label: 'Mouse 4' });
    r.input({ kind: 'mouse', code: '4', label: '', pressed: true, atMs: 0 });
    r.setBinding(null);
    expect(sent).toEqual(['pttDown', 'pttUp']);
  });

  it('captures the next press as a binding; Escape cancels; a capture times out', async () => {
    vi.useFakeTimers();
    const r = new PttInputRouter(() => {});
    const first = r.capture();
    r.input(key('91', false, 0)); // releases are ignored while capturing
    r.input({ kind: 'joystick', code: '1:7', label: 'Joystick 2 button 8', pressed: true, atMs: 1 });
    await expect(first).resolves.toEqual({ kind: 'joystick', code: '1:7', label: 'Joystick 2 button 8' });
    const cancelled = r.capture();
    r.input(key('1', true, 2));
    await expect(cancelled).resolves.toBeNull();
    const late = r.capture();
    vi.advanceTimersByTime(CAPTURE_TIMEOUT_MS + 1);
    await expect(late).resolves.toBeNull();
    expect(r.isCapturing).toBe(false);
  });

  it('matches bindings through the code resolver (browser-captured keys)', () => {
    const sent: string[] = [];
    const r = new PttInputRouter((c) => sent.push(c.type), (b) => (b.code === 'dom:F13' ? '91' : b.code));
    r.setBinding({ kind: 'key', code: 'dom:F13', label: 'F13' });
    r.input(key('91', true, 0));
    expect(sent).toEqual(['pttDown']);
  });
});
