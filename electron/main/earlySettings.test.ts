import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyEarlySettings } from './earlySettings.js';
import { createFakeElectron } from './testing/fakeElectron.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function configFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-early-'));
  dirs.push(dir);
  const path = join(dir, 'config.json');
  writeFileSync(path, content);
  return path;
}

describe('hardware acceleration setting', () => {
  it('is disabled before the app is ready when set', async () => {
    const fake = createFakeElectron();
    const logs: string[] = [];
    applyEarlySettings(fake.app, configFile(JSON.stringify({ app: { disableHardwareAcceleration: true } })), (l) => logs.push(l));
    await fake.app.whenReady();
    expect(fake.app.hardwareAcceleration).toBe('disabled-before-ready');
    expect(logs.join('\n')).toContain('hardware acceleration is off');
  });

  it('stays on when unset, and a missing or broken settings file does not stop the start', () => {
    for (const path of [configFile('{}'), configFile('{ not json'), join(tmpdir(), 'stratus-no-such-dir', 'config.json')]) {
      const fake = createFakeElectron();
      expect(applyEarlySettings(fake.app, path, () => {})).toEqual({ disableHardwareAcceleration: false });
      expect(fake.app.hardwareAcceleration).toBe('on');
    }
  });
});
