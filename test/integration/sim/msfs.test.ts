import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../core/config/common/configSchema.js';
import { genericProfile } from '../../../core/sim/common/aircraftProfile.js';
import { createAdapter } from '../../../core/sim/node/adapterFactory.js';
import { MsfsAdapter } from '../../../core/sim/node/msfsAdapter.js';
import { freeTcpPort, freeUdpPort } from '../../peers/ports.js';
import { SimconnectPeer } from '../../peers/simconnectPeer.js';
import { untilState } from './until.js';
import { simRigs } from './rigs.js';

/**
 * The MSFS adapter through the real node-simconnect client against a loopback server that speaks
 * the SimConnect wire protocol (Open, data definitions, per-frame data, client events).
 */

const rigs = simRigs();

const setup = (): ReturnType<typeof rigs.msfs> => rigs.msfs();

describe('MSFS adapter over SimConnect', () => {
  it('opens, defines its data, and reads SimVars every frame', async () => {
    const { peer, adapter } = await setup();
    const s = await untilState(adapter, (st) => st.aircraftTitle !== '');
    expect(peer.appName).toBe('Stratus');
    expect(s.aircraftTitle).toBe('Cessna 172 Skyhawk Asobo');
    expect(s.altitudeFt).toBe(4500);
    expect(s.radios.com1ActiveKhz).toBe(118300);
    expect(s.xpdrCode).toBe(1200);
    expect(s.pitchDeg).toBe(2); // SimConnect pitch is nose-down positive
    expect(s.rollDeg).toBe(-5);
    expect(adapter.connection().phase).toBe('connected');
    expect(peer.unknownPackets).toBe(0);
  });

  it('sends client events for writes and confirms them by readback', async () => {
    const { peer, adapter } = await setup();
    await untilState(adapter, (st) => st.aircraftTitle !== '');
    expect((await adapter.write({ type: 'apHeading', headingDegMag: 270 })).status).toBe('applied');
    expect(peer.events).toContainEqual({ name: 'HEADING_BUG_SET', data: 270 });
    expect((await adapter.write({ type: 'apVerticalSpeed', verticalSpeedFpm: -700 })).status).toBe('applied');
    expect((await adapter.write({ type: 'radio', radio: 'com1', slot: 'standby', khz: 124850 })).status).toBe('applied');
    expect((await adapter.write({ type: 'radioSwap', radio: 'com1' })).status).toBe('applied');
    expect(adapter.state().radios.com1ActiveKhz).toBe(124850);
    expect((await adapter.write({ type: 'transponder', code: 7000 })).status).toBe('applied');
    expect((await adapter.write({ type: 'gear', down: false })).status).toBe('applied');
    expect((await adapter.write({ type: 'flaps', index: 2, ratio: 2 / 3 })).status).toBe('applied');
    expect((await adapter.write({ type: 'altimeter', inHg: 30.12 })).status).toBe('applied');
  });

  it('notices MSFS quitting and reconnects when it is back', async () => {
    const { peer, adapter } = await setup();
    await untilState(adapter, (st) => st.aircraftTitle !== '');
    const phases: string[] = [];
    const back = new Promise<void>((resolve) =>
      adapter.onConnection((c) => {
        phases.push(c.phase);
        if (c.phase === 'connected') resolve();
      }),
    );
    peer.dropClients();
    await back;
    expect(phases[0]).toBe('lost');
    expect(phases).toContain('connected');
  }, 20_000);

  it('reports an unreachable SimConnect as a status, not a crash', async () => {
    const adapter = new MsfsAdapter({ host: '127.0.0.1', port: 1, staleAfterMs: 500 });
    rigs.disposeLater(() => adapter.dispose());
    await adapter.start();
    expect(adapter.connection().phase).toBe('searching');
    expect(adapter.connection().reason).toMatch(/SimConnect/);
    expect((await adapter.write({ type: 'gear', down: true })).status).toBe('refused');
  });
});

describe('auto finds MSFS on this PC', () => {
  it('through a SimConnect.cfg, as node-simconnect would, with no host configured', async () => {
    const peer = new SimconnectPeer();
    const port = await peer.start();
    rigs.disposeLater(() => peer.dispose());
    const dir = await mkdtemp(join(tmpdir(), 'stratus-simconnect-'));
    rigs.disposeLater(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'SimConnect.cfg'), `[SimConnect]\nProtocol=IPv4\nAddress=127.0.0.1\nPort=${port}\n`);
    const auto = createAdapter('auto', {
      sim: configSchema.parse({ sim: { kind: 'auto', flightgear: { outPort: await freeUdpPort(), telnetPort: await freeTcpPort() }, xplaneWeb: { port: await freeTcpPort() } } }).sim,
      profile: genericProfile,
      beaconInterfaces: ['127.0.0.1'],
      beaconPort: await freeUdpPort(),
      detectWindowMs: 300,
      simConnectFolders: [dir],
    });
    rigs.disposeLater(() => auto.dispose());
    await auto.start();
    expect(auto.kind).toBe('msfs');
    const s = await untilState(auto, (st) => st.aircraftTitle !== '');
    expect(s.aircraftTitle).toBe('Cessna 172 Skyhawk Asobo');
    expect(auto.connection()).toMatchObject({ kind: 'msfs', phase: 'connected' });
  });
});
