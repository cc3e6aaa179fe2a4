import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engineStateSchema } from '../../../core/api/common/contract.js';
import { startInProcess, type InProcessHost } from './hostHelpers.js';
import { CLI_TEST_TIMEOUT_MS, removeHome, startCli, tempHome, type CliHost } from './cliHost.js';

let inProc: InProcessHost;
beforeAll(async () => {
  inProc = await startInProcess();
});
afterAll(async () => {
  await inProc.dispose();
});

async function patch(body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${inProc.server.url}/api/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${inProc.server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('issue 14 point 9: host.bind is an address, and exposing the host is an explicit choice', () => {
  it('refuses a bind that is not an address, naming the setting', async () => {
    for (const bind of ['not an address', 'http://0.0.0.0', '127.0.0.1:80', '']) {
      const r = await patch({ host: { bind } });
      expect(r.status, `${bind}: ${r.text}`).toBe(400);
      expect(r.text).toMatch(/host\.bind/);
    }
  });

  it('refuses a network-reachable bind without the opt-in, saying what it exposes', async () => {
    for (const bind of ['0.0.0.0', '::', '192.168.1.20']) {
      const r = await patch({ host: { bind } });
      expect(r.status, r.text).toBe(400);
      expect(r.text).toMatch(/expose Stratus to the network/);
      expect(r.text).toMatch(/exposeToNetwork/);
    }
    expect(inProc.engine.settings().host.bind).toBe('127.0.0.1');
  });

  it('accepts loopback binds, and a LAN bind with host.exposeToNetwork in the same or an earlier update', async () => {
    expect((await patch({ host: { bind: 'localhost' } })).status).toBe(200);
    expect((await patch({ host: { bind: '::1' } })).status).toBe(200);
    const same = await patch({ host: { bind: '0.0.0.0', exposeToNetwork: true } });
    expect(same.status, same.text).toBe(200);
    expect(JSON.parse(same.text)).toMatchObject({ host: { bind: '0.0.0.0', exposeToNetwork: true } });
    expect((await patch({ host: { bind: '192.168.1.20' } })).status).toBe(200);
    // Withdrawing the opt-in while exposed is refused too (the saved bind would expose without it).
    expect((await patch({ host: { exposeToNetwork: false } })).status).toBe(400);
    expect((await patch({ host: { bind: '127.0.0.1', exposeToNetwork: false } })).status).toBe(200);
  });
});

describe('issue 14 point 9: a saved bind that is not an address does not stop the next start', () => {
  let host: CliHost | undefined;
  let home: string | undefined;
  afterEach(async () => {
    await host?.stop();
    if (home) removeHome(home);
  });

  it('starts on 127.0.0.1 with a warning naming host.bind, keeping the other settings', async () => {
    home = tempHome();
    writeFileSync(join(home, 'config.json'), JSON.stringify({ host: { bind: 'not an address' }, overlay: { opacity: 0.5 } }));
    host = await startCli({ home });
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const state = engineStateSchema.parse((await host.api('/api/state')).body);
    expect(state.warnings.map((w) => w.message).join('\n')).toMatch(/host\.bind/);
    expect(((await host.api('/api/settings')).body as { overlay: { opacity: number } }).overlay.opacity).toBe(0.5);
  }, CLI_TEST_TIMEOUT_MS);
});
