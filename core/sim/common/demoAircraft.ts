import type { AircraftProfile } from './aircraftProfile.js';

/** How every demo aircraft title starts ("Stratus demo (Demo trainer)"): selects the demo's own profile. */
export const DEMO_TITLE_PREFIX = 'Stratus demo';

/**
 * The aircraft the built-in demo sim flies unless the pilot picks another profile: a light
 * retractable single whose flaps answer both to notches and to degrees, so every example in the
 * README works on it ("flaps fifteen" is notch one, "flaps one", "flaps full", "gear down").
 * Speeds are the generic light single's, which the demo flight model is tuned for.
 */
export const demoAircraft: AircraftProfile = {
  id: 'demo',
  name: 'Demo trainer',
  match: [],
  category: 'piston-single',
  retractableGear: true,
  flaps: [
    { name: 'up', degrees: 0, ratio: 0 },
    { name: '1', degrees: 15, ratio: 1 / 3, maxKt: 110 },
    { name: '2', degrees: 25, ratio: 2 / 3, maxKt: 95 },
    { name: 'full', degrees: 35, ratio: 1, maxKt: 85 },
  ],
  speeds: { vsoKt: 48, vs1Kt: 53, vrKt: 55, vyKt: 74, vneKt: 163 },
  lowFuelKg: 20,
  overrides: {},
};
