import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { flightgearLaunchArgs } from '../../../core/sim/common/flightgearProtocol.js';
import { FlightgearAdapter } from '../../../core/sim/node/flightgearAdapter.js';
import { loadProfiles, selectProfile } from '../../../core/sim/node/loadProfiles.js';
import { FlightgearPeer } from '../../peers/flightgearPeer.js';
import { freeUdpPort } from '../../peers/ports.js';
import { untilState } from './until.js';

/** The FlightGear adapter against a peer that speaks the shipped protocol file, and real recordings. */

const protocolFile = fileURLToPath(new URL('../../../assets/protocols/stratus.xml', import.meta.url));
const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/flightgear/${name}`, import.meta.url)), 'utf8');

const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()!();
});

async function setup(): Promise<{ peer: FlightgearPeer; adapter: FlightgearAdapter }> {
  const outPort = await freeUdpPort();
  const peer = new FlightgearPeer({ protocolFile, targetPort: outPort });
  const telnetPort = await peer.start();
  disposers.push(() => peer.dispose());
  const c172 = selectProfile('c172p', await loadProfiles());
  const adapter = new FlightgearAdapter({ host: '127.0.0.1', outPort, inPort: 0, telnetPort, staleAfterMs: 2000, profile: c172 });
  disposers.push(() => adapter.dispose());
  await adapter.start();
  return { peer, adapter };
}

describe('FlightGear adapter', () => {
  it('reads the stratus generic protocol lines', async () => {
    const { adapter } = await setup();
    const s = await untilState(adapter, (st) => st.aircraftTitle === 'c172p');
    expect(adapter.connection().phase).toBe('connected');
    expect(s.altitudeFt).toBeCloseTo(2990, 1);
    expect(s.headingDegMag).toBeCloseTo(270, 1);
    expect(s.radios.com1StandbyKhz).toBe(121900);
    expect(s.ap.modes.hdg).toBe(true);
    expect(s.gearDown).toBe(true); // the c172 profile: fixed gear
    expect(adapter.stats().dropped).toBe(0);
  });

  it('writes through the telnet property server and confirms by the UDP readback', async () => {
    const { peer, adapter } = await setup();
    await untilState(adapter, (st) => st.aircraftTitle === 'c172p');
    const hdg = await adapter.write({ type: 'apHeading', headingDegMag: 123 });
    expect(hdg.status).toBe('applied');
    expect(peer.sets).toContainEqual({ path: '/autopilot/settings/heading-bug-deg', value: '123.0' });
    expect((await adapter.write({ type: 'flaps', index: 1, ratio: 1 / 3 })).status).toBe('applied');
    expect(adapter.state().flapsIndex).toBe(1);
    expect((await adapter.write({ type: 'radioSwap', radio: 'com1' })).status).toBe('applied');
    expect(adapter.state().radios.com1ActiveKhz).toBe(121900);
    expect((await adapter.write({ type: 'transponder', code: 4521 })).status).toBe('applied');
  });

  it('reports an unconfirmed write (gear on a fixed-gear aircraft) as timed out', async () => {
    const { adapter } = await setup();
    await untilState(adapter, (st) => st.aircraftTitle === 'c172p');
    const r = await adapter.write({ type: 'gear', down: false });
    expect(r.status).toBe('timeout');
  });

  it('follows a real recorded flight (cruise_turns.csv replayed over UDP) and drops bad lines', async () => {
    const { peer, adapter } = await setup();
    peer.pauseOutput();
    await untilState(adapter, () => true);
    const rows = fixture('cruise_turns.csv').trim().split('\n').slice(1);
    const seen: number[] = [];
    adapter.onState((s) => seen.push(s.ap.headingDegMag));
    const before = adapter.stats();
    const sample = rows.filter((_, i) => i % 10 === 0);
    await peer.send('garbage,line\n');
    await peer.send(new Uint8Array([0xff, 0x00, 0x13]));
    // Paced as fgfs paces it: the next line once the previous one is in the state.
    for (const row of sample) {
      const t = Number(row.split(',')[1]);
      const arrived = untilState(adapter, (s) => s.simTimeS === t);
      await peer.send(row.slice(row.indexOf(',') + 1) + '\n');
      await arrived;
    }
    expect(adapter.stats().dropped - before.dropped).toBe(2);
    expect(adapter.stats().received - before.received).toBe(sample.length);
    for (const bug of [270, 0, 180]) expect(seen).toContain(bug); // 360 reads as 0
    expect(adapter.state().altitudeFt).toBeGreaterThan(3500);
  });
});

const fgRoot = process.env.FG_ROOT ?? '/usr/share/games/flightgear';
const fgfs = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v fgfs || ls /usr/games/fgfs'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
})();
const installedProtocol = `${fgRoot}/Protocol/stratus.xml`;
const protocolCurrent = existsSync(installedProtocol) && readFileSync(installedProtocol, 'utf8') === readFileSync(protocolFile, 'utf8');
const liveReason = !fgfs
  ? 'fgfs is not installed on this machine (apt-get install flightgear xvfb; see sim-protocols.md)'
  : !protocolCurrent
    ? `${installedProtocol} is missing or older than assets/protocols/stratus.xml (run: node bin/stratus.js flightgear --install)`
    : '';
if (liveReason) console.warn(`FlightGear live test skipped: ${liveReason}`);

describe.skipIf(liveReason !== '')('FlightGear (real fgfs under xvfb)', () => {
  it('connects to a running fgfs, reads it, and sets the heading bug by telnet', { timeout: 180_000 }, async () => {
    const outPort = await freeUdpPort();
    const telnetPort = 5400 + Math.floor(Math.random() * 90);
    const args = [
      '-a', '-s', '-screen 0 640x480x24', fgfs, '--aircraft=c172p', '--airport=PHNL', '--fdm=jsb', '--disable-sound',
      '--disable-splash-screen', '--timeofday=noon', '--disable-terrasync', '--disable-real-weather-fetch', '--disable-ai-traffic',
      '--disable-clouds', '--fog-fastest', '--prop:/sim/frame-rate-throttle-hz=20', '--prop:/sim/rendering/draw-mask/terrain=false',
      '--prop:/sim/rendering/draw-mask/models=false', '--prop:/sim/rendering/draw-mask/aircraft=false', '--in-air', '--altitude=3000', '--vc=100',
      ...flightgearLaunchArgs({ host: '127.0.0.1', outPort, inPort: outPort + 1, telnetPort }),
    ];
    const child = spawn('xvfb-run', args, { env: { ...process.env, FG_ROOT: fgRoot, DBUS_FATAL_WARNINGS: '0' }, detached: true, stdio: 'ignore' });
    disposers.push(async () => {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    });
    const adapter = new FlightgearAdapter({ host: '127.0.0.1', outPort, inPort: outPort + 1, telnetPort, staleAfterMs: 3000 });
    disposers.push(() => adapter.dispose());
    await adapter.start();
    const s = await untilState(adapter, (st) => st.aircraftTitle === 'c172p' && st.simTimeS > 15);
    expect(s.altitudeFt).toBeGreaterThan(1000);
    // telnet comes up with the sim; a refused write (not yet connected) is retried once it is
    let outcome = await adapter.write({ type: 'apHeading', headingDegMag: 123 });
    for (let i = 0; i < 5 && outcome.status === 'refused'; i++) {
      await untilState(adapter, (st) => st.simTimeS > s.simTimeS + i + 1);
      outcome = await adapter.write({ type: 'apHeading', headingDegMag: 123 });
    }
    expect(outcome.status).toBe('applied');
  });
});
