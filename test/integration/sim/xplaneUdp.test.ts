import { describe, expect, it } from 'vitest';
import { BeaconListener, type FoundXplane } from '../../../core/sim/node/xplaneBeacon.js';
import { XplaneUdpAdapter } from '../../../core/sim/node/xplaneUdpAdapter.js';
import { XplanePeer } from '../../peers/xplanePeer.js';
import { untilPhase, untilState } from './until.js';
import { simRigs } from './rigs.js';

/** The X-Plane UDP adapter against the test peer over real UDP sockets on 127.0.0.1. */

const rigs = simRigs();

const setup = (staleAfterMs = 2000): ReturnType<typeof rigs.xplaneUdp> => rigs.xplaneUdp({ staleAfterMs });

describe('X-Plane UDP adapter against the test peer', () => {
  it('subscribes, reads the normalised state and the aircraft title', async () => {
    const { adapter } = await setup();
    const s = await untilState(adapter, (st) => st.aircraftTitle.includes('C172') && st.radios.com1ActiveKhz > 0 && st.latDeg !== 0);
    expect(adapter.connection().phase).toBe('connected');
    expect(s.aircraftTitle).toBe('Cessna Skyhawk (C172)');
    expect(s.radios.com1ActiveKhz).toBe(118300);
    expect(s.radios.nav1ActiveKhz).toBe(114800);
    expect(s.altitudeFt).toBe(5500);
    expect(s.ap.modes.hdg).toBe(true);
    expect(s.latDeg).toBeCloseTo(21.3187, 2);
    expect(adapter.stats().received).toBeGreaterThan(0);
  });

  it('writes a heading bug by DREF and confirms it by readback', async () => {
    const { peer, adapter } = await setup();
    await untilPhase(adapter, 'connected');
    const outcome = await adapter.write({ type: 'apHeading', headingDegMag: 270 });
    expect(outcome.status).toBe('applied');
    expect(peer.value('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot')).toBe(270);
    expect(adapter.state().ap.headingDegMag).toBe(270);
  });

  it('applies commands: gear up, COM1 flip, flaps, squawk', async () => {
    const { peer, adapter } = await setup();
    await untilState(adapter, (s) => s.radios.com1StandbyKhz === 121900);
    expect((await adapter.write({ type: 'gear', down: false })).status).toBe('applied');
    expect(peer.commands).toContain('sim/flight_controls/landing_gear_up');
    expect((await adapter.write({ type: 'radioSwap', radio: 'com1' })).status).toBe('applied');
    expect(adapter.state().radios.com1ActiveKhz).toBe(121900);
    expect((await adapter.write({ type: 'flaps', index: 2, ratio: 2 / 3 })).status).toBe('applied');
    expect(adapter.state().flapsIndex).toBe(2);
    expect((await adapter.write({ type: 'transponder', code: 7000 })).status).toBe('applied');
    expect((await adapter.write({ type: 'radio', radio: 'nav1', slot: 'standby', khz: 110500 })).status).toBe('applied');
    expect(peer.value('sim/cockpit2/radios/actuators/nav1_standby_frequency_hz')).toBe(11050);
  });

  it('unsubscribes on dispose so X-Plane stops sending', async () => {
    const { peer, adapter } = await setup();
    await untilPhase(adapter, 'connected');
    expect(peer.subscriptionCount()).toBeGreaterThan(40);
    await adapter.dispose();
    await peer.waitFor(() => peer.subscriptionCount() === 0);
    expect(peer.subscriptionCount()).toBe(0);
  });

  it('goes stale, lost, and reconnects after X-Plane forgets its subscriptions', async () => {
    const { peer, adapter } = await setup(300);
    await untilPhase(adapter, 'connected');
    const seen: string[] = [];
    adapter.onConnection((c) => seen.push(c.phase));
    peer.forgetSubscriptions();
    await untilPhase(adapter, 'reconnecting');
    const reconnectingAt = performance.now();
    await untilPhase(adapter, 'connected');
    expect(performance.now() - reconnectingAt).toBeLessThan(2000);
    expect(seen.slice(0, 4)).toEqual(['stale', 'lost', 'reconnecting', 'connected']);
  });

  it('refuses a write when no sim answers', async () => {
    const quiet = new XplaneUdpAdapter({ host: '127.0.0.1', port: 9, rateHz: 10, staleAfterMs: 500 });
    rigs.disposeLater(() => quiet.dispose());
    await quiet.start();
    const r = await quiet.write({ type: 'apAltitude', altitudeFt: 3000 });
    expect(r.status).toBe('refused');
  });

  it('reports a write the sim ignores as timed out after the deadline', async () => {
    const peer = new XplanePeer({ ignoreWrites: true });
    const port = await peer.start();
    rigs.disposeLater(() => peer.dispose());
    const adapter = new XplaneUdpAdapter({ host: '127.0.0.1', port, rateHz: 30, staleAfterMs: 2000 });
    rigs.disposeLater(() => adapter.dispose());
    await adapter.start();
    await untilPhase(adapter, 'connected');
    const r = await adapter.write({ type: 'apAltitude', altitudeFt: 3000 });
    expect(r.status).toBe('timeout');
    expect(r.status === 'timeout' && r.latencyMs).toBeGreaterThanOrEqual(1400);
    expect(peer.drefWrites).toContainEqual({ path: 'sim/cockpit2/autopilot/altitude_dial_ft', value: 3000 });
  });

  it('finds the peer by its BECN multicast beacon on loopback', async () => {
    const found = new Promise<FoundXplane>((resolve) => {
      const listener = new BeaconListener({ port: 0, interfaces: ['127.0.0.1'], onFound: resolve });
      rigs.disposeLater(() => listener.dispose());
      void listener.start().then(async (reason) => {
        expect(reason).toBeUndefined();
        const peer = new XplanePeer({ beacon: true, beaconInterface: '127.0.0.1', beaconPort: listener.port()! });
        rigs.disposeLater(() => peer.dispose());
        await peer.start();
      });
    });
    const f = await found;
    expect(f.host).toBe('127.0.0.1');
    expect(f.port).toBeGreaterThan(0);
    expect(f.versionText).toBe('12.0.12');
  });
});
