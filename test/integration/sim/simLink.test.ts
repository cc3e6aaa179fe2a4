import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema, type ConfigInput } from '../../../core/config/common/configSchema.js';
import { loadProfiles } from '../../../core/sim/node/loadProfiles.js';
import { createSimLink } from '../../../core/sim/node/simLink.js';
import { useLeakCheck } from '../../helpers/leakCheck.js';
import { freeUdpPort } from '../../peers/ports.js';
import { XplanePeer } from '../../peers/xplanePeer.js';
import { XplaneWebPeer } from '../../peers/xplaneWebPeer.js';
import { untilConnection, untilPhase, untilState } from './until.js';

/** The sim link end to end: main thread -> telemetry worker -> real UDP -> X-Plane test peer. */

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()!();
});

const simConfig = (sim: NonNullable<ConfigInput['sim']>) => configSchema.parse({ sim }).sim;

async function startPeer(beaconPort?: number): Promise<XplanePeer> {
  const peer = new XplanePeer(beaconPort ? { beacon: true, beaconInterface: '127.0.0.1', beaconPort } : {});
  await peer.start();
  disposers.push(() => peer.dispose());
  return peer;
}

describe('sim link (telemetry worker)', () => {
  useLeakCheck();
  it('reads X-Plane through the worker and the shared snapshot, picks the profile, writes with readback', async () => {
    const peer = await startPeer();
    const link = createSimLink({ sim: simConfig({ kind: 'xplane', xplane: { port: peer.port, rateHz: 30 } }), profiles: await loadProfiles() });
    disposers.push(() => link.dispose());
    await link.start();
    expect(link.kind).toBe('xplane');
    expect(link.capabilities.writes.has('apHeading')).toBe(true);
    const s = await untilState(link, (st) => st.aircraftTitle === 'Cessna Skyhawk (C172)' && st.radios.com1ActiveKhz === 118300);
    expect(s.altitudeFt).toBe(5500);
    expect(link.profile().id).toBe('c172');
    const outcome = await link.write({ type: 'apHeading', headingDegMag: 270 });
    expect(outcome.status).toBe('applied');
    expect(peer.value('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot')).toBe(270);
    expect(link.state().ap.headingDegMag).toBe(270);
    await untilState(link, () => link.stats().received > 10);
    expect(link.stats().dropped).toBe(0);
  });

  it('auto finds X-Plane by its beacon', async () => {
    const beaconPort = await freeUdpPort();
    await startPeer(beaconPort);
    const link = createSimLink({
      sim: simConfig({ kind: 'auto', xplaneWeb: { port: 1 }, flightgear: { outPort: await freeUdpPort(), telnetPort: 1 } }),
      beaconInterfaces: ['127.0.0.1'],
      beaconPort,
    });
    disposers.push(() => link.dispose());
    await link.start();
    const c = await untilConnection(link, (cc) => cc.kind === 'xplane' && cc.phase === 'connected');
    expect(c.detail).toMatch(/X-Plane 12\.0\.12 at 127\.0\.0\.1/);
    expect(link.kind).toBe('xplane');
  });

  it('auto prefers the X-Plane web API when it answers', async () => {
    const beaconPort = await freeUdpPort();
    const peer = await startPeer(beaconPort);
    const web = new XplaneWebPeer(peer);
    const webPort = await web.start();
    disposers.push(() => web.dispose());
    const link = createSimLink({
      sim: simConfig({ kind: 'auto', xplaneWeb: { port: webPort }, flightgear: { outPort: await freeUdpPort(), telnetPort: 1 } }),
      beaconInterfaces: ['127.0.0.1'],
      beaconPort,
    });
    disposers.push(() => link.dispose());
    await link.start();
    await untilConnection(link, (cc) => cc.kind === 'xplane-web' && cc.phase === 'connected');
    expect((await link.write({ type: 'apSpeed', speedKt: 120 })).status).toBe('applied');
  });

  it('auto falls back to the demo sim and says why', async () => {
    const link = createSimLink({
      sim: simConfig({ kind: 'auto', xplaneWeb: { port: 1 }, flightgear: { outPort: await freeUdpPort(), telnetPort: 1 } }),
      beaconInterfaces: ['127.0.0.1'],
      beaconPort: await freeUdpPort(),
      detectWindowMs: 300,
    });
    disposers.push(() => link.dispose());
    await link.start();
    const c = await untilConnection(link, (cc) => cc.kind === 'demo' && cc.phase === 'connected');
    expect(c.reason).toBe('no simulator found; flying the demo sim');
    const s = await untilState(link, (st) => st.aircraftTitle !== '');
    expect(s.aircraftTitle).toMatch(/demo/);
    expect(s.iasKt).toBeGreaterThan(0);
    expect((await link.write({ type: 'apAltitude', altitudeFt: 7000 })).status).toBe('applied');
  });

  it('reports a write to a sim that went away as refused, and dispose stops the worker', async () => {
    const peer = await startPeer();
    const link = createSimLink({ sim: simConfig({ kind: 'xplane', staleAfterS: 0.3, xplane: { port: peer.port } }) });
    await link.start();
    await untilPhase(link, 'connected');
    await peer.dispose();
    await untilPhase(link, 'reconnecting');
    expect((await link.write({ type: 'gear', down: false })).status).toBe('refused');
    const t0 = performance.now();
    await link.dispose();
    expect(performance.now() - t0).toBeLessThan(1000); // the worker closed cleanly, not by the grace timeout
    expect(link.connection().phase).toBe('stopped');
    expect((await link.write({ type: 'gear', down: true })).status).toBe('refused');
  });

  it('restarts a worker that died, says so meanwhile, and reads and writes again', async () => {
    const peer = await startPeer();
    const warnings: string[] = [];
    const link = createSimLink({ sim: simConfig({ kind: 'xplane', xplane: { port: peer.port, rateHz: 30 } }), onWarning: (w) => warnings.push(w) });
    disposers.push(() => link.dispose());
    await link.start();
    await untilState(link, (s) => s.altitudeFt === 5500);
    // The thread ends without being asked to, as after a native fault or the runtime killing it.
    await (link as unknown as { client: { worker: Worker } }).client.worker.terminate();
    const down = await untilPhase(link, 'reconnecting');
    expect(down.reason).toMatch(/telemetry worker stopped \(exit code 1\); restarting in 0\.5 s/);
    expect(warnings.some((w) => w.includes('telemetry worker stopped'))).toBe(true);
    const refused = await link.write({ type: 'apHeading', headingDegMag: 90 });
    expect(refused).toMatchObject({ status: 'refused', reason: 'the sim link is restarting after a fault' });
    await untilPhase(link, 'connected');
    const outcome = await link.write({ type: 'apHeading', headingDegMag: 90 });
    expect(outcome.status).toBe('applied');
    expect(peer.value('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot')).toBe(90);
    expect((await untilState(link, (s) => s.ap.headingDegMag === 90)).ap.headingDegMag).toBe(90);
  });

  it('settles start with a stopped connection that says why when the worker cannot build its adapter', async () => {
    const warnings: string[] = [];
    const bogus = { ...simConfig({ kind: 'xplane' }), kind: 'no-such-sim' } as unknown as ReturnType<typeof simConfig>;
    const link = createSimLink({ sim: bogus, onWarning: (w) => warnings.push(w) });
    disposers.push(() => link.dispose());
    await link.start(); // the worker reports an error instead of ready: no wait for a timeout, no restart loop
    expect(link.connection()).toMatchObject({ phase: 'stopped' });
    expect(link.connection().reason).toMatch(/sim link failed to start/);
    expect(warnings.some((w) => /sim link failed to start/.test(w))).toBe(true);
    expect(await link.write({ type: 'gear', down: true })).toMatchObject({ status: 'refused', reason: 'the sim link is not running' });
  });

  it('runs the demo sim in-process for kind demo', async () => {
    const link = createSimLink({ sim: simConfig({ kind: 'demo' }) });
    disposers.push(() => link.dispose());
    await link.start();
    expect(link.connection().phase).toBe('connected');
    expect((await link.write({ type: 'apHeading', headingDegMag: 180 })).status).toBe('applied');
  });
});
