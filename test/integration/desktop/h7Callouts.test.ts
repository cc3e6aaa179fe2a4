import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../core/engine.js';
import { ScriptedSpeech } from '../../../core/turn/testing/scriptedSpeech.js';
import { recordingPath } from '../copilot/recordings.js';

const root = join(import.meta.dirname, '..', '..', '..');
/** The takeoff recording is ~100 s of sim time: at REPLAY_SPEED it plays in ~5 s; a loaded box may take several times that. */
const REPLAY_SPEED = 20;
const FLIGHT_TIMEOUT_MS = 60_000;
/** The built CLI replays the whole recording as fast as it can; a start on a loaded box takes seconds. */
const CLI_TIMEOUT_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'stratus-h7-callouts-'));
let engine: Engine | undefined;
afterAll(async () => {
  await engine?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function replay(config: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'stratus.js'), 'replay', recordingPath('takeoff')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, STRATUS_HOME: dir, STRATUS_CONFIG: config },
    timeout: CLI_TIMEOUT_MS,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Waits until the replay sim reaches the end of its recording. */
async function flown(e: Engine): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the replay did not end within ${FLIGHT_TIMEOUT_MS} ms`)), FLIGHT_TIMEOUT_MS);
    const check = (): boolean => {
      if (e.state().sim.phase !== 'stopped') return false;
      clearTimeout(timer);
      off();
      resolve();
      return true;
    };
    const off = e.onState(() => void check());
    check();
  });
}

describe('per-callout switches in a replayed flight', () => {
  it(
    '`stratus replay` (built CLI) does not call a callout switched off in the settings file',
    () => {
      const on = join(dir, 'on.json');
      const off = join(dir, 'off.json');
      writeFileSync(on, JSON.stringify({}));
      writeFileSync(off, JSON.stringify({ callouts: { rules: { rotate: false } } }));
      const all = replay(on);
      expect(all.status, all.stderr).toBe(0);
      expect(all.stdout).toMatch(/callout rotate$/m);
      const without = replay(off);
      expect(without.status, without.stderr).toBe(0);
      expect(without.stdout).not.toMatch(/callout rotate$/m);
      expect(without.stdout).toMatch(/callout positive-rate$/m);
      expect(without.stderr).toContain('callouts switched off in settings (not called): rotate');
    },
    CLI_TIMEOUT_MS * 2,
  );

  it(
    'the engine does not speak a switched-off callout; switched on while running (no restart), the next flight calls it',
    async () => {
      const config = join(dir, 'engine.json');
      writeFileSync(config, JSON.stringify({ audio: { inputDevice: 'none', outputDevice: 'none' }, sim: { kind: 'replay', replay: { file: recordingPath('takeoff'), speed: REPLAY_SPEED } }, callouts: { rules: { rotate: false } } }));
      const speech = new ScriptedSpeech();
      engine = await createEngine({ configPath: config, speechPort: speech, env: { STRATUS_HOME: dir } });
      await flown(engine);
      expect(speech.spoken).toContain('Positive rate');
      expect(speech.spoken).not.toContain('Rotate');

      await engine.updateSettings({ callouts: { rules: { rotate: true } } });
      speech.spoken.splice(0);
      // Another replay speed restarts the recording: a new flight under the same running engine.
      await engine.updateSettings({ sim: { replay: { speed: REPLAY_SPEED + 1 } } });
      await flown(engine);
      expect(speech.spoken).toContain('Rotate');
    },
    FLIGHT_TIMEOUT_MS * 3,
  );
});
