import type { Config } from '../../config/common/configSchema.js';
import type { AircraftProfile } from '../common/aircraftProfile.js';
import { DemoLink } from '../common/demoLink.js';
import type { LinkAdapter } from '../common/linkAdapter.js';
import { AutoSim, type Found } from './autoSim.js';
import { FlightgearAdapter } from './flightgearAdapter.js';
import { MsfsAdapter } from './msfsAdapter.js';
import { ReplayAdapter } from './replayAdapter.js';
import { XplaneUdpAdapter } from './xplaneUdpAdapter.js';
import { XplaneWebAdapter } from './xplaneWebAdapter.js';

export interface AdapterContext {
  sim: Config['sim'];
  profile: AircraftProfile;
  onWarning?: (msg: string) => void;
  beaconInterfaces?: string[];
  beaconPort?: number;
  detectWindowMs?: number;
  /** Where auto looks for a SimConnect.cfg (tests); default as node-simconnect. */
  simConnectFolders?: string[];
}

/** Builds the adapter for a configured sim kind (inside the telemetry worker). */
export function createAdapter(kind: Config['sim']['kind'], ctx: AdapterContext): LinkAdapter {
  const s = ctx.sim;
  const staleAfterMs = s.staleAfterS * 1000;
  switch (kind) {
    case 'auto':
      return new AutoSim({ ...ctx, build: (found) => buildFound(found, ctx) });
    case 'demo':
      return new DemoLink({ rateHz: s.demoRateHz, profile: ctx.profile });
    case 'xplane':
      return new XplaneUdpAdapter({ host: s.xplane.host, port: s.xplane.port, rateHz: s.xplane.rateHz, staleAfterMs, profile: ctx.profile });
    case 'replay':
      return new ReplayAdapter({ file: s.replay.file, speed: s.replay.speed, profile: ctx.profile });
    case 'xplane-web':
      return new XplaneWebAdapter({ ...s.xplaneWeb, staleAfterMs, profile: ctx.profile });
    case 'msfs':
      return new MsfsAdapter({ ...(s.msfs.host ? { host: s.msfs.host } : {}), ...(s.msfs.port ? { port: s.msfs.port } : {}), staleAfterMs, profile: ctx.profile });
    case 'flightgear':
      return new FlightgearAdapter({ ...s.flightgear, staleAfterMs, profile: ctx.profile });
  }
}

function buildFound(found: Found | { kind: 'demo'; reason: string }, ctx: AdapterContext): LinkAdapter {
  const s = ctx.sim;
  switch (found.kind) {
    case 'demo':
      return new DemoLink({ rateHz: s.demoRateHz, profile: ctx.profile, reason: found.reason });
    case 'xplane':
      return new XplaneUdpAdapter({
        host: found.xplane.host,
        port: found.xplane.port,
        rateHz: s.xplane.rateHz,
        staleAfterMs: s.staleAfterS * 1000,
        profile: ctx.profile,
        versionText: found.xplane.versionText,
      });
    case 'msfs':
      // Where the probe found SimConnect (a SimConnect.cfg's address), or node-simconnect's own discovery.
      return createAdapter('msfs', { ...ctx, sim: { ...s, msfs: found.host && found.port ? { host: found.host, port: found.port } : {} } });
    default:
      return createAdapter(found.kind, ctx);
  }
}
