import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeWindow } from './testing/fakeElectron.js';
import { pollUntil, shellRig, statusPushes as pushes } from './testing/shellRig.js';

/**
 * The push-to-talk key's status in Settings is live (pushed on every change), and on macOS granting
 * Accessibility takes effect when a Stratus window regains focus, without restarting the app.
 */
const hookFixtures = join(import.meta.dirname, 'testing/hookFixtures');
const rig = shellRig('stratus-shell-hookstatus-');
/** How long a test waits for one condition before it fails. */
const WAIT_MS = 15_000;

const until = (pred: () => boolean, what: string): Promise<void> => pollUntil(pred, what, WAIT_MS);

describe('push-to-talk key status is live', () => {
  it('macOS: Accessibility granted while Stratus runs: on focus the hook starts and Settings is told, no restart', async () => {
    const { shell, fake } = await rig.boot({
      fake: { platform: 'darwin', accessibilityTrusted: false, env: {} },
      shell: { paths: { hookEntry: join(hookFixtures, 'working.mjs') } },
    });
    const s = shell!;
    expect(s.ptt.hookStatus).toMatchObject({ state: 'unavailable', reason: 'push-to-talk key unavailable: grant Accessibility to Stratus' });
    expect(fake.utilityProcesses).toHaveLength(0);
    const win = s.settings.open() as FakeWindow;
    // Still not granted: focus changes nothing.
    fake.app.emit('browser-window-focus');
    expect(fake.utilityProcesses).toHaveLength(0);
    // The pilot grants it in System Settings and comes back to the Settings window.
    fake.accessibility.trusted = true;
    fake.app.emit('browser-window-focus');
    expect(fake.utilityProcesses).toHaveLength(1);
    await until(() => s.ptt.hookStatus.state === 'running', 'the hook to run');
    await until(() => pushes(win).some((p) => p.pttKey.state === 'running'), 'the running status pushed to Settings');
    expect(pushes(win).map((p) => p.pttKey.state)).toEqual(['starting', 'running']);
    // A second focus does not start a second hook.
    fake.app.emit('browser-window-focus');
    expect(fake.utilityProcesses).toHaveLength(1);
  });

  it('a hook that dies after Settings opened: the window is told at once (it read the status only once before)', async () => {
    const { shell, fake } = await rig.boot({ shell: { paths: { hookEntry: join(hookFixtures, 'working.mjs') } } });
    const s = shell!;
    const win = s.settings.open() as FakeWindow;
    await until(() => s.ptt.hookStatus.state === 'running', 'the hook to run');
    fake.utilityProcesses[0]!.kill();
    await until(() => pushes(win).some((p) => p.pttKey.state === 'unavailable'), 'the unavailable status pushed');
    const last = pushes(win).find((p) => p.pttKey.state === 'unavailable')!;
    expect(last.pttKey.reason).toMatch(/^push-to-talk key unavailable: the input hook process ended/);
    expect(last.autostart).toBeDefined();
  });
});
