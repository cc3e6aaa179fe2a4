import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PocketsphinxEngine } from '../../../core/speech/node/pocketsphinxEngine.js';
import { useLeakCheck } from '../../helpers/leakCheck.js';
import { commandGrammar } from '../speech/testConfig.js';

/** Loading pocketsphinx in its child process takes ~1 s; a busy 2-core machine several. */
const LOAD_TEST_TIMEOUT_MS = 60_000;

const canRun = PocketsphinxEngine.isInstalled();
if (!canRun) console.warn('skipping the pocketsphinx log test: needs libpocketsphinx3 and pocketsphinx-en-us');

function psEntries(pid?: number): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(pid === undefined ? 'stratus-ps-' : `stratus-ps-${pid}-`));
}

describe('pocketsphinx log files in the temp folder (issue 14, point 11)', () => {
  useLeakCheck();

  it.skipIf(!canRun)(
    'are removed when the engine closes, and those a dead process left behind are removed at the next start',
    async () => {
      // A process that has ended: its pid names the leftovers a crash would leave.
      const dead = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid;
      writeFileSync(join(tmpdir(), `stratus-ps-${dead}-1.log`), 'INFO: left by a crash');
      mkdirSync(join(tmpdir(), `stratus-ps-${dead}-abcdef`), { recursive: true });
      writeFileSync(join(tmpdir(), `stratus-ps-${dead}-abcdef`, 'decoder-1.log'), 'INFO: left by a kill');

      const engine = new PocketsphinxEngine({ jsgf: commandGrammar.jsgf() });
      let childPid: number | undefined;
      try {
        await engine.start();
        expect(engine.status().state).toBe('ready');
        expect(psEntries(dead)).toEqual([]);
        childPid = (engine as unknown as { client: { pid?: number } }).client.pid;
        expect(childPid).toBeGreaterThan(0);
        expect(psEntries(childPid)).toHaveLength(1); // the engine process's own log folder
      } finally {
        await engine.dispose();
      }
      expect(psEntries(childPid)).toEqual([]);
      expect(psEntries(process.pid)).toEqual([]);
    },
    LOAD_TEST_TIMEOUT_MS,
  );
});
