import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../core/config/common/configSchema.js';
import { createSimLink } from '../../../core/sim/node/simLink.js';
import { FlightgearPeer } from '../../peers/flightgearPeer.js';
import { freeUdpPort } from '../../peers/ports.js';
import { XplanePeer } from '../../peers/xplanePeer.js';
import { untilState } from './until.js';
import { prng } from '../../helpers/prng.js';

/**
 * 100,000 random and mutated packets at the telemetry worker's X-Plane and FlightGear ports. The
 * worker must count and drop them, stay alive, be accurate again once the junk stops, and keep
 * its memory bounded. Deterministic: a seeded PRNG drives every packet.
 */

const PACKETS_PER_SIM = 50_000;
const BATCH = 250; // then yield, so the kernel's receive buffer drains

function rrefReply(pairs: Array<[number, number]>): Buffer {
  const b = Buffer.alloc(5 + 8 * pairs.length);
  b.write('RREF,', 0, 'latin1');
  pairs.forEach(([i, v], j) => (b.writeInt32LE(i, 5 + 8 * j), b.writeFloatLE(v, 9 + 8 * j)));
  return b;
}

/** Junk for X-Plane: random bytes, known tags with random bodies, mutated valid replies, NaN/Inf, oversized. */
function xplaneJunk(rnd: () => number, i: number): Buffer {
  const len = (max: number): number => Math.floor(rnd() * max);
  switch (i % 8) {
    case 0: return Buffer.from(Array.from({ length: len(1500) }, () => len(256)));
    case 1: return Buffer.concat([Buffer.from(['RREF', 'RPOS', 'BECN', 'DATA', 'DREF'][len(5)]!, 'latin1'), Buffer.from(Array.from({ length: len(600) }, () => len(256)))]);
    case 2: return rrefReply([[len(90), NaN], [len(90), 1]]);
    case 3: return rrefReply([[len(90), Infinity]]);
    case 4: { const b = rrefReply([[len(90), rnd() * 1000]]); return b.subarray(0, len(b.length)); }
    case 5: return Buffer.alloc(9000 + len(20_000), 0x52);
    case 6: { const b = rrefReply([[1, 5500]]); b[len(b.length)] = len(256); return b; }
    default: return Buffer.from('RPOS4' + 'x'.repeat(len(200)), 'latin1');
  }
}

/** Junk for FlightGear: random bytes, mutated stratus lines (NaN, inf, text, wrong field count), huge lines. */
function flightgearJunk(rnd: () => number, i: number, valid: string): Buffer {
  const len = (max: number): number => Math.floor(rnd() * max);
  const cells = valid.trim().split(',');
  switch (i % 6) {
    case 0: return Buffer.from(Array.from({ length: len(1500) }, () => len(256)));
    case 1: { cells[len(20)] = ['NaN', 'inf', '-Infinity', 'abc', ''][len(5)]!; return Buffer.from(cells.join(',') + '\n'); }
    case 2: return Buffer.from(cells.slice(0, len(cells.length)).join(',') + '\n');
    case 3: return Buffer.from(cells.join(',') + ',' + cells.join(',') + '\n');
    case 4: return Buffer.alloc(3000 + len(5000), 0x31);
    default: return Buffer.from('\n\n\n');
  }
}

async function blast(target: number, make: (i: number) => Buffer, count = PACKETS_PER_SIM): Promise<void> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  for (let i = 0; i < count; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, (_, k) => new Promise<void>((r) => s.send(make(i + k), target, '127.0.0.1', () => r()))));
    await new Promise((r) => setImmediate(r));
  }
  await new Promise<void>((r) => s.close(() => r()));
}

/** Junk from X-Plane's own address and port: past the sender check, into the decoder. */
async function blastFromPeer(peer: XplanePeer, make: (i: number) => Buffer, count: number): Promise<void> {
  for (let i = 0; i < count; i += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, count - i) }, (_, k) => peer.sendRaw(make(i + k))));
    await new Promise((r) => setImmediate(r));
  }
}

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()!();
});

describe('telemetry worker under junk packets', () => {
  it('X-Plane port: counts and drops junk, stays accurate and bounded', { timeout: 120_000 }, async () => {
    const peer = new XplanePeer();
    const port = await peer.start();
    disposers.push(() => peer.dispose());
    const link = createSimLink({ sim: configSchema.parse({ sim: { kind: 'xplane', xplane: { port, rateHz: 20 } } }).sim });
    disposers.push(() => link.dispose());
    await link.start();
    await untilState(link, (s) => s.radios.com1ActiveKhz === 118300);
    const target = peer.clientPorts()[0]!;
    const rssBefore = process.memoryUsage().rss;
    const rnd = prng(1234);
    // Half from another local port (foreign: dropped unread), half from X-Plane's own port (decoded and dropped).
    await blast(target, (i) => xplaneJunk(rnd, i), PACKETS_PER_SIM / 2);
    await blastFromPeer(peer, (i) => xplaneJunk(rnd, i), PACKETS_PER_SIM / 2);
    // After the junk: the worker still answers, and the peer's truth wins again.
    const outcome = await link.write({ type: 'apHeading', headingDegMag: 42 });
    expect(outcome.status).toBe('applied');
    const s = await untilState(link, (st) => st.altitudeFt === 5500 && st.radios.com1ActiveKhz === 118300 && st.ap.headingDegMag === 42);
    expect(s.xpdrCode).toBe(1200);
    expect(link.connection().phase).toBe('connected');
    await untilState(link, () => link.stats().dropped > PACKETS_PER_SIM * 0.5);
    expect(link.stats().dropped).toBeGreaterThan(PACKETS_PER_SIM * 0.5);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });

  it('FlightGear port: counts and drops junk, stays accurate and bounded', { timeout: 120_000 }, async () => {
    const outPort = await freeUdpPort();
    const peer = new FlightgearPeer({ protocolFile: fileURLToPath(new URL('../../../assets/protocols/stratus.xml', import.meta.url)), targetPort: outPort });
    const telnetPort = await peer.start();
    disposers.push(() => peer.dispose());
    const link = createSimLink({ sim: configSchema.parse({ sim: { kind: 'flightgear', flightgear: { outPort, telnetPort } } }).sim });
    disposers.push(() => link.dispose());
    await link.start();
    await untilState(link, (s) => s.aircraftTitle === 'c172p');
    const rssBefore = process.memoryUsage().rss;
    const rnd = prng(99);
    const valid = peer.line();
    // Half from another port (foreign once the link is locked to FlightGear), half from FlightGear's own socket (decoded).
    await blast(outPort, (i) => flightgearJunk(rnd, i, valid), PACKETS_PER_SIM / 2);
    for (let i = 0; i < PACKETS_PER_SIM / 2; i += BATCH) {
      await Promise.all(Array.from({ length: BATCH }, (_, k) => peer.send(flightgearJunk(rnd, i + k, valid))));
      await new Promise((r) => setImmediate(r));
    }
    expect((await link.write({ type: 'apAltitude', altitudeFt: 4500 })).status).toBe('applied');
    const s = await untilState(link, (st) => st.ap.altitudeFt === 4500 && st.radios.com1ActiveKhz === 118300 && st.headingDegMag === 270);
    expect(s.aircraftTitle).toBe('c172p');
    await untilState(link, () => link.stats().dropped > PACKETS_PER_SIM * 0.5);
    expect(link.stats().dropped).toBeGreaterThan(PACKETS_PER_SIM * 0.5);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });
});
