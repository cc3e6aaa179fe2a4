import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { below, type BenchResult } from './harness.js';

const IDLE_WINDOW_S = 30;
const IDLE_WARMUP_MS = 10_000;
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Headless start to ready, then idle CPU and RSS with the demo sim at 20 Hz over 30 s. */
export default async function run(): Promise<BenchResult[]> {
  const home = mkdtempSync(join(tmpdir(), 'stratus-bench-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, ['bin/stratus.js', 'headless', '--sim', 'demo', '--port', '0'], {
    env: { ...process.env, STRATUS_HOME: home, STRATUS_SIM_DEMORATEHZ: '20' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const readyMs = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
        if (out.includes('Overlay: http')) resolve(performance.now() - t0);
      });
      child.once('exit', (code) => reject(new Error(`headless exited with ${code} before ready: ${out}`)));
    });
    const pid = child.pid!;
    // Let start-up work finish before measuring idle: JIT, background model loads, and V8's
    // memory reducer, which runs its post-start-up collections some seconds after start.
    await new Promise((r) => setTimeout(r, IDLE_WARMUP_MS));
    const c0 = cpuTicks(pid);
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_WINDOW_S * 1000));
    const cpuS = (cpuTicks(pid) - c0) / CLK_TCK;
    const wallS = (performance.now() - w0) / 1000;
    const rss = rssMb(pid);
    return [
      below('headless start to ready', readyMs, 'ms', 1500),
      below('idle engine CPU (demo sim 20 Hz)', (cpuS / wallS) * 100, '% of a core', 2, `${IDLE_WINDOW_S} s window`),
      below('idle engine RSS', rss, 'MB', 150),
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  }
}
