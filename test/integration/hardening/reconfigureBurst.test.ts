import { afterEach, describe, expect, it } from 'vitest';
import { removeHome, startCli, STOP_TIMEOUT_MS, tempHome, type CliHost } from './cliHost.js';
import { descendants, threadCount, waitForStt, writeSpeechConfig } from './modelsHelpers.js';

/** The reproduction: 5 bursts of 50 parallel engine changes. */
const BURSTS = 5;
const PER_BURST = 50;
/** 250 settings changes answered and the engine settled, on 2 shared cores. */
const TEST_TIMEOUT_MS = 300_000;
/**
 * Threads the host may gain after its first speech engine is ready without leaking: libuv's pool
 * (4) starts lazily with the first file or DNS work, and V8 may add a compiler/GC helper.
 */
const LAZY_THREADS = 6;
const ENGINES = ['pocketsphinx', 'whisper'] as const;

describe('engine reconfiguration under load (built CLI)', () => {
  const homes: string[] = [];
  const hosts: CliHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.stop();
    for (const d of homes.splice(0)) removeHome(d);
  });

  it(
    '5 bursts of 50 parallel STT engine changes end with exactly one engine process, nothing leaked, and a prompt clean SIGTERM',
    async () => {
      const home = tempHome('stratus-reconfigure-');
      homes.push(home);
      writeSpeechConfig(home, { engine: 'pocketsphinx' });
      const host = await startCli({ home });
      hosts.push(host);
      const hostPid = host.proc.pid!;
      await waitForStt(host, 'pocketsphinx ready', (s) => s.state === 'ready' && /pocketsphinx/.test(s.detail));
      const baselineThreads = threadCount(hostPid);

      for (let b = 0; b < BURSTS; b++) {
        const answers = await Promise.all(
          Array.from({ length: PER_BURST }, (_, i) => host.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ speech: { stt: { engine: ENGINES[(b + i) % 2] } } }) })),
        );
        expect(answers.map((a) => a.status).filter((s) => s !== 200), answers.find((a) => a.status !== 200)?.text).toEqual([]);
      }

      // Whichever change came last is what the engine must settle on: whisper has no model here,
      // so it says so and pocketsphinx runs meanwhile; either way one pocketsphinx process.
      const final = ((await host.api('/api/settings')).body as { speech: { stt: { engine: string } } }).speech.stt.engine;
      await waitForStt(host, `settled on ${final}`, (s) => (final === 'whisper' ? /no model: download .* Using pocketsphinx/.test(s.detail) : s.state === 'ready' && /pocketsphinx/.test(s.detail)));

      const children = descendants(hostPid);
      expect(children, JSON.stringify(children)).toHaveLength(1);
      expect(children[0]!.cmdline).toMatch(/processHost.*pocketsphinxWorker/);
      expect(threadCount(hostPid)).toBeLessThanOrEqual(baselineThreads + LAZY_THREADS);

      const t0 = performance.now();
      const code = await host.stop();
      expect(code).toBe(0);
      expect(performance.now() - t0).toBeLessThan(STOP_TIMEOUT_MS);
      for (const c of children) expect(descendants(hostPid).length + (processAlive(c.pid) ? 1 : 0), `child ${c.pid} outlived the host`).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
