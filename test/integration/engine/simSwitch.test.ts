import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, EngineState } from '../../../core/api/common/contract.js';
import { createEngine, type Engine } from '../../../core/engine.js';
import { XplanePeer } from '../../peers/xplanePeer.js';

/** A switch spawns the telemetry worker and subscribes to X-Plane: seconds on a loaded CI box, never this long. */
const SWITCH_TIMEOUT_MS = 15_000;

function untilState(engine: Engine, predicate: (s: EngineState) => boolean, what: string): Promise<EngineState> {
  return new Promise((resolve, reject) => {
    if (predicate(engine.state())) return resolve(engine.state());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}; sim is ${JSON.stringify(engine.state().sim)}`));
    }, SWITCH_TIMEOUT_MS);
    const off = engine.onState((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

/**
 * The running engine changes simulator through its settings, as the settings window does: from
 * the demo sim to the X-Plane test peer over real UDP on loopback, and back, without a restart.
 */
describe('switching the sim of a running engine through settings', () => {
  const home = mkdtempSync(join(tmpdir(), 'stratus-sim-switch-'));
  let peer: XplanePeer;
  let port: number;
  let engine: Engine;
  const events: EngineEvent[] = [];

  beforeAll(async () => {
    peer = new XplanePeer();
    port = await peer.start();
    engine = await createEngine({
      configPath: join(home, 'config.json'),
      sim: 'demo',
      speech: false,
      env: { STRATUS_LLM_PROVIDER: 'none' },
    });
    engine.onEvent((e) => events.push(e));
    await engine.ready();
  });

  afterAll(async () => {
    await engine?.dispose();
    await peer?.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('starts on the demo sim', () => {
    expect(engine.state().sim.kind).toBe('demo');
    expect(engine.state().sim.phase).toBe('connected');
  });

  it('switches to X-Plane live: telemetry from the peer, and a command applied there', async () => {
    const result = await engine.execute({ type: 'settingsUpdate', patch: { sim: { kind: 'xplane', xplane: { host: '127.0.0.1', port, rateHz: 30 } } } });
    expect(result.settings.sim.kind).toBe('xplane');
    expect(result.changed).toEqual(expect.arrayContaining(['sim.kind', 'sim.xplane.port', 'sim.xplane.rateHz']));
    expect(result.restartNeeded).toEqual([]);
    expect(result.overridden).toEqual([]);
    const changes = events.filter((e) => e.type === 'settingsChanged');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ sections: ['sim'], restartNeeded: [] });

    const live = await untilState(
      engine,
      (s) => s.sim.kind === 'xplane' && s.sim.phase === 'connected' && s.telemetry.com1ActiveKhz === 118300 && s.telemetry.altitudeFt === 5500 && s.sim.aircraft !== '',
      'telemetry from the X-Plane peer',
    );
    expect(live.sim.aircraft).toBe('Cessna Skyhawk (C172)');
    expect(live.sim.packets.received).toBeGreaterThan(0);
    // The jump from the demo's state to the peer's is not flight: no callout comes of it.
    expect(events.filter((e) => e.type === 'callout')).toEqual([]);

    const turn = await engine.runText('heading two seven zero');
    expect(turn.outcome.status).toBe('applied');
    expect(peer.value('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot')).toBe(270);
    expect(engine.state().telemetry.apHeadingDegMag).toBe(270);
  });

  it('a command during a switch waits for the new link instead of failing on the old one', async () => {
    const switching = untilState(engine, (s) => s.sim.detail.startsWith('switching to'), 'the switching state');
    const update = engine.updateSettings({ sim: { kind: 'demo' } });
    const during = await switching;
    expect(during.sim.phase).toBe('searching');
    const turn = await engine.runText('heading one two zero');
    await update;
    const demo = await untilState(engine, (s) => s.sim.kind === 'demo' && s.sim.phase === 'connected', 'the demo sim');
    expect(demo.sim.detail).not.toMatch(/switching/);
    // Applied on the new link once it started (or, on a box too slow for the wait, refused saying why).
    if (turn.outcome.status === 'applied') expect(engine.state().telemetry.apHeadingDegMag).toBe(120);
    else expect(turn.outcome.reason).toMatch(/the sim link is switching to the demo sim/);
    expect(peer.value('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot')).toBe(270);
    // The X-Plane link let go of the peer: no more subscriptions there.
    await peer.waitFor(() => peer.subscriptionCount() === 0);
  });

  it('leaves the link alone when a setting the running sim does not use changes', async () => {
    const before = events.length;
    const result = await engine.execute({ type: 'settingsUpdate', patch: { sim: { xplane: { port: port + 1 } } } });
    expect(result.changed).toEqual(['sim.xplane.port']);
    expect(engine.state().sim).toMatchObject({ kind: 'demo', phase: 'connected' });
    expect(events.slice(before).filter((e) => e.type === 'settingsChanged')).toHaveLength(1);
  });

  it('says which saved settings wait for a restart', async () => {
    const result = await engine.execute({ type: 'settingsUpdate', patch: { host: { port: 8765 }, overlay: { opacity: 0.6 } } });
    expect(result.changed).toEqual(['overlay.opacity', 'host.port']);
    expect(result.restartNeeded).toEqual(['host.port']);
    const next = await engine.execute({ type: 'settingsUpdate', patch: { overlay: { opacity: 0.7 } } });
    expect(next.restartNeeded).toEqual(['host.port']); // still waiting
    const back = await engine.execute({ type: 'settingsUpdate', patch: { host: { port: 0 } } });
    expect(back.restartNeeded).toEqual([]);
  });

  it('sends no settingsChanged when nothing changed', async () => {
    const before = events.length;
    const result = await engine.execute({ type: 'settingsUpdate', patch: { overlay: { opacity: 0.7 } } });
    expect(result.changed).toEqual([]);
    expect(events.slice(before).some((e) => e.type === 'settingsChanged')).toBe(false);
  });
});
