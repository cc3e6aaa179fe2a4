import dgram from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandResultSchema, engineStateSchema, type EngineState } from '../../../core/api/common/contract.js';
import { startHeadlessHost, type HeadlessHost } from '../../e2e/helpers/headlessHost.js';
import { XplanePeer } from '../../peers/xplanePeer.js';

/**
 * Issue 14, point 7, through the product as shipped: `stratus headless --sim xplane` against the
 * X-Plane test peer on 127.0.0.1. Spoofed datagrams from another local port change nothing; absurd
 * values from X-Plane itself show as unchanged in /api/state and are never spoken; the answer to
 * "what's our vertical speed" never says undefined, NaN or Infinity.
 */

/** Polling /api/state for a condition: the host publishes state at the overlay rate. */
const STATE_TIMEOUT_MS = 30_000;
const STATE_POLL_MS = 50; // a few overlay frames
const SPOOFS = 40;
/** Datagrams X-Plane sends after a change before we judge it (20 Hz: about two seconds). */
const PACKETS_AFTER_CHANGE = 40;
const BROKEN = /undefined|NaN|Infinity|null/i;

let peer: XplanePeer;
let host: HeadlessHost;
let dir: string;

beforeAll(async () => {
  peer = new XplanePeer();
  const port = await peer.start();
  dir = mkdtempSync(join(tmpdir(), 'stratus-simcli-'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ sim: { kind: 'xplane', xplane: { host: '127.0.0.1', port, rateHz: 20 } } }));
  host = await startHeadlessHost(['--sim', 'xplane'], dir);
}, 90_000);

afterAll(async () => {
  await host?.stop();
  await peer?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const state = async (): Promise<EngineState> => engineStateSchema.parse(await host.get('/api/state'));

async function untilApiState(what: string, pred: (s: EngineState) => boolean): Promise<EngineState> {
  const deadline = performance.now() + STATE_TIMEOUT_MS;
  for (;;) {
    const s = await state();
    if (pred(s)) return s;
    if (performance.now() > deadline) throw new Error(`timed out after ${STATE_TIMEOUT_MS} ms waiting for ${what}; last sim state ${JSON.stringify(s.sim)}`);
    await new Promise((r) => setTimeout(r, STATE_POLL_MS));
  }
}

async function ask(text: string): Promise<string> {
  const res = await fetch(`${host.origin}/api/command`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(res.status).toBe(200);
  return commandResultSchema.parse(await res.json()).reply;
}

function rref(pairs: Array<[number, number]>): Buffer {
  const b = Buffer.alloc(5 + 8 * pairs.length);
  b.write('RREF,', 0, 'latin1');
  pairs.forEach(([i, v], j) => (b.writeInt32LE(i, 5 + 8 * j), b.writeFloatLE(v, 9 + 8 * j)));
  return b;
}

describe('stratus headless --sim xplane with untrusted telemetry', () => {
  it('connects to the peer and answers from its telemetry', { timeout: 60_000 }, async () => {
    const s = await untilApiState('the peer aircraft, connected', (st) => st.sim.phase === 'connected' && st.sim.aircraft === 'Cessna Skyhawk (C172)' && st.telemetry.altitudeFt === 5500);
    expect(s.sim.kind).toBe('xplane');
    expect(await ask("what's our altitude")).toMatch(/^five thousand five hundred feet/);
  });

  it('spoofed datagrams from another local port change neither the aircraft nor the state', { timeout: 60_000 }, async () => {
    const before = await untilApiState('connected', (st) => st.sim.phase === 'connected' && st.telemetry.altitudeFt === 5500);
    const target = peer.clientPorts()[0]!;
    const evil = dgram.createSocket('udp4');
    await new Promise<void>((r) => evil.bind(0, '127.0.0.1', () => r()));
    const title = [...'SpoofedCessna'].map((ch, i) => [53 + i, ch.charCodeAt(0)] as [number, number]);
    for (let i = 0; i < SPOOFS; i++) await new Promise<void>((r) => evil.send(rref([[1, 31_000], [6, -2000], ...title]), target, '127.0.0.1', () => r()));
    await new Promise<void>((r) => evil.close(() => r()));
    const after = await untilApiState('the spoofed datagrams counted as dropped', (st) => st.sim.packets.dropped >= before.sim.packets.dropped + SPOOFS);
    expect(after.sim.aircraft).toBe('Cessna Skyhawk (C172)');
    expect(after.telemetry.altitudeFt).toBe(5500);
    expect(after.sim.phase).toBe('connected');
  });

  it('absurd values from X-Plane stay out of the state and the replies', { timeout: 60_000 }, async () => {
    const before = await state();
    peer.datarefs.set('sim/cockpit2/gauges/indicators/altitude_ft_pilot', 3e38); // float32's largest: what 1e308 becomes on this wire
    peer.datarefs.set('sim/cockpit2/gauges/indicators/vvi_fpm_pilot', -3e38);
    peer.datarefs.set('sim/cockpit2/gauges/indicators/airspeed_kts_pilot', 1e20);
    const s = await untilApiState('X-Plane to send the absurd values', (st) => st.sim.packets.received >= before.sim.packets.received + PACKETS_AFTER_CHANGE);
    expect(s.telemetry.altitudeFt).toBe(5500); // the last plausible value; the field is unknown
    expect(Math.abs(s.telemetry.verticalSpeedFpm)).toBeLessThan(60_000);
    expect(s.telemetry.iasKt).toBe(110);
    const vs = await ask("what's our vertical speed");
    expect(vs).toBe('vertical speed not available');
    for (const q of ["what's our vertical speed", "what's our altitude", 'what is our airspeed']) {
      const reply = await ask(q);
      expect(reply, q).not.toMatch(BROKEN);
      expect(reply, q).toMatch(/not available/);
    }
    // X-Plane sends sane values again: so do the answers.
    peer.datarefs.set('sim/cockpit2/gauges/indicators/altitude_ft_pilot', 6000);
    peer.datarefs.set('sim/cockpit2/gauges/indicators/vvi_fpm_pilot', -700);
    await untilApiState('the sane values', (st) => st.telemetry.altitudeFt === 6000);
    expect(await ask("what's our vertical speed")).toBe('descending seven hundred feet per minute');
  });
});
