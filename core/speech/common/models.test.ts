import { describe, expect, it } from 'vitest';
import { deleteFallback, fallbackName } from './models.js';

describe('deleteFallback', () => {
  const entries = [
    { id: 'tiny.en', installed: false },
    { id: 'base.en', installed: true },
    { id: 'small.en', installed: true },
    { id: 'mine', installed: true },
  ];

  it('falls back to the first other installed model in list order', () => {
    expect(deleteFallback(entries, 'base.en')).toEqual({ engine: 'whisper', whisperModel: 'small.en' });
    expect(deleteFallback(entries, 'small.en')).toEqual({ engine: 'whisper', whisperModel: 'base.en' });
  });

  it('falls back to PocketSphinx when no other model is installed', () => {
    const f = deleteFallback([{ id: 'base.en', installed: true }, { id: 'tiny.en', installed: false }], 'base.en');
    expect(f).toEqual({ engine: 'pocketsphinx' });
    expect(fallbackName(f)).toBe('PocketSphinx');
  });
});
