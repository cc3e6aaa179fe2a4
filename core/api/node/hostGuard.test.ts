import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { HostGuard } from './hostGuard.js';

const PORT = 8123;
const lan = (): NodeJS.Dict<NetworkInterfaceInfo[]> => ({
  lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true } as NetworkInterfaceInfo],
  eth0: [
    { address: '192.168.1.5', family: 'IPv4', internal: false } as NetworkInterfaceInfo,
    { address: 'fe80::1%eth0', family: 'IPv6', internal: false, scopeid: 2 } as NetworkInterfaceInfo,
  ],
});

describe('HostGuard', () => {
  it('on loopback: loopback names and the bound address with the port, nothing else', () => {
    const g = new HostGuard({ bind: ['127.0.0.1'], port: PORT, interfaces: lan });
    for (const h of [`127.0.0.1:${PORT}`, `localhost:${PORT}`, `[::1]:${PORT}`]) expect(g.acceptsHost(h), h).toBe(true);
    for (const h of [`192.168.1.5:${PORT}`, `evil.example:${PORT}`, `localhost:${PORT + 1}`, 'localhost', `127.0.0.1:${PORT}:1`, `[::1`, `0x7f.1:${PORT}`]) expect(g.acceptsHost(h), h).toBe(false);
  });

  it('on a wildcard bind: also this machine\'s interface addresses, never other DNS names', () => {
    const g = new HostGuard({ bind: ['0.0.0.0', '0.0.0.0'], port: PORT, interfaces: lan });
    for (const h of [`192.168.1.5:${PORT}`, `[fe80::1]:${PORT}`, `localhost:${PORT}`]) expect(g.acceptsHost(h), h).toBe(true);
    for (const h of [`192.168.1.6:${PORT}`, `mypc.local:${PORT}`, `evil.example:${PORT}`, `0.0.0.0:${PORT}`]) expect(g.acceptsHost(h), h).toBe(false);
  });

  it('a specific address: that one too; port 80 may be left out', () => {
    expect(new HostGuard({ bind: ['192.168.1.5'], port: PORT }).acceptsHost(`192.168.1.5:${PORT}`)).toBe(true);
    expect(new HostGuard({ bind: ['127.0.0.1'], port: 80 }).acceptsHost('localhost')).toBe(true);
  });

  it('checks Origin only when present, and only this host\'s own', () => {
    const g = new HostGuard({ bind: ['127.0.0.1'], port: PORT });
    const host = `127.0.0.1:${PORT}`;
    expect(g.check({ host })).toEqual({ ok: true });
    expect(g.check({ host, origin: `http://localhost:${PORT}` })).toEqual({ ok: true });
    for (const origin of ['null', 'http://evil.example', `https://127.0.0.1:${PORT}`, `http://127.0.0.1:${PORT}/x`, `http://user@127.0.0.1:${PORT}`, `http://127.1:${PORT}`, 'x'.repeat(5000)]) {
      const v = g.check({ host, origin });
      expect(v.ok, origin.slice(0, 40)).toBe(false);
      if (!v.ok) {
        expect(v.status).toBe(403);
        expect(v.reason.length).toBeLessThan(300);
      }
    }
    expect(g.check({})).toMatchObject({ ok: false, status: 421 });
    expect(g.check({ host: 'evil.example' })).toMatchObject({ ok: false, status: 421 });
  });
});
