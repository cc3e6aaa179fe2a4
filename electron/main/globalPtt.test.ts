import { describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../core/api/common/contract.js';
import { GlobalPtt } from './globalPtt.js';
import { PttInputRouter } from './pttInput.js';
import { FakeGlobalShortcut } from './testing/fakeElectron.js';

const KEYS = { F13: 91, T: 20 };

function setup() {
  const sent: EngineCommand[] = [];
  const logs: string[] = [];
  const shortcuts = new FakeGlobalShortcut();
  let t = 0;
  const ptt = new GlobalPtt(new PttInputRouter((c) => sent.push(c)), shortcuts, () => (t += 100), (l) => logs.push(l));
  return { ptt, sent, logs, shortcuts };
}

describe('GlobalPtt', () => {
  it('hold to talk on a global key: down and up from the hook process', () => {
    const { ptt, sent, shortcuts } = setup();
    ptt.setHookStatus({ state: 'running' }, KEYS);
    expect(ptt.usesHook).toBe(true);
    ptt.setBinding({ kind: 'key', code: '91', label: 'F13' }, 'hold');
    expect(shortcuts.registered.size).toBe(0);
    ptt.hookInput({ kind: 'key', code: 91, pressed: true });
    ptt.hookInput({ kind: 'key', code: 91, pressed: true });
    ptt.hookInput({ kind: 'key', code: 91, pressed: false });
    expect(sent.map((c) => c.type)).toEqual(['pttDown', 'pttUp']);
    ptt.dispose();
  });

  it('captures a mouse button and labels keys from the hook key table', async () => {
    const { ptt } = setup();
    ptt.setHookStatus({ state: 'running' }, KEYS);
    const mouse = ptt.capture();
    ptt.hookInput({ kind: 'mouse', code: 4, pressed: true });
    await expect(mouse).resolves.toEqual({ kind: 'mouse', code: '4', label: 'Mouse 4' });
    const key = ptt.capture();
    ptt.hookInput({ kind: 'key', code: 91, pressed: true });
    await expect(key).resolves.toEqual({ kind: 'key', code: '91', label: 'F13' });
    ptt.dispose();
  });

  it('until the hook runs, a key binding in toggle mode is a global shortcut (press = toggle)', () => {
    const { ptt, sent, shortcuts } = setup();
    ptt.setBinding({ kind: 'key', code: '91', label: 'F13' }, 'toggle');
    expect([...shortcuts.registered.keys()]).toEqual(['F13']);
    shortcuts.registered.get('F13')!();
    expect(sent.map((c) => c.type)).toEqual(['pttDown', 'pttUp']);
    ptt.setBinding({ kind: 'key', code: '91', label: 'F13' }, 'voice');
    expect(shortcuts.registered.size).toBe(0);
    ptt.dispose();
  });

  it('in hold mode the fallback shortcut toggles: one press starts talking, the next ends it', () => {
    const { ptt, sent, shortcuts } = setup();
    ptt.setBinding({ kind: 'key', code: '91', label: 'F13' }, 'hold');
    shortcuts.registered.get('F13')!();
    expect(sent.map((c) => c.type)).toEqual(['pttDown']);
    shortcuts.registered.get('F13')!();
    expect(sent.map((c) => c.type)).toEqual(['pttDown', 'pttUp']);
    ptt.dispose();
  });

  it('the hook dying mid-press releases PTT and brings the fallback back; its recovery removes it', () => {
    const { ptt, sent, shortcuts, logs } = setup();
    ptt.setBinding({ kind: 'key', code: '20', label: 'T' }, 'hold');
    ptt.setHookStatus({ state: 'running' }, KEYS);
    expect(shortcuts.registered.size).toBe(0);
    ptt.hookInput({ kind: 'key', code: 20, pressed: true });
    ptt.setHookStatus({ state: 'unavailable', reason: 'push-to-talk key unavailable: the input hook process ended (code 134)' }, KEYS);
    expect(sent.map((c) => c.type)).toEqual(['pttDown', 'pttUp']);
    expect(ptt.hookStatus).toMatchObject({ state: 'unavailable' });
    expect([...shortcuts.registered.keys()]).toEqual(['T']);
    // Input from a hook that is not running (a late message) is ignored.
    ptt.hookInput({ kind: 'key', code: 20, pressed: true });
    expect(sent).toHaveLength(2);
    shortcuts.taken.add('T');
    ptt.setBinding({ kind: 'key', code: '20', label: 'T' }, 'toggle');
    expect(logs.at(-1)).toMatch(/taken by another app/);
    shortcuts.taken.clear();
    ptt.setHookStatus({ state: 'running' }, KEYS);
    expect(shortcuts.registered.size).toBe(0);
    ptt.dispose();
  });

  it('joystick buttons from the renderer drive PTT through the same router', () => {
    const { ptt, sent } = setup();
    ptt.setBinding({ kind: 'joystick', code: '0:2', label: 'Joystick 1 button 3' }, 'hold');
    ptt.gamepadButton({ gamepadIndex: 0, button: 2, pressed: true });
    ptt.gamepadButton({ gamepadIndex: 1, button: 2, pressed: true });
    ptt.gamepadButton({ gamepadIndex: 0, button: 2, pressed: false });
    expect(sent).toEqual([
      { type: 'pttDown', source: 'joystick' },
      { type: 'pttUp', source: 'joystick' },
    ]);
    ptt.dispose();
  });
});
