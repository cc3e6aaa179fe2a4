import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandResultSchema, engineStateSchema } from '../../../core/api/common/contract.js';

const home = mkdtempSync(join(tmpdir(), 'stratus-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function stratus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/stratus.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, STRATUS_HOME: home },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stratus CLI', () => {
  it('cmd flies the demo aircraft and prints the confirmed result with the sim state', () => {
    const r = stratus('cmd', 'heading two seven zero');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const result = commandResultSchema.parse(out);
    expect(result.intent).toBe('set ap.heading 270');
    expect(result.outcome.status).toBe('applied');
    expect(result.reply.toLowerCase()).toContain('heading two seven zero');
    const telemetry = engineStateSchema.shape.telemetry.parse(out.telemetry);
    expect(telemetry.apHeadingDegMag).toBe(270);
  });

  it('cmd says clearly when it did not understand, and exits 1', () => {
    const r = stratus('cmd', 'bake me a cake');
    expect(r.status).toBe(1);
    const result = commandResultSchema.parse(JSON.parse(r.stdout));
    expect(result.reply).toMatch(/language model|understand/i);
  });

  it('prints help and version, and exits 2 on usage errors', () => {
    const help = stratus('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('headless [--sim KIND]');
    const version = stratus('--version');
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(stratus('fly-me-to-the-moon').status).toBe(2);
    expect(stratus('cmd').stderr).toMatch(/needs the command text/);
    expect(stratus('cmd', '--sim', 'concorde', 'gear down').stderr).toMatch(/--sim must be one of/);
    expect(stratus('headless', '--port', 'abc').status).toBe(2);
  });
});
