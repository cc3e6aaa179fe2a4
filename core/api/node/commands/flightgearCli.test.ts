import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assetsDir } from '../../../config/node/paths.js';
import { fgRootCandidates, runFlightgearCli } from './flightgearCli.js';

const dirs: string[] = [];
afterEach(async () => {
  while (dirs.length) await rm(dirs.pop()!, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runFlightgearCli(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function setup(): Promise<{ root: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'stratus-fg-'));
  dirs.push(dir);
  const config = join(dir, 'config.json');
  await writeFile(config, JSON.stringify({ sim: { flightgear: { outPort: 6505, inPort: 6506, telnetPort: 6401 } } }));
  return { root: join(dir, 'fgdata'), config };
}

describe('stratus flightgear', () => {
  it('prints the fgfs options for the configured ports and says the protocol is missing', async () => {
    const { root, config } = await setup();
    const r = await run(['--fg-root', root, '--config', config]);
    expect(r.out).toContain('--generic=socket,out,20,127.0.0.1,6505,udp,stratus --generic=socket,in,20,127.0.0.1,6506,udp,stratus --telnet=socket,bi,60,127.0.0.1,6401,tcp');
    expect(r.out).toContain(`${join(root, 'Protocol', 'stratus.xml')} is not installed`);
    expect(r.code).toBe(1);
  });

  it('installs the protocol, then finds it current; an older copy is replaced', async () => {
    const { root, config } = await setup();
    expect((await run(['--install', '--fg-root', root, '--config', config])).code).toBe(0);
    const installed = join(root, 'Protocol', 'stratus.xml');
    expect(await readFile(installed, 'utf8')).toBe(await readFile(join(assetsDir(), 'protocols', 'stratus.xml'), 'utf8'));
    const again = await run(['--fg-root', root, '--config', config]);
    expect(again.code).toBe(0);
    expect(again.out).toContain('is installed and current');
    await writeFile(installed, '<PropertyList/>');
    expect((await run(['--fg-root', root, '--config', config])).out).toContain('is an older version');
    expect((await run(['--install', '--fg-root', root, '--config', config])).code).toBe(0);
    expect(await readFile(installed, 'utf8')).not.toBe('<PropertyList/>');
  });

  it('reports a copy that fails with the reason, and bad arguments as usage errors', async () => {
    const { root, config } = await setup();
    await writeFile(root, 'a file where the data folder should be');
    const r = await run(['--install', '--fg-root', root, '--config', config]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/could not copy the protocol to .*stratus\.xml/);
    expect((await run(['extra'])).code).toBe(2);
  });

  it('knows where FlightGear keeps its data on each platform, FG_ROOT first', () => {
    expect(fgRootCandidates('linux', { FG_ROOT: '/opt/fg' })[0]).toBe('/opt/fg');
    expect(fgRootCandidates('linux', {})).toContain('/usr/share/games/flightgear');
    expect(fgRootCandidates('win32', { ProgramFiles: 'D:\\Apps' })).toContain('D:\\Apps\\FlightGear 2020.3\\data');
    expect(fgRootCandidates('darwin', {})).toEqual(['/Applications/FlightGear.app/Contents/Resources/data']);
  });
});
