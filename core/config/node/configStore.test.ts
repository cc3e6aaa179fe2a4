import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, envPatch } from '../common/configSchema.js';
import { LLM_API_KEY_SECRET } from '../common/secrets.js';
import { ConfigError, ConfigSaveError, ConfigStore, userConfigDir } from './configStore.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stratus-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ConfigStore', () => {
  it('uses defaults when there is no file, and does not create one until a change', async () => {
    const store = new ConfigStore(join(dir, 'config.json'), {});
    const { config, warnings } = await store.load();
    expect(config).toEqual(defaultConfig());
    expect(config.host.bind).toBe('127.0.0.1');
    expect(warnings).toEqual([]);
    expect(existsSync(join(dir, 'config.json'))).toBe(false);
  });

  it('resets only an invalid setting, keeps the rest, keeps the original aside and warns naming it', async () => {
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ sim: { kind: 'concorde', demoRateHz: 30 }, ptt: { mode: 'toggle' } }));
    const store = new ConfigStore(path, {}, () => new Date('2026-11-29T10:00:00Z'));
    const { config, warnings } = await store.load();
    expect(config.sim.kind).toBe('auto');
    expect(config.sim.demoRateHz).toBe(30);
    expect(config.ptt.mode).toBe('toggle');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/sim\.kind/);
    const aside = readdirSync(dir).find((f) => f.startsWith('config.json.bad-'));
    expect(aside).toBe('config.json.bad-2026-11-29T10-00-00-000Z');
    expect(readFileSync(join(dir, aside!), 'utf8')).toContain('concorde');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ sim: { demoRateHz: 30 }, ptt: { mode: 'toggle' } });
  });

  it('does not apply an update it cannot save, and says why', async () => {
    const path = join(dir, 'config.json');
    const readOnly = Object.assign(new Error(`EROFS: read-only file system, open '${path}.tmp-1-a'`), { code: 'EROFS' });
    const store = new ConfigStore(path, {}, undefined, { write: () => Promise.reject(readOnly) });
    await store.load();
    await expect(store.update({ ptt: { mode: 'toggle' } })).rejects.toThrow(ConfigSaveError);
    await expect(store.update({ ptt: { mode: 'toggle' } })).rejects.toThrow(`could not save settings: ${dir} is read-only`);
    expect(store.config.ptt.mode).toBe('hold');
  });

  it('keeps the API key out of the file: in the secret store, shown only as set', async () => {
    const path = join(dir, 'config.json');
    const kept = new Map<string, string>();
    const secrets = { where: 'test vault', get: async (n: string) => kept.get(n), set: async (n: string, v: string | undefined) => void (v === undefined ? kept.delete(n) : kept.set(n, v)) };
    const store = new ConfigStore(path, {}, undefined, { secrets });
    await store.load();
    const next = await store.update({ llm: { apiKey: 'sk-abcdef123456', model: 'm2' } });
    expect(next.llm).toMatchObject({ apiKeySet: true, model: 'm2' });
    expect(readFileSync(path, 'utf8')).not.toMatch(/sk-abcdef|apiKey/);
    expect(kept.get(LLM_API_KEY_SECRET)).toBe('sk-abcdef123456');
    await expect(store.update({ llm: { apiKey: 'has space' } })).rejects.toThrow(/llm\.apiKey/);
    expect((await store.update({ llm: { apiKey: '' } })).llm.apiKeySet).toBe(false);
    expect(kept.size).toBe(0);
  });

  it('moves a file that is not JSON aside', async () => {
    const path = join(dir, 'config.json');
    writeFileSync(path, '{ this is not json');
    const { warnings } = await new ConfigStore(path, {}).load();
    expect(warnings[0]!.message).toMatch(/not valid JSON/);
    expect(readdirSync(dir).some((f) => f.startsWith('config.json.bad-'))).toBe(true);
  });

  it('layers STRATUS_* variables over the file', async () => {
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ sim: { kind: 'xplane', xplane: { port: 49001 } } }));
    const store = new ConfigStore(path, { STRATUS_SIM_KIND: 'demo', STRATUS_LLM_MODEL: 'qwen2.5:7b', STRATUS_SIM_DEMORATEHZ: '30' });
    const { config, warnings } = await store.load();
    expect(config.sim.kind).toBe('demo');
    expect(config.sim.xplane.port).toBe(49001);
    expect(config.sim.demoRateHz).toBe(30);
    expect(config.llm.model).toBe('qwen2.5:7b');
    expect(warnings).toEqual([]);
  });

  it('warns about unknown and invalid STRATUS_* variables without failing', async () => {
    const store = new ConfigStore(join(dir, 'c.json'), { STRATUS_NOPE: '1', STRATUS_SIM_KIND: 'concorde' });
    const { config, warnings } = await store.load();
    expect(config.sim.kind).toBe('auto');
    expect(warnings.map((w) => w.id).sort()).toEqual(['env-invalid', 'env-unknown-STRATUS_NOPE']);
  });

  it('saves a valid update atomically and refuses an invalid one, changing nothing', async () => {
    const path = join(dir, 'sub', 'config.json');
    const store = new ConfigStore(path, {});
    await store.load();
    const next = await store.update({ ptt: { mode: 'toggle' } });
    expect(next.ptt.mode).toBe('toggle');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ ptt: { mode: 'toggle' } });
    await expect(store.update({ ptt: { mode: 'telepathy' } })).rejects.toThrow(ConfigError);
    await expect(store.update({ nonsense: 1 })).rejects.toThrow(/nonsense|Unrecognized/);
    expect(store.config.ptt.mode).toBe('toggle');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['config.json']); // no temp files left
    const reloaded = new ConfigStore(path, {});
    expect((await reloaded.load()).config.ptt.mode).toBe('toggle');
  });

  it('keeps environment overrides in effect after an update but out of the file', async () => {
    const path = join(dir, 'config.json');
    const store = new ConfigStore(path, { STRATUS_SIM_KIND: 'demo' });
    await store.load();
    const next = await store.update({ sim: { kind: 'xplane' } });
    expect(next.sim.kind).toBe('demo');
    expect((JSON.parse(readFileSync(path, 'utf8')) as { sim: { kind: string } }).sim.kind).toBe('xplane');
  });

  it('resets to defaults', async () => {
    const path = join(dir, 'config.json');
    const store = new ConfigStore(path, {});
    await store.load();
    await store.update({ overlay: { opacity: 0.5 } });
    const reset = await store.reset();
    expect(reset.overlay.opacity).toBe(defaultConfig().overlay.opacity);
  });
});

describe('config locations and environment', () => {
  it('picks the platform config folder', () => {
    expect(userConfigDir({ APPDATA: 'C:\\Users\\p\\AppData\\Roaming' }, 'win32')).toMatch(/Stratus$/);
    expect(userConfigDir({ XDG_CONFIG_HOME: '/x' }, 'linux')).toBe('/x/stratus');
    expect(userConfigDir({ STRATUS_HOME: '/h' }, 'linux')).toBe('/h');
  });

  it('maps variables onto camelCase keys', () => {
    expect(envPatch({ STRATUS_OVERLAY_SHOWTEXTINPUT: 'false', STRATUS_SIM_XPLANE_PORT: '49010' }).patch).toEqual({
      overlay: { showTextInput: false },
      sim: { xplane: { port: 49010 } },
    });
  });
});
