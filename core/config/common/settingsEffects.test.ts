import { describe, expect, it } from 'vitest';
import { defaultConfig, settingPaths } from './configSchema.js';
import { changedSettings, effectOf, patchPaths, pendingRestart, restartLabel, restartNeededSettings, sectionsOf, settingEffects } from './settingsEffects.js';

describe('which settings apply live and which need a restart', () => {
  it('classifies every setting in the schema', () => {
    const paths = settingPaths();
    expect(paths).toContain('sim.xplane.port');
    expect(paths).toContain('overlay.bounds');
    expect(paths.filter((p) => !effectOf(p))).toEqual([]);
  });

  it('has no entry that names no setting (a renamed setting must be reclassified)', () => {
    const paths = settingPaths();
    const stale = Object.keys(settingEffects).filter((key) => !paths.some((p) => p === key || p.startsWith(`${key}.`)));
    expect(stale).toEqual([]);
  });

  it('needs a restart only for hardware acceleration and the headless server address, its network opt-in, and port', () => {
    expect(restartNeededSettings).toEqual(['app.disableHardwareAcceleration', 'host.bind', 'host.exposeToNetwork', 'host.port']);
    const restart = settingPaths().filter((p) => effectOf(p)?.applies === 'restart');
    expect(restart).toEqual(['app.disableHardwareAcceleration', 'host.bind', 'host.port', 'host.exposeToNetwork']);
    expect(restartLabel('host.port')).toBe('headless server port');
    expect(restartLabel('app.disableHardwareAcceleration')).toBe('hardware acceleration');
  });

  it('applies every simulator setting live', () => {
    for (const p of settingPaths().filter((p) => p.startsWith('sim.') || p.startsWith('aircraft.'))) {
      expect(effectOf(p)?.applies, p).toBe('live');
    }
  });

  it('takes the most specific entry', () => {
    expect(effectOf('overlay.showTextInput')?.how).toMatch(/state\.ui/);
    expect(effectOf('overlay.opacity')?.how).toMatch(/desktop shell/);
    expect(effectOf('callouts.rules.v1')?.applies).toBe('live');
    expect(effectOf('nonsense.setting')).toBeUndefined();
  });
});

describe('what changed', () => {
  it('names the leaves that differ, records key by key, and their sections', () => {
    const a = defaultConfig();
    const b = structuredClone(a);
    b.sim.xplane.port = 49001;
    b.overlay.bounds = { x: 1, y: 2, width: 300, height: 400 };
    b.callouts.rules = { v1: false };
    const changed = changedSettings(a, b);
    expect(changed).toEqual(['sim.xplane.port', 'callouts.rules.v1', 'overlay.bounds']);
    expect(sectionsOf(changed)).toEqual(['sim', 'callouts', 'overlay']);
    expect(changedSettings(a, structuredClone(a))).toEqual([]);
  });

  it('keeps asking for a restart until the setting is back at what the run started with', () => {
    const start = defaultConfig();
    const moved = structuredClone(start);
    moved.host.port = 8080;
    moved.overlay.opacity = 0.5;
    expect(pendingRestart(start, moved)).toEqual(['host.port']);
    const back = structuredClone(moved);
    back.host.port = start.host.port;
    expect(pendingRestart(start, back)).toEqual([]);
  });

  it('counts an unclassified setting as needing a restart rather than as applied', () => {
    expect(pendingRestart({ future: { knob: 1 } }, { future: { knob: 2 } })).toEqual(['future.knob']);
  });

  it('lists the leaves a patch sets', () => {
    expect(patchPaths({ sim: { kind: 'xplane', xplane: { port: 1 } }, ptt: { binding: null } })).toEqual(['sim.kind', 'sim.xplane.port', 'ptt.binding']);
  });
});
