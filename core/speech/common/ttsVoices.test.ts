import { describe, expect, it } from 'vitest';
import { configSchema, defaultConfig } from '../../config/common/configSchema.js';
import { checkVoice, DEFAULT_VOICE, hasVoice, suggestVoices, MAX_VOICE_CHARS, parseEspeakVoices, parseSayVoices, parseVoiceLines, voiceShapeProblem, type InstalledVoices } from './ttsVoices.js';

/** Lines as espeak-ng 1.51 prints them (`--voices`, `--voices=variant`). */
const ESPEAK_VOICES = `Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  af              --/M      Afrikaans          gmw/af
 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 5  en-gb-x-gbclan  --/M      English_(Lancaster) gmw/en-GB-x-gbclan   (en-gb 3)(en 5)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  de              --/M      German             gmw/de
`;
const ESPEAK_VARIANTS = `Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  variant         --/M      Alex               !v/Alex
 5  variant         --/F      female2            !v/f2
 5  variant         --/M      male3              !v/m3
`;
const SAY_VOICES = `Alex                en_US    # Most people recognize me by my voice.
Bad News            en_US    # The light you see at the end of the tunnel is the headlamp of a fast approaching train.
Amélie              fr_CA    # Bonjour, je m’appelle Amélie.
`;

const espeak: InstalledVoices = {
  engine: 'espeak-ng',
  voices: parseEspeakVoices(ESPEAK_VOICES, 'languages'),
  variants: parseEspeakVoices(ESPEAK_VARIANTS, 'variants'),
};

describe('voice names', () => {
  it('refuses paths, options, hidden files, control characters and overlong names', () => {
    for (const bad of ['../../../../../../etc/passwd', '/etc/passwd', 'C:\\Windows\\x', '--stdout', '-v', '.hidden', 'en..us', 'a\nb', '', 'x'.repeat(MAX_VOICE_CHARS + 1), 'en-us;rm -rf /', "$(id)"]) {
      expect(voiceShapeProblem(bad), bad).toBeDefined();
    }
    for (const ok of ['en-us', 'en-us+m3', 'English_(America)', 'Bad News', 'Amélie', 'en_US-lessac-medium', 'Microsoft David Desktop']) {
      expect(voiceShapeProblem(ok), ok).toBeUndefined();
    }
  });

  it('the config schema refuses what is no voice name and takes what could be one (the same rule)', () => {
    const parse = (voice: string): boolean => configSchema.safeParse({ speech: { tts: { voice } } }).success;
    for (const v of ['../../../../../../etc/passwd', '--stdout', '.hidden', 'en..us', '', 'x'.repeat(MAX_VOICE_CHARS + 1)]) {
      expect(parse(v), v).toBe(false);
      expect(voiceShapeProblem(v), v).toBeDefined();
    }
    for (const v of ['en-us+m3', 'Bad News', 'Amélie', 'en_US-lessac-medium']) expect(parse(v), v).toBe(true);
    expect(defaultConfig().speech.tts.voice).toBe(DEFAULT_VOICE);
  });
});

describe('installed voices', () => {
  it('reads the languages (and the other languages a voice answers to) and the variants from espeak-ng', () => {
    expect(espeak.voices).toEqual(expect.arrayContaining(['af', 'en-gb', 'en-gb-x-gbclan', 'en-us', 'de', 'en']));
    expect(espeak.voices).not.toContain('Language');
    expect(espeak.variants).toEqual(['Alex', 'f2', 'm3']);
  });

  it('reads macOS voices with spaces and accents, and one name per line (SAPI)', () => {
    expect(parseSayVoices(SAY_VOICES)).toEqual(['Alex', 'Bad News', 'Amélie']);
    expect(parseVoiceLines('Microsoft David Desktop\r\nMicrosoft Zira Desktop\r\n\r\n')).toEqual(['Microsoft David Desktop', 'Microsoft Zira Desktop']);
  });

  it('espeak-ng: a language, optionally with an installed variant after "+"', () => {
    for (const v of ['en-us', 'en-us+m3', 'en-gb+f2', 'en', 'de+Alex']) expect(hasVoice(v, espeak), v).toBe(true);
    for (const v of ['en-us+m9', 'xx', 'en-us+', 'English_(America)', 'gmw/en-US', 'en-us+../../x']) expect(hasVoice(v, espeak), v).toBe(false);
  });

  it('say and SAPI: an installed name, or the default (their default voice)', () => {
    const say: InstalledVoices = { engine: 'say', voices: parseSayVoices(SAY_VOICES), variants: [] };
    expect(hasVoice('Bad News', say)).toBe(true);
    expect(hasVoice(DEFAULT_VOICE, say)).toBe(true);
    expect(hasVoice('en-gb+f2', say)).toBe(false);
  });

  it('an engine that could not list its voices takes only the default', () => {
    const missing: InstalledVoices = { engine: 'espeak-ng', voices: [], variants: [], problem: 'espeak-ng could not list its voices' };
    expect(hasVoice(DEFAULT_VOICE, missing)).toBe(true);
    expect(hasVoice('en-gb', missing)).toBe(false);
    const r = checkVoice('en-gb', [missing]);
    expect(r.ok ? '' : r.reason).toContain('could not list its voices');
  });

  it('a refusal names the setting and a few installed voices, English first, and never more of the value than the cap', () => {
    const r = checkVoice('xx-nope', [espeak]);
    expect(r.ok).toBe(false);
    const reason = r.ok ? '' : r.reason;
    expect(reason).toMatch(/^speech\.tts\.voice: "xx-nope" is not an installed espeak-ng voice\. Installed espeak-ng voices: en, en-gb/);
    expect(reason).toContain('m3');
    const long = checkVoice(`../${'a'.repeat(500)}`, [espeak]);
    expect(long.ok ? '' : long.reason).not.toContain('a'.repeat(MAX_VOICE_CHARS + 1));
    expect(long.ok ? '' : long.reason).toMatch(/not a voice name/);
  });

  it('Piper: one of its voices, or a system voice it falls back to', () => {
    const piper: InstalledVoices = { engine: 'piper', voices: ['en_US-lessac-medium'], variants: [] };
    expect(checkVoice('en_US-lessac-medium', [piper, espeak]).ok).toBe(true);
    expect(checkVoice('en-us+m3', [piper, espeak]).ok).toBe(true);
    const r = checkVoice('en_GB-alan-low', [piper, espeak]);
    expect(r.ok ? '' : r.reason).toMatch(/not an installed piper or espeak-ng voice.*en_US-lessac-medium/);
  });
});

describe('the voice picker', () => {
  const list = { system: espeak, piper: { engine: 'piper' as const, voices: ['en_US-lessac-medium'], variants: [] } };

  it('offers the chosen language with each variant, then every language; Piper voices first for Piper', () => {
    const system = suggestVoices(list, { engine: 'system', voice: 'en-gb+m3' });
    expect(system.slice(0, 3)).toEqual(['en-gb+Alex', 'en-gb+f2', 'en-gb+m3']);
    expect(system).toContain('de');
    expect(new Set(system).size).toBe(system.length);
    expect(suggestVoices(list, { engine: 'piper', voice: 'x' })[0]).toBe('en_US-lessac-medium');
    // A voice that is not installed: variants of the default language.
    expect(suggestVoices(list, { engine: 'system', voice: 'xx' })[0]).toBe('en-us+Alex');
    for (const v of system) expect(hasVoice(v, espeak), v).toBe(true);
  });
});
