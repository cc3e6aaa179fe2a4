import { describe, expect, it } from 'vitest';
import { saveStatusText } from './saveStatus.js';

describe('the Save bar says what applied', () => {
  it('says applied when everything applied', () => {
    expect(saveStatusText('Saved', { changed: ['overlay.opacity'], restartNeeded: [], overridden: [] })).toBe('Saved and applied');
    expect(saveStatusText('Applied', { changed: ['sim.kind'], restartNeeded: [], overridden: [] })).toBe('Applied');
  });

  it('names what waits for a restart, and says the rest applied', () => {
    expect(saveStatusText('Saved', { changed: ['host.port'], restartNeeded: ['host.port'], overridden: [] })).toBe(
      'Saved — restart Stratus to apply: headless server port',
    );
    expect(saveStatusText('Saved', { changed: ['host.bind', 'overlay.opacity'], restartNeeded: ['host.bind', 'host.port'], overridden: [] })).toBe(
      'Saved — restart Stratus to apply: headless server address, headless server port; the rest is applied',
    );
    expect(saveStatusText('Applied', { changed: [], restartNeeded: ['host.port'], overridden: [] })).toBe('Saved — restart Stratus to apply: headless server port');
  });

  it('names what an environment variable holds', () => {
    expect(saveStatusText('Saved', { changed: [], restartNeeded: [], overridden: ['sim.kind'] })).toBe(
      'Saved and applied · not applied, a STRATUS_* environment variable sets: sim.kind',
    );
  });

  it('claims nothing when the host did not say', () => {
    expect(saveStatusText('Saved', null)).toBe('Saved');
    expect(saveStatusText('Applied', null)).toBe('Saved');
  });
});
