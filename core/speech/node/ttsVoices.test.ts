import { describe, expect, it } from 'vitest';
import type { InstalledVoices } from '../common/ttsVoices.js';
import { VoiceCatalog, voiceStartWarning, voiceUpdateProblem } from './ttsVoices.js';

const espeak: InstalledVoices = { engine: 'espeak-ng', voices: ['en-us', 'en-gb'], variants: ['m3', 'f2'] };
const noPiper: InstalledVoices = { engine: 'piper', voices: [], variants: [] };

function catalog(list: InstalledVoices = espeak): { catalog: VoiceCatalog; calls: () => number; clock: { ms: number } } {
  let calls = 0;
  const clock = { ms: 0 };
  const c = new VoiceCatalog(
    async () => {
      calls += 1;
      return { ...list, voices: [...list.voices] }; // a snapshot, as a fresh listing is
    },
    async () => noPiper,
    () => clock.ms,
  );
  return { catalog: c, calls: () => calls, clock };
}

describe('VoiceCatalog', () => {
  it('lists the system voices once for many checks', async () => {
    const { catalog: c, calls } = catalog();
    for (let i = 0; i < 20; i++) await c.check({ engine: 'system', voice: 'en-us+m3' }, '/models');
    await Promise.all([c.systemVoices(), c.systemVoices()]);
    expect(calls()).toBe(1);
  });

  it('a voice not in the list lists again, at most once per interval (one installed meanwhile is found)', async () => {
    const list: InstalledVoices = { ...espeak, voices: [...espeak.voices] };
    const { catalog: c, calls, clock } = catalog(list);
    expect((await c.check({ engine: 'system', voice: 'de' }, '/m')).ok).toBe(false);
    expect((await c.check({ engine: 'system', voice: 'de' }, '/m')).ok).toBe(false);
    expect(calls()).toBe(1);
    list.voices.push('de');
    clock.ms += 60_000;
    expect((await c.check({ engine: 'system', voice: 'de' }, '/m')).ok).toBe(true);
    expect(calls()).toBe(2);
  });
});

describe('settings updates and start-up', () => {
  const current = { engine: 'system' as const, voice: 'en-us+m3' };

  it('refuses an update naming a voice that is not installed, with the reason', async () => {
    const { catalog: c } = catalog();
    expect(await voiceUpdateProblem({ speech: { tts: { voice: '../../../../../../etc/passwd' } } }, current, '/m', c)).toMatch(/speech\.tts\.voice.*not a voice name.*en-us/);
    expect(await voiceUpdateProblem({ speech: { tts: { voice: 'en-gb+f2' } } }, current, '/m', c)).toBeUndefined();
  });

  it('does not check an update that leaves voice and engine as they are, or touches neither', async () => {
    const { catalog: c, calls } = catalog();
    expect(await voiceUpdateProblem({ speech: { tts: { voice: 'en-us+m3', rateWpm: 200 } } }, current, '/m', c)).toBeUndefined();
    expect(await voiceUpdateProblem({ overlay: { opacity: 0.5 } }, current, '/m', c)).toBeUndefined();
    expect(await voiceUpdateProblem({ speech: { tts: { voice: 42 } } }, current, '/m', c)).toBeUndefined(); // the schema refuses it
    expect(calls()).toBe(0);
  });

  it('checks the voice again when the engine changes to Piper', async () => {
    const { catalog: c } = catalog();
    expect(await voiceUpdateProblem({ speech: { tts: { engine: 'piper', voice: 'en_US-lessac-medium' } } }, current, '/m', c)).toMatch(/not an installed piper or espeak-ng voice/);
    expect(await voiceUpdateProblem({ speech: { tts: { engine: 'piper' } } }, current, '/m', c)).toBeUndefined(); // falls back to the system voice
  });

  it('warns at start when the saved voice is not installed', async () => {
    const { catalog: c } = catalog();
    expect(await voiceStartWarning(current, '/m', c)).toBeUndefined();
    const w = await voiceStartWarning({ engine: 'system', voice: 'xx' }, '/m', c);
    expect(w).toMatchObject({ id: 'tts-voice', level: 'warning' });
    expect(w?.message).toMatch(/"xx" is not installed: speaking with the default voice \(en-us\+m3\)/);
  });
});
