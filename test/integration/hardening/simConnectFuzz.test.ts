import { describe, expect, it } from 'vitest';
import { MsfsAdapter } from '../../../core/sim/node/msfsAdapter.js';
import { serverFrame as frame, SimconnectPeer } from '../../peers/simconnectPeer.js';
import { untilPhase, untilState } from '../sim/until.js';
import { prng } from '../../helpers/prng.js';
import { waitUntil } from '../../helpers/wait.js';
import { hasControlChars } from './simText.js';
import { simRigs } from '../sim/rigs.js';

/**
 * Issue 14: the fuzz extended to SimConnect. A broken or hostile SimConnect server sends
 * truncated frames, sizes that lie, unknown message ids, huge counts and absurd values; the MSFS
 * adapter counts and drops what it cannot use, never throws out of a socket handler, keeps its
 * memory bounded, and reconnects when the stream cannot be trusted any more.
 */

const FUZZ_FRAMES = 2_000;
const COUNT_TIMEOUT_MS = 10_000;
/** What a server that lies about a 2 GB frame gets to send before the link must have given up on it. */
const LIE_TRAILER_BYTES = 8 * 1024 * 1024;

const rigs = simRigs();

async function setup(): Promise<{ peer: SimconnectPeer; adapter: MsfsAdapter }> {
  const { peer, adapter } = await rigs.msfs();
  await untilState(adapter, (s) => s.aircraftTitle === 'Cessna 172 Skyhawk Asobo' && s.altitudeFt === 4500);
  return { peer, adapter };
}

describe('MSFS adapter against a hostile SimConnect server', () => {
  it('drops unknown ids, short frames and huge counts, and stays connected and accurate', { timeout: 60_000 }, async () => {
    const { peer, adapter } = await setup();
    const rnd = prng(2048);
    const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(rnd() * 256)));
    const u32s = (...v: number[]): Buffer => Buffer.concat(v.map((x) => (b => (b.writeUInt32LE(x >>> 0), b))(Buffer.alloc(4))));
    const junk: Array<() => Buffer> = [
      () => frame(9 + Math.floor(rnd() * 1000), bytes(Math.floor(rnd() * 300))), // unknown ids
      () => frame(1, bytes(Math.floor(rnd() * 12))), // EXCEPTION shorter than its fields
      () => frame(2, bytes(Math.floor(rnd() * 296))), // OPEN shorter than its fields
      () => frame(8, bytes(Math.floor(rnd() * 28))), // object data shorter than its header
      () => frame(8, Buffer.concat([u32s(1, 1, 1, 0, 1, 1, 0xffffffff), bytes(Math.floor(rnd() * 100))])), // huge define count, little data
      () => frame(8, Buffer.concat([u32s(1, 1, 1, 0, 1, 1, 60), Buffer.alloc(60 * 8, 0xff)])), // all values NaN
      () => frame(8, Buffer.concat([u32s(7, 1, 1, 0, 1, 1, 1), bytes(64)])), // a request we never made
      () => frame(0, Buffer.alloc(0)), // NULL
    ];
    const before = adapter.stats().dropped;
    for (let i = 0; i < FUZZ_FRAMES; i++) peer.inject(junk[i % junk.length]!());
    await waitUntil('the junk frames to be counted', () => adapter.stats().dropped - before >= FUZZ_FRAMES / 2, COUNT_TIMEOUT_MS);
    expect(adapter.connection().phase).toBe('connected');
    expect(peer.connections).toBe(1); // nothing in that junk needed a reconnect
    const s = await untilState(adapter, (st) => st.altitudeFt === 4500 && st.radios.com1ActiveKhz === 118300 && st.aircraftTitle === 'Cessna 172 Skyhawk Asobo');
    expect(s.unknownFields).toBeUndefined();
    expect((await adapter.write({ type: 'apHeading', headingDegMag: 200 })).status).toBe('applied');
  });

  it('a size below the header closes the stream and the link reconnects', { timeout: 30_000 }, async () => {
    const { peer, adapter } = await setup();
    const reasons: string[] = [];
    adapter.onConnection((c) => c.reason && reasons.push(c.reason));
    for (const lie of [0, 4, 11]) {
      const connections = peer.connections;
      peer.inject(frame(8, Buffer.alloc(40), lie));
      await untilPhase(adapter, 'reconnecting');
      await untilPhase(adapter, 'connected');
      expect(peer.connections).toBe(connections + 1);
    }
    expect(reasons.some((r) => /SimConnect sent a frame of 0 bytes/.test(r))).toBe(true);
    await untilState(adapter, (st) => st.altitudeFt === 4500);
  });

  it('a 2 GB size followed by a flood is refused at once: memory stays bounded and the link reconnects', { timeout: 30_000 }, async () => {
    const { peer, adapter } = await setup();
    const reasons: string[] = [];
    adapter.onConnection((c) => c.reason && reasons.push(c.reason));
    const rssBefore = process.memoryUsage().rss;
    peer.inject(frame(8, Buffer.alloc(64), 0x7fffffff));
    for (let sent = 0; sent < LIE_TRAILER_BYTES; sent += 1 << 20) peer.inject(Buffer.alloc(1 << 20, 0x41));
    await untilPhase(adapter, 'reconnecting');
    await untilPhase(adapter, 'connected');
    await untilState(adapter, (st) => st.altitudeFt === 4500);
    // Refused for what it is, not noticed later as silence.
    expect(reasons.some((r) => r.includes('SimConnect sent a frame of 2147483647 bytes'))).toBe(true);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('absurd SimVar values become unknown, never state', { timeout: 20_000 }, async () => {
    const { peer, adapter } = await setup();
    peer.simvars.set('INDICATED ALTITUDE', 1e308);
    peer.simvars.set('VERTICAL SPEED', -1e308);
    peer.simvars.set('AIRSPEED INDICATED', 1e9);
    peer.title = `Spoofed\u0000\u001b]0;pwned\u0007${'A'.repeat(200)}`;
    const s = await untilState(adapter, (st) => (st.unknownFields ?? []).includes('verticalSpeedFpm'));
    expect(s.unknownFields).toEqual(expect.arrayContaining(['altitudeFt', 'iasKt', 'verticalSpeedFpm']));
    expect(s.altitudeFt).toBe(4500);
    expect(hasControlChars(s.aircraftTitle)).toBe(false);
    expect(adapter.stats().rejected).toBeGreaterThan(0);
  });
});
