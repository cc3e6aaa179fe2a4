import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReplayCli } from '../../../core/api/node/commands/replayCli.js';
import { loadRecording, recordingPath } from './recordings.js';

function capture(): { io: { out: (l: string) => void; err: (l: string) => void }; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l) => out.push(l), err: (l) => err.push(l) }, out, err };
}

describe('stratus replay', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stratus-replay-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints phase changes and callouts with sim time for the FlightGear takeoff', async () => {
    const c = capture();
    expect(await runReplayCli([recordingPath('takeoff')], c.io)).toBe(0);
    expect(c.out[0]).toBe('t=47.0 phase parked');
    const lines = c.out.filter((l) => / callout (airspeed-alive|rotate|positive-rate)$/.test(l));
    expect(lines).toEqual(['t=131.2 callout airspeed-alive', 't=136.0 callout rotate', 't=137.2 callout positive-rate']);
    expect(c.out.every((l) => /^t=\d+\.\d (phase [a-z-]+|callout [a-z0-9-]+)$/.test(l))).toBe(true);
    expect(c.err.join('\n')).toMatch(/replayed 2103 frames .*profile c172, 0 malformed/);
  });

  it('replays a Stratus NDJSON recording and counts bad lines', async () => {
    const states = loadRecording('descent_approach');
    const file = join(dir, 'descent.ndjson');
    await writeFile(file, [...states.map((s) => JSON.stringify(s)), '{"not":"a state"}', 'garbage'].join('\n'));
    const c = capture();
    expect(await runReplayCli([file, '--speed', '0'], c.io)).toBe(0);
    expect(c.out.filter((l) => l.includes('callout')).map((l) => l.split(' ')[2])).toEqual(['five-hundred-above', 'one-hundred-above', 'minimums']);
    expect(c.err.join('\n')).toMatch(/ndjson, profile c172, 2 malformed lines dropped/);
  });

  it('paces frames by sim time when --speed is given', async () => {
    const states = loadRecording('takeoff').slice(0, 11); // 1 s of sim time
    const file = join(dir, 'short.ndjson');
    await writeFile(file, states.map((s) => JSON.stringify(s)).join('\n'));
    const c = capture();
    const t0 = performance.now();
    expect(await runReplayCli([file, '--speed', '4'], c.io)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240); // 1 s at 4x, less timer slack
  });

  it('answers usage errors with 2 and unreadable or empty recordings with 1', async () => {
    const c = capture();
    expect(await runReplayCli([], c.io)).toBe(2);
    expect(await runReplayCli(['a.csv', '--speed', 'fast'], c.io)).toBe(2);
    expect(await runReplayCli(['a.csv', '--warp'], c.io)).toBe(2);
    expect(await runReplayCli([recordingPath('takeoff'), '--profile', 'concorde'], c.io)).toBe(2);
    expect(await runReplayCli([join(dir, 'missing.csv')], c.io)).toBe(1);
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, 'garbage\n1,2,3\n');
    expect(await runReplayCli([empty], c.io)).toBe(1);
    expect(c.err.join('\n')).toMatch(/--speed must be a number/);
    expect(c.err.join('\n')).toMatch(/unknown profile "concorde"/);
  });
});
