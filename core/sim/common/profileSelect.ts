import { genericProfile, type AircraftProfile } from './aircraftProfile.js';
import { DEMO_TITLE_PREFIX, demoAircraft } from './demoAircraft.js';

/**
 * The profile for a sim's aircraft title ("Cessna Skyhawk (C172)", "A320neo", "c172p"): the one
 * whose longest `match` substring occurs in the title, case-insensitively. Ties go to the
 * earlier profile. The demo sim's title ("Stratus demo …") selects the demo aircraft. `generic`
 * (or the built-in generic profile) when nothing matches.
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
  if (best) return best;
  if (t.startsWith(DEMO_TITLE_PREFIX.toLowerCase())) return profileById(profiles, demoAircraft.id) ?? demoAircraft;
  return profiles.find((p) => p.id === 'generic') ?? genericProfile;
}

/** The profile with this id: a loaded one, or the built-in demo aircraft. */
export function profileById(profiles: readonly AircraftProfile[], id: string | undefined): AircraftProfile | undefined {
  return profiles.find((p) => p.id === id) ?? (id === demoAircraft.id ? demoAircraft : undefined);
}
