import { describe, expect, it } from 'vitest';
import { Emitter } from '../../base/common/emitter.js';
import { defaultConfig, type Config } from '../../config/common/configSchema.js';
import type { SimCapabilities, SimConnection, SimKind } from '../common/adapter.js';
import { genericProfile } from '../common/aircraftProfile.js';
import type { SimAction, WriteOutcome } from '../common/simAction.js';
import { emptySimState, type SimState } from '../common/simState.js';
import type { SimLink, SimLinkOptions } from './simLink.js';
import { SwitchingSimLink } from './switchingSimLink.js';

/** A link whose start and dispose finish when the test says, logging what happened to it. */
class FakeLink implements SimLink {
  readonly states = new Emitter<SimState>();
  readonly connections = new Emitter<SimConnection>();
  readonly writes: SimAction[] = [];
  capabilities: SimCapabilities = { reads: new Set(), writes: new Set(['apHeading']) };
  private finishStart: () => void = () => {};
  private readonly started: Promise<void>;
  constructor(
    readonly kind: SimKind,
    private readonly log: string[],
    holdStart: boolean,
  ) {
    this.started = holdStart ? new Promise((r) => (this.finishStart = r)) : Promise.resolve();
  }
  releaseStart(): void {
    this.finishStart();
  }
  start(): Promise<void> {
    this.log.push(`start ${this.kind}`);
    return this.started;
  }
  state = (): SimState => ({ ...emptySimState(), aircraftTitle: this.kind });
  connection = (): SimConnection => ({ kind: this.kind, phase: 'connected', detail: `${this.kind} link` });
  stats = (): { received: number; dropped: number } => ({ received: 0, dropped: 0 });
  profile = () => genericProfile;
  snapshot = (): SharedArrayBuffer | undefined => undefined;
  onState = (l: (s: SimState) => void) => this.states.on(l);
  onConnection = (l: (c: SimConnection) => void) => this.connections.on(l);
  async write(action: SimAction): Promise<WriteOutcome> {
    this.writes.push(action);
    return { status: 'applied', action, latencyMs: 1 };
  }
  async dispose(): Promise<void> {
    this.log.push(`dispose ${this.kind}`);
    this.connections.emit({ kind: this.kind, phase: 'stopped', detail: 'closed' });
  }
}

function options(sim: Partial<Config['sim']>): SimLinkOptions {
  return { sim: { ...defaultConfig().sim, ...sim } };
}

function setup(opts: { holdStart?: boolean; waitMs?: number } = {}) {
  const log: string[] = [];
  const links: FakeLink[] = [];
  const link = new SwitchingSimLink(
    options({ kind: 'demo' }),
    (o) => {
      const l = new FakeLink(o.sim.kind === 'auto' ? 'demo' : o.sim.kind, log, links.length > 0 && (opts.holdStart ?? false));
      links.push(l);
      return l;
    },
    opts.waitMs ?? 1000,
  );
  return { link, links, log };
}

const heading: SimAction = { type: 'apHeading', headingDegMag: 270 };

describe('SwitchingSimLink', () => {
  it('closes the old link before starting the new one, and its listeners follow', async () => {
    const { link, links, log } = setup();
    await link.start();
    const conns: string[] = [];
    const titles: string[] = [];
    link.onConnection((c) => conns.push(`${c.kind} ${c.phase} ${c.detail}`));
    link.onState((s) => titles.push(s.aircraftTitle));
    await link.switchTo(options({ kind: 'xplane' }));
    expect(log).toEqual(['start demo', 'dispose demo', 'start xplane']);
    // The old link's "stopped" is not passed on: listeners see the switch, then the new link.
    expect(conns).toEqual(['xplane searching switching to X-Plane (UDP)', 'xplane connected xplane link']);
    links[0]!.states.emit(emptySimState());
    links[1]!.states.emit({ ...emptySimState(), aircraftTitle: 'C172' });
    expect(titles).toEqual(['C172']);
    expect(link.kind).toBe('xplane');
    expect(await link.write(heading)).toMatchObject({ status: 'applied' });
    expect(links[1]!.writes).toEqual([heading]);
    await link.dispose();
    expect(log.at(-1)).toBe('dispose xplane');
  });

  it('keeps the running link when only settings of another sim changed', async () => {
    const { link, links } = setup();
    expect(link.differs(options({ kind: 'demo', xplane: { host: '10.0.0.2', port: 49001, rateHz: 20 } }))).toBe(false);
    expect(link.differs(options({ kind: 'demo', demoRateHz: 30 }))).toBe(true);
    expect(link.differs({ ...options({ kind: 'demo' }), profileId: 'c172' })).toBe(true);
    await link.switchTo(options({ kind: 'demo', staleAfterS: 5 }));
    expect(links).toHaveLength(1);
    await link.dispose();
  });

  it('a write during a switch waits for the new link', async () => {
    const { link, links } = setup({ holdStart: true });
    await link.start();
    const switched = link.switchTo(options({ kind: 'xplane' }));
    await Promise.resolve();
    expect(link.switching).toBe(true);
    // While switching every write reaches write() (not "this sim cannot"), which waits.
    expect(link.capabilities.writes.has('gear')).toBe(true);
    const write = link.write(heading);
    await new Promise((r) => setTimeout(r, 20));
    links[1]!.releaseStart();
    await switched;
    expect(await write).toMatchObject({ status: 'applied' });
    expect(links[0]!.writes).toEqual([]);
    expect(links[1]!.writes).toEqual([heading]);
    expect(link.capabilities.writes.has('gear')).toBe(false);
    await link.dispose();
  });

  it('refuses, saying why, a write that a slow switch would hold too long', async () => {
    const { link, links } = setup({ holdStart: true, waitMs: 30 });
    await link.start();
    const switched = link.switchTo(options({ kind: 'flightgear' }));
    expect(await link.write(heading)).toEqual({ status: 'refused', action: heading, reason: 'the sim link is switching to FlightGear; say again in a moment' });
    links[1]!.releaseStart();
    await switched;
    await link.dispose();
  });

  it('runs switches in order and ends on the last one', async () => {
    const { link, log } = setup();
    await link.start();
    await Promise.all([link.switchTo(options({ kind: 'xplane' })), link.switchTo(options({ kind: 'msfs' }))]);
    expect(log).toEqual(['start demo', 'dispose demo', 'start xplane', 'dispose xplane', 'start msfs']);
    expect(link.connection().kind).toBe('msfs');
    await link.dispose();
  });
});
