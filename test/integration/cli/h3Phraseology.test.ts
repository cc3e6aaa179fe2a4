import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandResultSchema, engineStateSchema } from '../../../core/api/common/contract.js';

/** One `stratus cmd` run starts and stops a whole engine: seconds on a loaded 2-core machine, never a minute. */
const CLI_TIMEOUT_MS = 60_000;

const home = mkdtempSync(join(tmpdir(), 'stratus-phraseology-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function cmd(text: string): { reply: string; status: string; telemetry: ReturnType<typeof engineStateSchema.shape.telemetry.parse> } {
  const r = spawnSync(process.execPath, ['bin/stratus.js', 'cmd', '--sim', 'demo', text], {
    encoding: 'utf8',
    env: { ...process.env, STRATUS_HOME: home, STRATUS_LLM_PROVIDER: 'none' },
    timeout: CLI_TIMEOUT_MS,
  });
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  const result = commandResultSchema.parse(out);
  return { reply: result.reply.toLowerCase(), status: result.outcome.status, telemetry: engineStateSchema.shape.telemetry.parse(out.telemetry) };
}

describe('flight levels and turn directions through the shipped CLI', () => {
  it.each([
    ['flight level one two zero', 'flight level one two zero', 12000],
    ['FL one two zero', 'flight level one two zero', 12000],
    ['climb to flight level two four zero', 'flight level two four zero', 24000],
  ])('"%s" is read back "%s" and sets %i ft', (said, readback, altitudeFt) => {
    const r = cmd(said);
    expect(r.status).toBe('applied');
    expect(r.reply).toContain(readback);
    expect(r.reply).not.toContain('thousand');
    expect(r.telemetry.apAltitudeFt).toBe(altitudeFt);
  });

  it.each([
    ['turn left heading two seven zero', 'turn left heading two seven zero', 270],
    ['left turn heading zero niner zero', 'turn left heading zero nine zero', 90],
    ['turn right two seven zero', 'turn right heading two seven zero', 270],
  ])('"%s" is read back "%s" and sets the bug to %i', (said, readback, headingDeg) => {
    const r = cmd(said);
    expect(r.status).toBe('applied');
    expect(r.reply).toContain(readback);
    expect(r.telemetry.apHeadingDegMag).toBe(headingDeg);
  });
});
