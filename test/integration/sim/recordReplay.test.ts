import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../core/config/common/configSchema.js';
import { parseRecordingText } from '../../../core/sim/common/recording.js';
import { runRecordCli } from '../../../core/api/node/commands/recordCli.js';
import { ReplayAdapter } from '../../../core/sim/node/replayAdapter.js';
import { createSimLink } from '../../../core/sim/node/simLink.js';
import { XplanePeer } from '../../peers/xplanePeer.js';
import { untilState } from './until.js';

const fixture = fileURLToPath(new URL('../../fixtures/flightgear/takeoff.csv', import.meta.url));
const disposers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()!();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stratus-rec-'));
  disposers.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('replay', () => {
  it('plays the FlightGear takeoff recording faster than real time, in order, then stops', async () => {
    const adapter = new ReplayAdapter({ file: fixture, speed: 100 });
    disposers.push(() => adapter.dispose());
    const times: number[] = [];
    adapter.onState((s) => times.push(s.simTimeS));
    const ended = new Promise<void>((resolve) => adapter.onConnection((c) => c.phase === 'stopped' && resolve()));
    const t0 = performance.now();
    await adapter.start();
    await ended;
    const wallMs = performance.now() - t0;
    expect(times.length).toBeGreaterThan(2000);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const spanS = times[times.length - 1]! - times[0]!;
    expect(wallMs).toBeLessThan((spanS * 1000) / 20); // 100x requested; allow a loaded machine
    expect(wallMs).toBeGreaterThan((spanS * 1000) / 400);
    expect(adapter.connection().reason).toBe('end of the recording');
    expect((await adapter.write({ type: 'gear', down: true })).status).toBe('refused');
  });

  it('runs through the sim link (kind replay) in the worker', async () => {
    const link = createSimLink({ sim: configSchema.parse({ sim: { kind: 'replay', replay: { file: fixture, speed: 50 } } }).sim });
    disposers.push(() => link.dispose());
    await link.start();
    const s = await untilState(link, (st) => st.iasKt > 50);
    expect(s.iasKt).toBeGreaterThan(50);
    expect(link.kind).toBe('replay');
  });

  it('reports a missing file as a stopped status, not a crash', async () => {
    const adapter = new ReplayAdapter({ file: '/nonexistent/flight.ndjson', speed: 1 });
    disposers.push(() => adapter.dispose());
    await adapter.start();
    expect(adapter.connection()).toMatchObject({ phase: 'stopped' });
    expect(adapter.connection().reason).toMatch(/cannot read the recording/);
  });
});

describe('stratus record', () => {
  it('records the X-Plane peer to NDJSON that replays, with raw packets', async () => {
    const peer = new XplanePeer();
    const port = await peer.start();
    disposers.push(() => peer.dispose());
    const dir = await tempDir();
    const cfg = path.join(dir, 'config.json');
    await writeFile(cfg, JSON.stringify({ sim: { xplane: { port, rateHz: 20 } } }));
    const out = path.join(dir, 'flight.ndjson');
    const lines: string[] = [];
    const errs: string[] = [];
    const code = await runRecordCli(['--out', out, '--sim', 'xplane', '--seconds', '2', '--raw', '--config', cfg], { out: (l) => lines.push(l), err: (l) => errs.push(l) });
    expect(code).toBe(0);
    const summary = JSON.parse(lines[0]!) as { states: number; received: number; dropped: number };
    expect(summary.states).toBeGreaterThan(10);
    expect(summary.dropped).toBe(0);
    const rec = parseRecordingText(await readFile(out, 'utf8'));
    expect(rec.format).toBe('ndjson');
    expect(rec.dropped).toBe(0);
    expect(rec.states.length).toBe(summary.states);
    expect(rec.states.some((s) => s.radios.com1ActiveKhz === 118300)).toBe(true);
    const raw = (await readFile(path.join(dir, 'flight.raw.ndjson'), 'utf8')).trim().split('\n');
    expect(raw.length).toBeGreaterThanOrEqual(summary.states);
    const first = JSON.parse(raw[0]!) as { atMs: number; b64: string };
    expect(Buffer.from(first.b64, 'base64').toString('latin1', 0, 4)).toMatch(/^(RREF|RPOS)$/);
  });

  it('answers usage errors with exit code 2', async () => {
    const errs: string[] = [];
    expect(await runRecordCli(['--sim', 'xplane'], { out: () => undefined, err: (l) => errs.push(l) })).toBe(2);
    expect(errs[0]).toMatch(/--out/);
  });
});
