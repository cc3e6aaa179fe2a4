import { genericProfile, type AircraftProfile } from './aircraftProfile.js';

/**
 * The profile for a sim's aircraft title ("Cessna Skyhawk (C172)", "A320neo", "c172p"): the one
 * whose longest `match` substring occurs in the title, case-insensitively. Ties go to the
 * earlier profile. `generic` (or the built-in generic profile) when nothing matches.
 */
export function selectProfile(title: string, profiles: readonly AircraftProfile[]): AircraftProfile {
  const t = title.toLowerCase();
  let best: AircraftProfile | undefined;
  let bestLen = 0;
  for (const p of profiles) {
    for (const m of p.match) {
      if (m.length > bestLen && t.includes(m.toLowerCase())) {
        best = p;
        bestLen = m.length;
      }
    }
  }
  return best ?? profiles.find((p) => p.id === 'generic') ?? genericProfile;
}
