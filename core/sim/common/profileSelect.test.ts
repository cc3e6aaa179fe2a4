import { describe, expect, it } from 'vitest';
import { aircraftProfileSchema, genericProfile } from './aircraftProfile.js';
import { selectProfile } from './profileSelect.js';

const profile = (id: string, match: string[]) => aircraftProfileSchema.parse({ ...genericProfile, id, match });

describe('selectProfile', () => {
  const profiles = [profile('c172', ['C172', 'Skyhawk']), profile('b737', ['B738', 'Boeing 737']), profile('b737-max', ['B38M', 'Boeing 737 MAX'])];

  it('matches a title substring case-insensitively', () => {
    expect(selectProfile('Cessna Skyhawk (C172)', profiles).id).toBe('c172');
    expect(selectProfile('c172p', profiles).id).toBe('c172');
  });
  it('prefers the longest matching substring', () => {
    expect(selectProfile('Boeing 737 MAX 8', profiles).id).toBe('b737-max');
    expect(selectProfile('Boeing 737-800', profiles).id).toBe('b737');
  });
  it('falls back to generic for an unknown or empty title', () => {
    expect(selectProfile('Piper Cub', profiles).id).toBe('generic');
    expect(selectProfile('', [...profiles, profile('generic', [])]).id).toBe('generic');
  });
});
