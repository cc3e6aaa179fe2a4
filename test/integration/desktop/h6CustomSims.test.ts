import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { compileCustom } from '../../../core/custom/common/customCompile.js';
import { noKeyPresser, withCustomRunner } from '../../../core/custom/common/customRunner.js';
import { customFileSchema } from '../../../core/custom/common/customFormat.js';
import { allRules, compileGrammar, defaultGrammar } from '../../../core/intent/common/grammar.js';
import { parseUtterance } from '../../../core/intent/common/parser.js';
import { toSimAction } from '../../../core/intent/common/toSimAction.js';
import type { SimAdapter } from '../../../core/sim/common/adapter.js';
import { genericProfile } from '../../../core/sim/common/aircraftProfile.js';
import { FlightgearAdapter } from '../../../core/sim/node/flightgearAdapter.js';
import { FlightgearPeer } from '../../peers/flightgearPeer.js';
import { freeUdpPort } from '../../peers/ports.js';
import { simRigs } from '../sim/rigs.js';
import { untilPhase, untilState } from '../sim/until.js';

/** The shipped examples, said as text, through each real adapter against its byte-exact test peer on 127.0.0.1. */
const rigs = simRigs();
const disposers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()!();
});

const shipped = customFileSchema.parse(parseYaml(readFileSync(fileURLToPath(new URL('../../../assets/custom-commands/examples.yaml', import.meta.url)), 'utf8')));
const grammar = compileGrammar([...allRules, ...compileCustom(shipped.commands, defaultGrammar()).rules]);

/** What the turn runner does with a typed custom command: parse, map, run through the custom runner. */
async function say(adapter: SimAdapter, text: string): Promise<string> {
  const intent = parseUtterance(text, {}, grammar).intent;
  const mapped = toSimAction(intent, genericProfile, adapter.capabilities.writes);
  if (!mapped || !('action' in mapped)) throw new Error(`"${text}" is not a sim write: ${JSON.stringify(intent)}`);
  return (await withCustomRunner(adapter, () => noKeyPresser).write(mapped.action)).status;
}

describe('the shipped custom commands on every sim', () => {
  it('X-Plane UDP: DREF and CMND packets', async () => {
    const { peer, adapter } = await rigs.xplaneUdp();
    await untilPhase(adapter, 'connected');
    expect(await say(adapter, 'all landing lights on')).toBe('applied');
    expect(await say(adapter, 'parking brake set')).toBe('applied');
    expect(await say(adapter, 'pause the sim')).toBe('applied');
    await peer.waitFor(() => peer.commands.includes('sim/operation/pause_on'));
    expect(peer.value('sim/cockpit2/switches/landing_lights_on')).toBe(1);
    expect(peer.value('sim/cockpit2/controls/parking_brake_ratio')).toBe(1);
  });

  it('X-Plane web API: a dataref looked up on first use, then set; a command activated', async () => {
    const { peer, web, adapter } = await rigs.xplaneWeb();
    await untilPhase(adapter, 'connected');
    expect(await say(adapter, 'parking brake set')).toBe('applied');
    expect(await say(adapter, 'resume the sim')).toBe('applied');
    // Checked on the adapter's state updates (the web peer sends them at its update rate).
    // The peer logs only the path of a lookup: a command was looked up (to be activated) after connecting.
    await untilState(adapter, () => peer.value('sim/cockpit2/controls/parking_brake_ratio') === 1 && web.requests.includes('/api/v2/commands'));
  });

  it('MSFS: SimConnect events by name, mapped on first use', async () => {
    const { peer, adapter } = await rigs.msfs();
    await untilPhase(adapter, 'connected');
    expect(await say(adapter, 'parking brake release')).toBe('applied');
    expect(await say(adapter, 'pause the simulator')).toBe('applied');
    await untilState(adapter, () => peer.events.some((e) => e.name === 'PAUSE_ON'));
    expect(peer.events).toEqual(expect.arrayContaining([{ name: 'PARKING_BRAKE_SET', data: 0 }, { name: 'PAUSE_ON', data: 0 }]));
  });

  it('FlightGear: property sets over the telnet props server', async () => {
    const outPort = await freeUdpPort();
    const peer = new FlightgearPeer({ protocolFile: fileURLToPath(new URL('../../../assets/protocols/stratus.xml', import.meta.url)), targetPort: outPort });
    const telnetPort = await peer.start();
    disposers.push(() => peer.dispose());
    const adapter = new FlightgearAdapter({ host: '127.0.0.1', outPort, inPort: 0, telnetPort, staleAfterMs: 2000 });
    disposers.push(() => adapter.dispose());
    await adapter.start();
    await untilPhase(adapter, 'connected');
    await untilState(adapter, () => adapter.stats().received > 0);
    expect(await say(adapter, 'all landing lights on')).toBe('applied');
    expect(await say(adapter, 'pause the sim')).toBe('applied');
    await untilState(adapter, () => peer.sets.some((s) => s.path === '/sim/freeze/master'));
    expect(peer.sets).toEqual(expect.arrayContaining([{ path: '/controls/lighting/landing-lights', value: '1' }, { path: '/sim/freeze/master', value: '1' }]));
  });
});
