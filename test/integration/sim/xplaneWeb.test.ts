import { describe, expect, it } from 'vitest';
import { probeXplaneWeb } from '../../../core/sim/node/simProbes.js';
import { untilState } from './until.js';
import { simRigs } from './rigs.js';

/** The X-Plane web API adapter against the peer's REST + WebSocket front end on 127.0.0.1. */

const rigs = simRigs();

const setup = (): ReturnType<typeof rigs.xplaneWeb> => rigs.xplaneWeb();

describe('X-Plane web API adapter', () => {
  it('is found by the capabilities probe', async () => {
    const { web } = await setup();
    expect(await probeXplaneWeb('127.0.0.1', web.port, 1000)).toBe('12.1.4');
  });

  it('looks up ids, streams values, and reads the title and precise position', async () => {
    const { adapter } = await setup();
    const s = await untilState(adapter, (st) => st.aircraftTitle !== '' && st.radios.com1ActiveKhz > 0);
    expect(s.aircraftTitle).toBe('Cessna Skyhawk (C172)');
    expect(s.radios.com1ActiveKhz).toBe(118300);
    expect(s.latDeg).toBe(21.3187);
    expect(s.engineRunning).toBe(true); // an array element (ENGN_running[0]) subscribed by index
    expect(adapter.connection().phase).toBe('connected');
  });

  it('writes datarefs and commands, confirmed by readback', async () => {
    const { peer, adapter } = await setup();
    await untilState(adapter, (st) => st.radios.com1StandbyKhz === 121900);
    expect((await adapter.write({ type: 'apHeading', headingDegMag: 270 })).status).toBe('applied');
    expect(peer.value('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot')).toBe(270);
    expect((await adapter.write({ type: 'radioSwap', radio: 'com1' })).status).toBe('applied');
    expect(peer.value('sim/cockpit2/radios/actuators/com1_frequency_hz_833')).toBe(121900);
    expect((await adapter.write({ type: 'gear', down: false })).status).toBe('applied');
  });

  it('reconnects with fresh ids after X-Plane drops the socket', async () => {
    const { web, adapter } = await setup();
    await untilState(adapter, (st) => st.radios.com1ActiveKhz > 0);
    const phases: string[] = [];
    const back = new Promise<void>((resolve) => adapter.onConnection((c) => (phases.push(c.phase), c.phase === 'connected' && resolve())));
    web.dropClients();
    await back;
    expect(phases.slice(0, 2)).toEqual(['lost', 'reconnecting']);
    expect((await adapter.write({ type: 'apAltitude', altitudeFt: 8000 })).status).toBe('applied');
  });
});
