/**
 * Sim link benchmarks:
 *  - RREF parse rate (40 values per packet, one core),
 *  - packet arrival in the worker -> value visible in the main thread's snapshot, p99 at 60 Hz x 40 values,
 *  - process CPU (telemetry worker + main-thread notifications) at that load, the peer in another process,
 *  - write -> readback confirmed against the X-Plane test peer, p50.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { configSchema } from '../../core/config/common/configSchema.js';
import { genericProfile } from '../../core/sim/common/aircraftProfile.js';
import { cloneState } from '../../core/sim/common/linkAdapterBase.js';
import { SnapshotReader } from '../../core/sim/common/simSnapshot.js';
import { emptySimState } from '../../core/sim/common/simState.js';
import { applyXplaneValues, XPLANE_SUBSCRIPTION_COUNT } from '../../core/sim/common/xplaneDatarefs.js';
import { decodeRrefReplyInto, encodeRrefReply, RREF_MAX_VALUES } from '../../core/sim/common/xplaneUdp.js';
import { createSimLink } from '../../core/sim/node/simLink.js';
import { freeUdpPort } from '../peers/ports.js';
import { atLeast, below, percentile, type BenchResult } from './harness.js';

function parseRate(): BenchResult[] {
  const packet = encodeRrefReply(Array.from({ length: 40 }, (_, i) => [i, 1000 + i * 1.5] as const));
  const idx = new Int32Array(RREF_MAX_VALUES);
  const val = new Float64Array(RREF_MAX_VALUES);
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += decodeRrefReplyInto(packet, idx, val); // warm-up
  const n = 2_000_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) sink += decodeRrefReplyInto(packet, idx, val);
  const parseS = (performance.now() - t0) / 1000;

  // The adapter's full per-packet work: decode, store, normalise into a new SimState.
  const raw = new Float64Array(XPLANE_SUBSCRIPTION_COUNT);
  const seen = new Uint8Array(XPLANE_SUBSCRIPTION_COUNT).fill(1);
  let state = emptySimState();
  const m = 300_000;
  const t1 = performance.now();
  for (let i = 0; i < m; i++) {
    const k = decodeRrefReplyInto(packet, idx, val);
    for (let j = 0; j < k; j++) raw[idx[j]!] = val[j]!;
    const next = cloneState(state);
    applyXplaneValues(next, raw, seen, genericProfile);
    state = next;
  }
  const fullS = (performance.now() - t1) / 1000;
  if (sink === 42) console.log('');
  return [
    atLeast('RREF parse, 40 values/packet', n / parseS, 'packets/s', 500_000),
    { name: 'RREF decode + normalise to SimState', value: Math.round(m / fullS), unit: 'packets/s', detail: 'the adapter hot path, for reference' },
  ];
}

async function startPeerProcess(port: number): Promise<ChildProcess> {
  const peerPath = fileURLToPath(new URL('../peers/xplanePeer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', peerPath, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`peer exited (${code})`)));
    child.stdout.on('data', (d: Buffer) => d.toString().includes('X-Plane test peer on') && resolve());
  });
  return child;
}

async function linkBenchmarks(): Promise<BenchResult[]> {
  const port = await freeUdpPort();
  const peer = await startPeerProcess(port);
  const link = createSimLink({ sim: configSchema.parse({ sim: { kind: 'xplane', xplane: { port, rateHz: 60 } } }).sim });
  try {
    await link.start();
    await new Promise<void>((resolve) => {
      const off = link.onState((s) => s.radios.com1ActiveKhz > 0 && (off(), resolve()));
    });
    // Let subscriptions settle (the 1 Hz identity bytes included).
    await new Promise((r) => setTimeout(r, 1500));

    // CPU: main thread idle, the worker receiving 60 Hz x (45 + 40 identity bytes at 1 Hz) values.
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    const received0 = link.stats().received;
    await new Promise((r) => setTimeout(r, 10_000));
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - wall0;
    const packets = link.stats().received - received0;
    const cpuPct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;

    // Latency: the main thread blocks on the seqlock (Atomics.wait, woken by the worker's notify)
    // and reads the new state; its timestampMs is when the worker received the packet.
    const buffer = link.snapshot()!;
    const reader = new SnapshotReader(buffer);
    const seqWord = new Int32Array(buffer, 0, 1);
    const lat: number[] = [];
    const until = performance.now() + 5000;
    let seq = reader.sequence();
    while (performance.now() < until) {
      Atomics.wait(seqWord, 0, seq, 100);
      const next = reader.sequence();
      if (next === seq) continue;
      seq = next;
      const s = reader.read();
      lat.push(performance.timeOrigin + performance.now() - s.timestampMs);
    }
    lat.sort((a, b) => a - b);
    const latDetail = `p50 ${percentile(lat, 50).toFixed(3)} ms, p95 ${percentile(lat, 95).toFixed(3)} ms, ${lat.length} states at 60 Hz`;

    // Write -> readback: alternate the heading bug.
    const writes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      const o = await link.write({ type: 'apHeading', headingDegMag: i % 2 ? 90 : 270 });
      if (o.status !== 'applied') throw new Error(`write ${i}: ${o.status}`);
      writes.push(performance.now() - t0);
    }
    writes.sort((a, b) => a - b);
    return [
      below('snapshot visible to main thread, p99', percentile(lat, 99), 'ms', 2, latDetail),
      below('telemetry CPU at 60 Hz x 40 values', cpuPct, '% of one core', 2, `${packets} packets in ${(wallMs / 1000).toFixed(1)} s; worker + main-thread notifications`),
      below('write -> readback confirmed, p50', percentile(writes, 50), 'ms', 30, `p99 ${percentile(writes, 99).toFixed(1)} ms over ${writes.length} writes (peer at 60 Hz)`),
    ];
  } finally {
    await link.dispose();
    peer.kill('SIGTERM');
  }
}

/**
 * Context for the CPU figure: what a bare Node UDP socket costs receiving the same packet rate
 * with no work at all (the floor any adapter sits on, on this machine at this moment).
 */
async function bareReceiveFloor(packetsPerS: number): Promise<BenchResult> {
  const rx = dgram.createSocket('udp4');
  let n = 0;
  rx.on('message', () => n++);
  await new Promise<void>((r) => rx.bind(0, '127.0.0.1', () => r()));
  const code = `const d=require('dgram');const s=d.createSocket('udp4');const b=Buffer.alloc(5+8*45);b.write('RREF,');` +
    `setInterval(()=>s.send(b,${rx.address().port},'127.0.0.1'),${1000 / packetsPerS})`;
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const n0 = n;
    await new Promise((r) => setTimeout(r, 5000));
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - t0;
    const pct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
    return { name: 'floor: bare UDP socket, same rate, no work', value: Math.round(pct * 1000) / 1000, unit: '% of one core', detail: `${n - n0} packets; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores` };
  } finally {
    child.kill('SIGTERM');
    rx.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  return [...parseRate(), ...(await linkBenchmarks()), await bareReceiveFloor(70)];
}
