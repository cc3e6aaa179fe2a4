import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config/common/configSchema.js';
import { validateDraft } from './settingsValidation.js';

describe('validateDraft', () => {
  it('passes the defaults', () => {
    expect(validateDraft(defaultConfig())).toEqual({ errors: {}, config: defaultConfig() });
  });
  it('keys each error by the field path the form uses as its id', () => {
    const draft = defaultConfig();
    draft.sim.xplane.port = 70_000;
    draft.overlay.opacity = Number.NaN;
    draft.llm.host = 'not a url';
    const { errors, config } = validateDraft(draft);
    expect(config).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['llm.host', 'overlay.opacity', 'sim.xplane.port']);
    expect(errors['sim.xplane.port']).toMatch(/65535/);
  });
  it('refuses unknown keys at the root', () => {
    expect(Object.keys(validateDraft({ ...defaultConfig(), bogus: 1 }).errors)).toEqual(['(root)']);
  });
});
