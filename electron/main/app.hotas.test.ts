import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_BUTTON } from '../../core/input/testing/extreme3dProRecording.js';
import type { Shell } from './app.js';
import type { FakeWindow } from './testing/fakeElectron.js';
import { nextState, pollUntil, shellRig, statusPushes } from './testing/shellRig.js';

/**
 * HOTAS push-to-talk through the shell: the HID utility process is a real child (the product's
 * runHidProcess over a recorded Extreme 3D Pro), binding goes through the typed IPC from a
 * Settings window that does not have focus, and a crashing HID process costs HOTAS, not the app.
 */
const hidFixtures = join(import.meta.dirname, 'testing/hidFixtures');
const hookFixtures = join(import.meta.dirname, 'testing/hookFixtures');
const REPLAY = join(hidFixtures, 'replayStick.ts');
const rig = shellRig('stratus-shell-hotas-');
/** tsx compiles the fixture's imports on a busy 2-core machine before the replay starts. */
const TEST_TIMEOUT_MS = 60_000;
/** How long a test waits for one condition before it fails. */
const WAIT_MS = 45_000;

const BOUND = { vendorId: 0x046d, productId: 0xc215, product: 'Logitech Extreme 3D', serialNumber: '', button: FIXTURE_BUTTON, rawBit: null, label: 'Logitech Extreme 3D (046d:c215) button 2' };

const until = (pred: () => boolean, what: string): Promise<void> => pollUntil(pred, what, WAIT_MS);

describe('HOTAS push-to-talk read natively in a utility process', () => {
  it('the recorded stick\'s bound button gives one push-to-talk press and release', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { shell } = await rig.boot({
      engineSetup: (e) => e.updateSettings({ ptt: { mode: 'hold', hotas: BOUND } }).then(() => undefined),
      shell: { paths: { hidEntry: REPLAY } },
    });
    const s = shell!;
    await nextState(s, (st) => st.ptt.pressed);
    expect(s.hotas.status).toMatchObject({ state: 'running', source: 'replay of extreme3dpro-button2.ndjson', watch: { state: 'watching', device: 'Logitech Extreme 3D (046d:c215)', raw: false } });
    await nextState(s, (st) => !st.ptt.pressed);
  });

  it('binds from a Settings window that does not have focus (the sim has it), and pushes status to it', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { shell, fake } = await rig.boot({ shell: { paths: { hidEntry: REPLAY } } });
    const s: Shell = shell!;
    const win = s.settings.open() as FakeWindow;
    win.blur();
    expect(win.focused).toBe(false);
    await until(() => s.hotas.status.state === 'running', 'the HID process to be ready');
    const reply = await fake.ipc.invoke(win.webContents.id, 'input:bindHotas');
    expect(reply).toEqual({ ok: true, result: { binding: BOUND, note: 'Logitech Extreme 3D (046d:c215): found from its report descriptor' } });
    expect(win.focused).toBe(false);
    // Saving the binding (what the Settings page does) makes the button push-to-talk.
    const saved = await fake.ipc.invoke(win.webContents.id, 'settings:update', { ptt: { hotas: BOUND } });
    expect(saved.ok).toBe(true);
    await until(() => statusPushes(win).some((p) => p.hotas?.watch?.state === 'watching'), 'a pushed "watching" status');
    await nextState(s, (st) => st.ptt.pressed);
  });

  it('a HID process that aborts is restarted with backoff; the app and the keyboard path live on', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { shell, fake, logs } = await rig.boot({ shell: { paths: { hidEntry: join(hookFixtures, 'abort.mjs') } } });
    const s = shell!;
    await until(() => fake.utilityProcesses.length >= 2, 'a restarted HID process');
    expect(fake.utilityProcesses[0]!.child.signalCode).toBe('SIGABRT');
    expect(logs.some((l) => /^hotas: HOTAS input unavailable: the HID process ended \(code \d+\); restarting the HID process in \d+ ms$/.test(l))).toBe(true);
    // Still alive: a command through the engine works.
    await s.engine.execute({ type: 'pttDown', source: 'button' });
    await nextState(s, (st) => st.ptt.pressed);
  });

  it('where node-hid cannot load it says why once, is not restarted, and binding answers with the reason', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { shell, fake } = await rig.boot({ shell: { paths: { hidEntry: join(hidFixtures, 'noNodeHid.mjs') } } });
    const s = shell!;
    await until(() => s.hotas.status.state === 'unavailable', 'unavailable');
    expect(s.hotas.status).toEqual({ state: 'unavailable', reason: 'HOTAS input unavailable: node-hid did not load (libusb-1.0.so.0: cannot open shared object file: No such file or directory)' });
    const win = s.settings.open() as FakeWindow;
    const reply = await fake.ipc.invoke(win.webContents.id, 'input:bindHotas');
    const answer = reply.result as { binding: unknown; note: string };
    expect(answer.binding).toBeNull();
    expect(answer.note).toMatch(/node-hid did not load/);
    expect(fake.utilityProcesses).toHaveLength(1);
  });
});

describe('the Gamepad API stays the fallback for a HOTAS binding', () => {
  it('node-hid unavailable: the overlay\'s Gamepad-API edge of the bound stick\'s button drives push-to-talk', { timeout: TEST_TIMEOUT_MS }, async () => {
    const { shell, fake } = await rig.boot({
      engineSetup: (e) => e.updateSettings({ ptt: { mode: 'hold', hotas: BOUND } }).then(() => undefined),
      shell: { paths: { hidEntry: join(hidFixtures, 'noNodeHid.mjs') } },
    });
    const s = shell!;
    await until(() => s.hotas.status.state === 'unavailable', 'unavailable');
    const overlay = fake.windows[0]!.webContents.id;
    const edge = (button: number, pressed: boolean, gamepadId: string) => fake.ipc.invoke(overlay, 'input:gamepadButton', { gamepadIndex: 0, button, pressed, gamepadId });
    // Another stick's button 2, and this stick's button 1: neither is the binding.
    await edge(1, true, 'Thrustmaster T.16000M (Vendor: 044f Product: b10a)');
    await edge(0, true, 'Logitech Extreme 3D (Vendor: 046d Product: c215)');
    expect(s.engine.state().ptt.pressed).toBe(false);
    await edge(1, true, 'Logitech Extreme 3D (Vendor: 046d Product: c215)');
    await nextState(s, (st) => st.ptt.pressed);
    await edge(1, false, 'Logitech Extreme 3D (Vendor: 046d Product: c215)');
    await nextState(s, (st) => !st.ptt.pressed);
  });

});
