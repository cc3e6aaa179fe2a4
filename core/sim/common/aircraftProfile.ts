import { z } from 'zod';

export const flapDetentSchema = z.object({
  /** What the pilot says for this detent ("up", "1", "15", "full"). */
  name: z.string().min(1),
  /** Flap deflection in degrees, when the type publishes it. */
  degrees: z.number().nonnegative().optional(),
  /** Handle position, 0 (up) to 1 (full). */
  ratio: z.number().min(0).max(1),
  /** Maximum speed with this detent (VFE), kt. */
  maxKt: z.number().positive().optional(),
});

export const aircraftProfileSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  /** Substrings of the sim's aircraft title/path that select this profile. */
  match: z.array(z.string()).default([]),
  category: z.enum(['piston-single', 'piston-twin', 'turboprop', 'jet']),
  retractableGear: z.boolean(),
  flaps: z.array(flapDetentSchema).min(1),
  speeds: z.object({
    vsoKt: z.number().positive(),
    vs1Kt: z.number().positive(),
    vrKt: z.number().positive(),
    v1Kt: z.number().positive().optional(),
    v2Kt: z.number().positive().optional(),
    vyKt: z.number().positive().optional(),
    vneKt: z.number().positive(),
    vmoKt: z.number().positive().optional(),
  }),
  /** Usable fuel below which the low-fuel callout fires, kg. */
  lowFuelKg: z.number().nonnegative(),
  /** Per-sim overrides where the generic datarefs/events/props do not work for this type. */
  overrides: z
    .object({
      xplane: z.record(z.string(), z.string()).optional(),
      msfs: z.record(z.string(), z.string()).optional(),
      flightgear: z.record(z.string(), z.string()).optional(),
    })
    .default({}),
});
export type AircraftProfile = z.infer<typeof aircraftProfileSchema>;
export type FlapDetent = z.infer<typeof flapDetentSchema>;

/** The profile used when the aircraft is unknown: a light single with four flap detents. */
export const genericProfile: AircraftProfile = {
  id: 'generic',
  name: 'Generic aircraft',
  match: [],
  category: 'piston-single',
  retractableGear: true,
  flaps: [
    { name: 'up', degrees: 0, ratio: 0 },
    { name: '1', degrees: 10, ratio: 1 / 3, maxKt: 110 },
    { name: '2', degrees: 20, ratio: 2 / 3, maxKt: 95 },
    { name: 'full', degrees: 30, ratio: 1, maxKt: 85 },
  ],
  speeds: { vsoKt: 48, vs1Kt: 53, vrKt: 55, vyKt: 74, vneKt: 163 },
  lowFuelKg: 20,
  overrides: {},
};

/** Index of the detent nearest a handle ratio. */
export function detentIndexForRatio(profile: AircraftProfile, ratio: number): number {
  let best = 0;
  let bestDist = Infinity;
  profile.flaps.forEach((d, i) => {
    const dist = Math.abs(d.ratio - ratio);
    if (dist < bestDist) {
      bestDist = dist;
      best = i;
    }
  });
  return best;
}
