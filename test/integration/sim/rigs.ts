import { afterEach } from 'vitest';
import { MsfsAdapter } from '../../../core/sim/node/msfsAdapter.js';
import { XplaneUdpAdapter } from '../../../core/sim/node/xplaneUdpAdapter.js';
import { XplaneWebAdapter } from '../../../core/sim/node/xplaneWebAdapter.js';
import { SimconnectPeer } from '../../peers/simconnectPeer.js';
import { XplanePeer, type XplanePeerOptions } from '../../peers/xplanePeer.js';
import { XplaneWebPeer } from '../../peers/xplaneWebPeer.js';

/**
 * A sim adapter wired to its test peer on 127.0.0.1, both disposed after each test (last
 * started, first disposed). Call `simRigs()` once at the top of a test file.
 */
export interface SimRigs {
  /** Runs after the test, before the rigs' own peers and adapters are disposed. */
  disposeLater(d: () => Promise<void>): void;
  xplaneUdp(o?: { rateHz?: number; staleAfterMs?: number; peer?: XplanePeerOptions }): Promise<{ peer: XplanePeer; adapter: XplaneUdpAdapter }>;
  xplaneWeb(o?: { staleAfterMs?: number; configure?: (web: XplaneWebPeer) => void; beforeStart?: (adapter: XplaneWebAdapter) => void }): Promise<{ peer: XplanePeer; web: XplaneWebPeer; adapter: XplaneWebAdapter }>;
  msfs(o?: { staleAfterMs?: number }): Promise<{ peer: SimconnectPeer; adapter: MsfsAdapter }>;
}

export function simRigs(): SimRigs {
  const disposers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (disposers.length) await disposers.pop()!();
  });
  const later = (d: () => Promise<void>): void => void disposers.push(d);
  return {
    disposeLater: later,
    async xplaneUdp(o = {}) {
      const peer = new XplanePeer(o.peer);
      const port = await peer.start();
      later(() => peer.dispose());
      const adapter = new XplaneUdpAdapter({ host: '127.0.0.1', port, rateHz: o.rateHz ?? 30, staleAfterMs: o.staleAfterMs ?? 2000 });
      later(() => adapter.dispose());
      await adapter.start();
      return { peer, adapter };
    },
    async xplaneWeb(o = {}) {
      const peer = new XplanePeer();
      await peer.start();
      later(() => peer.dispose());
      const web = new XplaneWebPeer(peer);
      o.configure?.(web);
      const port = await web.start();
      later(() => web.dispose());
      const adapter = new XplaneWebAdapter({ host: '127.0.0.1', port, staleAfterMs: o.staleAfterMs ?? 500 });
      later(() => adapter.dispose());
      o.beforeStart?.(adapter);
      await adapter.start();
      return { peer, web, adapter };
    },
    async msfs(o = {}) {
      const peer = new SimconnectPeer();
      const port = await peer.start();
      later(() => peer.dispose());
      const adapter = new MsfsAdapter({ host: '127.0.0.1', port, staleAfterMs: o.staleAfterMs ?? 500 });
      later(() => adapter.dispose());
      await adapter.start();
      return { peer, adapter };
    },
  };
}
