import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { EngineCommand } from '../../core/api/common/contract.js';
import { GlobalPtt, type InputHookLike, type UiohookModule } from './globalPtt.js';
import { PttInputRouter } from './pttInput.js';
import { FakeGlobalShortcut } from './testing/fakeElectron.js';

/** A stand-in for uiohook-napi's emitter: the same events, fired by the test. */
class FakeHook extends EventEmitter implements InputHookLike {
  started = false;
  failOnStart = false;
  start(): void {
    if (this.failOnStart) throw new Error('no accessibility permission');
    this.started = true;
  }
  stop(): void {
    this.started = false;
  }
}

function setup(hook: FakeHook | null) {
  const sent: EngineCommand[] = [];
  const logs: string[] = [];
  const shortcuts = new FakeGlobalShortcut();
  let t = 0;
  const mod: UiohookModule | null = hook ? { uIOhook: hook, UiohookKey: { F13: 91, T: 20 } } : null;
  const ptt = new GlobalPtt(new PttInputRouter((c) => sent.push(c)), mod, shortcuts, () => (t += 100), (l) => logs.push(l));
  return { ptt, sent, logs, shortcuts };
}

describe('GlobalPtt', () => {
  it('hold to talk on a global key: down and up from the input hook', () => {
    const hook = new FakeHook();
    const { ptt, sent } = setup(hook);
    expect(ptt.usesHook).toBe(true);
    ptt.setBinding({ kind: 'key', code: '91', label: 'F13' }, 'hold');
    hook.emit('keydown', { keycode: 91 });
    hook.emit('keydown', { keycode: 91 });
    hook.emit('keyup', { keycode: 91 });
    expect(sent.map((c) => c.type)).toEqual(['pttDown', 'pttUp']);
    ptt.dispose();
    expect(hook.started).toBe(false);
    expect(hook.listenerCount('keydown')).toBe(0);
  });

  it('captures a mouse button and labels keys from the hook key table', async () => {
    const hook = new FakeHook();
    const { ptt } = setup(hook);
    const mouse = ptt.capture();
    hook.emit('mousedown', { button: 4 });
    await expect(mouse).resolves.toEqual({ kind: 'mouse', code: '4', label: 'Mouse 4' });
    const key = ptt.capture();
    hook.emit('keydown', { keycode: 91 });
    await expect(key).resolves.toEqual({ kind: 'key', code: '91', label: 'F13' });
    ptt.dispose();
  });

  it('without a hook, a key binding in toggle mode falls back to a global shortcut (press = toggle)', () => {
    const { ptt, sent, shortcuts } = setup(null);
    ptt.setBinding({ kind: 'key', code: '91', label: 'F13' }, 'toggle');
    expect([...shortcuts.registered.keys()]).toEqual(['F13']);
    shortcuts.registered.get('F13')!();
    expect(sent.map((c) => c.type)).toEqual(['pttDown', 'pttUp']);
    ptt.setBinding({ kind: 'key', code: '91', label: 'F13' }, 'hold');
    expect(shortcuts.registered.size).toBe(0);
    ptt.dispose();
  });

  it('falls back when the hook fails to start, and says so', () => {
    const hook = new FakeHook();
    hook.failOnStart = true;
    const { ptt, logs, shortcuts } = setup(hook);
    expect(ptt.usesHook).toBe(false);
    expect(logs[0]).toMatch(/input hook failed \(no accessibility permission\)/);
    shortcuts.taken.add('T');
    ptt.setBinding({ kind: 'key', code: '20', label: 'T' }, 'toggle');
    expect(logs[1]).toMatch(/taken by another app/);
    ptt.dispose();
  });

  it('joystick buttons from the renderer drive PTT through the same router', () => {
    const { ptt, sent } = setup(new FakeHook());
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
