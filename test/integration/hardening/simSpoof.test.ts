import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { genericProfile } from '../../../core/sim/common/aircraftProfile.js';
import { answerQuery } from '../../../core/intent/common/readback.js';
import { FlightgearAdapter } from '../../../core/sim/node/flightgearAdapter.js';
import { XplaneUdpAdapter } from '../../../core/sim/node/xplaneUdpAdapter.js';
import { FlightgearPeer } from '../../peers/flightgearPeer.js';
import { freeUdpPort } from '../../peers/ports.js';
import { XplanePeer } from '../../peers/xplanePeer.js';
import { untilPhase, untilState } from '../sim/until.js';
import { waitUntil } from '../../helpers/wait.js';
import { simRigs } from '../sim/rigs.js';

/**
 * Issue 14, point 7: telemetry was believed blindly. A spoofed datagram from another local port
 * made the X-Plane link "connected" to "SpoofedCessna"; ±1e308 altitudes and infinite vertical
 * speeds reached the state and the reply said "descending undefined hundred undefined undefined
 * million".
 */

const SPOOFS = 50;
const COUNT_TIMEOUT_MS = 5_000;
const BROKEN = /undefined|NaN|Infinity/;

const rigs = simRigs();

/** An RREF reply with the values a spoofer chooses (float32, as X-Plane sends them). */
function rref(pairs: Array<[number, number]>): Buffer {
  const b = Buffer.alloc(5 + 8 * pairs.length);
  b.write('RREF,', 0, 'latin1');
  pairs.forEach(([i, v], j) => (b.writeInt32LE(i, 5 + 8 * j), b.writeFloatLE(v, 9 + 8 * j)));
  return b;
}

/** RREF pairs that spell `text` into X-Plane's aircraft-name subscription (indices after the 45 numeric and 8 ICAO ones). */
function titlePairs(text: string): Array<[number, number]> {
  return [...text].map((ch, i) => [45 + 8 + i, ch.charCodeAt(0)] as [number, number]);
}

async function spoofer(): Promise<{ send: (b: Buffer, port: number) => Promise<void> }> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  rigs.disposeLater(() => new Promise<void>((r) => s.close(() => r())));
  return { send: (b, port) => new Promise<void>((r) => s.send(b, port, '127.0.0.1', () => r())) };
}

describe('X-Plane UDP: only X-Plane is believed', () => {
  it('a spoofed datagram from another local port neither connects the link nor names the aircraft', { timeout: 20_000 }, async () => {
    const peer = new XplanePeer();
    const port = await peer.start();
    rigs.disposeLater(() => peer.dispose());
    // X-Plane is not answering yet (no subscriptions served): only the spoofer speaks.
    peer.forgetSubscriptions();
    const adapter = new XplaneUdpAdapter({ host: '127.0.0.1', port: port + 1, rateHz: 20, staleAfterMs: 2000 });
    rigs.disposeLater(() => adapter.dispose());
    await adapter.start();
    const target = adapter.localPort()!;
    const evil = await spoofer();
    for (let i = 0; i < SPOOFS; i++) await evil.send(rref([[1, 1e30], [6, -1e30], ...titlePairs('SpoofedCessna')]), target);
    await waitUntil('the spoofed datagrams to be counted', () => adapter.stats().dropped >= SPOOFS, COUNT_TIMEOUT_MS);
    expect(adapter.stats().foreign).toBe(SPOOFS);
    expect(adapter.stats().received).toBe(0);
    expect(adapter.connection().phase).toBe('searching');
    expect(adapter.state().aircraftTitle).toBe('');
    expect(adapter.state().altitudeFt).toBe(0);
  });

  it('once connected, spoofed values from another port change nothing', { timeout: 20_000 }, async () => {
    const { adapter } = await rigs.xplaneUdp({ rateHz: 20 });
    await untilState(adapter, (s) => s.aircraftTitle === 'Cessna Skyhawk (C172)' && s.altitudeFt === 5500);
    const evil = await spoofer();
    const titles: string[] = [];
    adapter.onTitle((t) => titles.push(t));
    const alts: number[] = [];
    adapter.onState((s) => alts.push(s.altitudeFt));
    for (let i = 0; i < SPOOFS; i++) await evil.send(rref([[1, 99_999], ...titlePairs('SpoofedCessna')]), adapter.localPort()!);
    await waitUntil('the spoofed datagrams to be counted', () => (adapter.stats().foreign ?? 0) >= SPOOFS, COUNT_TIMEOUT_MS);
    expect(titles).toEqual([]);
    expect(alts.every((a) => a === 5500)).toBe(true);
  });

  it('absurd values from X-Plane itself become unknown and are never spoken', { timeout: 20_000 }, async () => {
    const { peer, adapter } = await rigs.xplaneUdp({ rateHz: 20 });
    await untilState(adapter, (s) => s.altitudeFt === 5500);
    // RREF carries float32: the largest finite magnitudes it can (a NaN or Inf drops the whole datagram).
    peer.datarefs.set('sim/cockpit2/gauges/indicators/altitude_ft_pilot', 3e38);
    peer.datarefs.set('sim/cockpit2/gauges/indicators/vvi_fpm_pilot', -3e38);
    peer.datarefs.set('sim/cockpit2/gauges/indicators/airspeed_kts_pilot', 1e20);
    peer.datarefs.set('sim/flightmodel/weight/m_fuel_total', 3e38);
    const s = await untilState(adapter, (st) => (st.unknownFields ?? []).includes('verticalSpeedFpm') && (st.unknownFields ?? []).includes('fuelKg'));
    expect(s.unknownFields).toEqual(expect.arrayContaining(['altitudeFt', 'iasKt', 'verticalSpeedFpm', 'fuelKg']));
    expect(s.altitudeFt).toBe(5500); // the last plausible value, marked unknown
    for (const v of [s.altitudeFt, s.verticalSpeedFpm, s.iasKt, s.fuelKg]) expect(Number.isFinite(v)).toBe(true);
    expect(adapter.stats().rejected).toBeGreaterThan(0);
    expect(adapter.connection().phase).toBe('connected');
    for (const what of ['vs', 'altitude', 'speed', 'fuel'] as const) {
      const answer = answerQuery({ kind: 'query', what }, s, genericProfile);
      expect(answer, what).not.toMatch(BROKEN);
      expect(answer, what).toMatch(/not available/);
    }
  });
});

describe('FlightGear: locked to the first sender once connected', () => {
  it('datagrams from another port are foreign until the link is lost', { timeout: 20_000 }, async () => {
    const outPort = await freeUdpPort();
    const peer = new FlightgearPeer({ protocolFile: fileURLToPath(new URL('../../../assets/protocols/stratus.xml', import.meta.url)), targetPort: outPort });
    const telnetPort = await peer.start();
    rigs.disposeLater(() => peer.dispose());
    const adapter = new FlightgearAdapter({ host: '127.0.0.1', outPort, inPort: outPort + 1, telnetPort, staleAfterMs: 300 });
    rigs.disposeLater(() => adapter.dispose());
    await adapter.start();
    await untilState(adapter, (s) => s.aircraftTitle === 'c172p');
    const evil = await spoofer();
    const forged = peer.line().replace('c172p', 'SpoofedCessna');
    expect(forged).toContain('SpoofedCessna');
    for (let i = 0; i < SPOOFS; i++) await evil.send(Buffer.from(forged, 'latin1'), outPort);
    await waitUntil('the forged lines to be counted', () => (adapter.stats().foreign ?? 0) >= SPOOFS, COUNT_TIMEOUT_MS);
    expect(adapter.state().aircraftTitle).toBe('c172p');
    // fgfs restarts (a new source port): after the link is lost, the next sender is the sim.
    peer.pauseOutput();
    await untilPhase(adapter, 'reconnecting');
    await evil.send(Buffer.from(forged, 'latin1'), outPort);
    await untilState(adapter, (s) => s.aircraftTitle === 'SpoofedCessna');
    expect(adapter.connection().phase).toBe('connected');
  });
});
