import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRecording } from '../../../core/input/common/hidRecording.js';

/** `stratus hid` through the shipped CLI (bin/stratus.js), over the recorded Extreme 3D Pro. */
const FIXTURE = 'test/fixtures/hid/extreme3dpro-button2.ndjson';
const home = mkdtempSync(join(tmpdir(), 'stratus-hid-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
/** The CLI may compile its TypeScript through tsx first on a busy machine. */
const CLI_TIMEOUT_MS = 60_000;

function stratus(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/stratus.js', ...args], { encoding: 'utf8', env: { ...process.env, STRATUS_HOME: home }, timeout: CLI_TIMEOUT_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('stratus hid', { timeout: CLI_TIMEOUT_MS * 2 }, () => {
  it('lists, watches and re-records a recorded stick: the bound button goes down and up once', () => {
    const list = stratus('hid', 'list', '--replay', FIXTURE);
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toBe('* 1  Logitech Extreme 3D (046d:c215)  usage 1:4  /dev/hidraw0\n');
    const watch = stratus('hid', 'watch', '--replay', FIXTURE);
    expect(watch.status, watch.stderr).toBe(0);
    expect(watch.stdout).toBe('watching Logitech Extreme 3D (046d:c215): 12 button fields from its report descriptor\nbutton 2 down\nbutton 2 up\n');
    const out = join(home, 'again.ndjson');
    const rec = stratus('hid', 'record', '--replay', FIXTURE, '--device', '1', '--out', out, '--seconds', '5');
    expect(rec.status, rec.stderr).toBe(0);
    const again = parseRecording(readFileSync(out, 'utf8'));
    const original = parseRecording(readFileSync(FIXTURE, 'utf8'));
    expect(again.header.descriptor).toEqual(original.header.descriptor);
    expect(again.reports.map((r) => r.report)).toEqual(original.reports.map((r) => r.report));
  });

  it('usage errors exit 2 and name what is missing; a bad recording exits 1 with the line', () => {
    const noOut = stratus('hid', 'record', '--replay', FIXTURE, '--device', '1');
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain('hid record needs --out FILE');
    const noDevice = stratus('hid', 'watch', '--replay', FIXTURE, '--device', '7');
    expect(noDevice.status).toBe(2);
    const bad = join(home, 'bad.ndjson');
    writeFileSync(bad, 'not json\n');
    const r = stratus('hid', 'list', '--replay', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('HID recording line 1: not JSON');
  });
});
