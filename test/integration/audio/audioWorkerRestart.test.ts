import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../core/api/common/contract.js';
import { AudioFrontEnd } from '../../../core/audio/node/audioFrontEnd.js';
import { CrashLog } from '../../../core/base/node/crashLog.js';
import { useLeakCheck } from '../../helpers/leakCheck.js';

/** The audio worker dies (as after a native fault) and comes back by itself, with its settings. */
describe('audio worker restart', () => {
  useLeakCheck();
  const dir = mkdtempSync(join(tmpdir(), 'stratus-audio-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the fault, restarts with the same settings, and keeps serving', async () => {
    const statuses: EngineStatus[] = [];
    let restarted = 0;
    const waiters: Array<() => void> = [];
    const audio = new AudioFrontEnd(
      {
        onStatus: (a) => {
          statuses.push(a);
          for (const w of waiters.splice(0)) w();
        },
        onLevel: () => undefined,
        onVad: () => undefined,
        onRestart: () => (restarted += 1),
      },
      new CrashLog(dir),
    );
    const until = async (pred: () => boolean): Promise<void> => {
      while (!pred()) await new Promise<void>((r) => waiters.push(r));
    };
    try {
      await audio.start({ inputDevice: 'none', outputDevice: 'none', preRollMs: 400, maxUtteranceMs: 15_000, vadEngine: 'energy', vadAlways: false, threshold: 0.5 });
      expect(audio.audio.state).toBe('disabled');
      // The thread ends without being asked to.
      const worker = (audio as unknown as { client: { worker: Worker } }).client.worker;
      await worker.terminate();
      await until(() => statuses.some((s) => s.state === 'error' && /audio worker stopped .*restarting in 0\.5 s/.test(s.detail)));
      expect(restarted).toBe(1);
      // Back, configured as before (microphone off), and answering requests again.
      await until(() => audio.restarts === 1 && statuses.at(-1)?.state === 'disabled');
      expect(statuses.at(-1)?.detail).toMatch(/microphone off/);
      const probs = await audio.analyse(new Int16Array(16000));
      expect(probs.length).toBe(31);
      expect(existsSync(join(dir, 'logs', 'crash.log'))).toBe(true);
      expect(readFileSync(join(dir, 'logs', 'crash.log'), 'utf8')).toMatch(/audio worker: stopped unexpectedly/);
    } finally {
      await audio.dispose();
    }
  }, 60_000);
});
