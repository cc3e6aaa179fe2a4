import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { probeLocalSimConnect, readSimConnectCfg } from './simProbes.js';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});

async function cfgDir(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stratus-simconnect-'));
  dirs.push(dir);
  await writeFile(join(dir, 'SimConnect.cfg'), text);
  return dir;
}

describe('SimConnect.cfg', () => {
  it('reads the IPv4 entry of the plain and the numbered section, with comments and CRLF', async () => {
    const plain = await cfgDir('[SimConnect]\r\nProtocol=IPv4\r\nAddress=192.168.1.20\r\nPort=500\r\n');
    expect(await readSimConnectCfg(join(plain, 'SimConnect.cfg'))).toEqual({ host: '192.168.1.20', port: 500 });
    const numbered = await cfgDir('; written by hand\n[SimConnect.0]\nprotocol = ipv4 ; lower case works too\naddress = 127.0.0.1\nport = 4500\n[SimConnect.1]\nProtocol=IPv4\nAddress=10.0.0.2\nPort=501\n');
    expect(await readSimConnectCfg(join(numbered, 'SimConnect.cfg'))).toEqual({ host: '127.0.0.1', port: 4500 });
  });

  it('ignores what node-simconnect could not use: pipes, IPv6, missing or bad ports, other sections, no file', async () => {
    for (const text of [
      '[SimConnect]\nProtocol=Pipe\nAddress=.\nPort=Custom/SimConnect\n',
      '[SimConnect]\nProtocol=IPv6\nAddress=::1\nPort=500\n',
      '[SimConnect]\nProtocol=IPv4\nAddress=127.0.0.1\n',
      '[SimConnect]\nProtocol=IPv4\nAddress=127.0.0.1\nPort=70000\n',
      '[Other]\nProtocol=IPv4\nAddress=127.0.0.1\nPort=500\n',
      '\u0000\u0001 not an ini file',
    ]) {
      const dir = await cfgDir(text);
      expect(await readSimConnectCfg(join(dir, 'SimConnect.cfg')), text).toBeUndefined();
    }
    expect(await readSimConnectCfg(join(tmpdir(), 'no-such-dir', 'SimConnect.cfg'))).toBeUndefined();
  });
});

describe('MSFS on this PC', () => {
  it('answers with the cfg address when something listens there, and nothing when not', async () => {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const dir = await cfgDir(`[SimConnect]\nProtocol=IPv4\nAddress=127.0.0.1\nPort=${port}\n`);
      expect(await probeLocalSimConnect(500, [dir], 'linux')).toEqual({ kind: 'ipv4', host: '127.0.0.1', port, from: join(dir, 'SimConnect.cfg') });
    } finally {
      await new Promise((r) => server.close(r));
    }
    const closed = await cfgDir(`[SimConnect]\nProtocol=IPv4\nAddress=127.0.0.1\nPort=${port}\n`);
    expect(await probeLocalSimConnect(500, [closed], 'linux')).toBeUndefined();
  });

  it('without a cfg looks for the named pipe only on Windows', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'stratus-simconnect-'));
    dirs.push(empty);
    expect(await probeLocalSimConnect(500, [empty], 'linux')).toBeUndefined();
    // Here the pipe path does not exist, so Windows' answer is "not running" too, not an error.
    expect(await probeLocalSimConnect(500, [empty], 'win32')).toBeUndefined();
  });
});
