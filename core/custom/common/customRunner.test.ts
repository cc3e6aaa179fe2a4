import { describe, expect, it } from 'vitest';
import { DemoSim } from '../../sim/common/demoSim.js';
import type { SimAdapter } from '../../sim/common/adapter.js';
import type { SimAction, WriteOutcome } from '../../sim/common/simAction.js';
import { flightgearSetsFor } from '../../sim/common/flightgearProtocol.js';
import { msfsEventsFor } from '../../sim/common/msfsMapping.js';
import { xplaneWritesFor } from '../../sim/common/xplaneDatarefs.js';
import { emptySimState } from '../../sim/common/simState.js';
import { genericProfile } from '../../sim/common/aircraftProfile.js';
import { noKeyPresser, runCustomAction, withCustomRunner, type KeyPresser } from './customRunner.js';

type Custom = Extract<SimAction, { type: 'custom' }>;
const action = (actions: Custom['actions']): Custom => ({ type: 'custom', id: 't', actions });

/** An adapter of a given kind that records its writes (the runner's side of the contract). */
function recorder(kind: SimAdapter['kind']): SimAdapter & { writes: SimAction[] } {
  const writes: SimAction[] = [];
  return {
    kind, writes, capabilities: { reads: new Set(), writes: new Set(['custom']) },
    start: async () => {}, dispose: async () => {}, state: emptySimState, connection: () => ({ kind, phase: 'connected', detail: kind }),
    onState: () => () => {}, onConnection: () => () => {},
    write: (a: SimAction): Promise<WriteOutcome> => {
      writes.push(a);
      return Promise.resolve({ status: 'applied', action: a, latencyMs: 0 });
    },
  };
}

describe('running a custom action', () => {
  const all: Custom['actions'] = {
    xplane: [{ command: 'sim/operation/pause_on' }],
    msfs: [{ event: 'PAUSE_ON' }],
    flightgear: [{ property: '/sim/freeze/master', value: 1 }],
    demo: [{ demo: 'paused', value: true }],
  };

  it('sends the connected sim\'s steps only', async () => {
    for (const [kind, target] of [['xplane', 'xplane'], ['xplane-web', 'xplane'], ['msfs', 'msfs'], ['flightgear', 'flightgear'], ['demo', 'demo']] as const) {
      const sim = recorder(kind);
      expect((await runCustomAction(action(all), sim, noKeyPresser)).status).toBe('applied');
      expect(sim.writes).toEqual([{ type: 'custom', id: 't', actions: { [target]: all[target] } }]);
    }
  });

  it('refuses, with the reason, a command with nothing for this sim, and a key press the host cannot make', async () => {
    const r = await runCustomAction(action({ xplane: all.xplane }), recorder('msfs'), noKeyPresser);
    expect(r).toMatchObject({ status: 'refused', reason: 'this command has nothing to do on MSFS' });
    const k = await runCustomAction(action({ any: [{ key: 'ctrl+p' }] }), recorder('demo'), noKeyPresser);
    expect(k).toMatchObject({ status: 'refused', reason: 'key presses need the desktop app' });
  });

  it('runs a sequence in order: writes, a key press with modifiers, a wait, more writes', async () => {
    const sim = recorder('xplane');
    const log: string[] = [];
    const keys: KeyPresser = { press: (key, mods) => (log.push(`key ${[...mods, key].join('+')} after ${sim.writes.length} writes`), Promise.resolve(undefined)) };
    const r = await runCustomAction(action({ xplane: [{ command: 'sim/a/b' }, { key: 'ctrl+shift+f5' }, { wait: 1 }, { dataref: 'sim/c/d', value: 2 }], any: [{ key: 'space' }] }), sim, keys);
    expect(r.status).toBe('applied');
    expect(log).toEqual(['key ctrl+shift+f5 after 1 writes', 'key space after 2 writes']);
    expect(sim.writes.map((w) => (w as Custom).actions.xplane)).toEqual([[{ command: 'sim/a/b' }], [{ dataref: 'sim/c/d', value: 2 }]]);
  });

  it('changes the demo sim visibly: lights and pause', async () => {
    const demo = new DemoSim({ rateHz: 20 });
    await demo.start();
    const sim = withCustomRunner(demo, () => noKeyPresser);
    expect((await sim.write(action({ demo: [{ demo: 'landingLights', value: true }, { demo: 'paused', value: 'toggle' }] }))).status).toBe('applied');
    expect(demo.state().lights.landing).toBe(true);
    expect(demo.state().paused).toBe(true);
    await demo.dispose();
  });
});

describe('each adapter maps the generic custom write onto its protocol', () => {
  const a = action({ xplane: [{ dataref: 'sim/cockpit2/switches/landing_lights_on', value: 1 }, { command: 'sim/operation/pause_on' }], msfs: [{ event: 'PARKING_BRAKE_SET', value: 1 }], flightgear: [{ property: '/controls/gear/brake-parking', value: 1 }] });
  it('X-Plane: DREF and CMND', () => {
    expect(xplaneWritesFor(a, emptySimState(), genericProfile)).toEqual([{ kind: 'dref', path: 'sim/cockpit2/switches/landing_lights_on', value: 1 }, { kind: 'cmnd', command: 'sim/operation/pause_on' }]);
  });
  it('MSFS: a SimConnect event by name', () => {
    expect(msfsEventsFor(a, emptySimState())).toEqual([{ event: 'PARKING_BRAKE_SET', data: 1 }]);
  });
  it('FlightGear: a property set', () => {
    expect(flightgearSetsFor(a, emptySimState(), genericProfile)).toEqual([{ path: '/controls/gear/brake-parking', value: '1' }]);
  });
});
