import { z } from 'zod';
import { customActionsSchema } from './customWrite.js';
import { apModes, lightNames, radioNames } from './simState.js';

/**
 * A write to the sim, in normalised units. The intent layer turns what the pilot said into one of
 * these (resolving flap detents through the aircraft profile); every adapter applies it in its own
 * protocol and the sim link confirms it by reading the state back.
 */
export const simActionSchema = z.discriminatedUnion('type', [
  /**
   * `turn`: the way the pilot said to turn ("turn left heading …"), even the long way round. The
   * demo flies it; sims whose autopilot only takes a heading bug are sent the bug (see each adapter).
   */
  z.object({ type: z.literal('apHeading'), headingDegMag: z.number().min(0).max(360), turn: z.enum(['left', 'right']).optional() }),
  z.object({ type: z.literal('apAltitude'), altitudeFt: z.number().min(-1500).max(60000) }),
  z.object({ type: z.literal('apSpeed'), speedKt: z.number().min(0).max(600) }),
  z.object({ type: z.literal('apVerticalSpeed'), verticalSpeedFpm: z.number().min(-10000).max(10000) }),
  z.object({ type: z.literal('apMaster'), on: z.boolean() }),
  z.object({ type: z.literal('apMode'), mode: z.enum(apModes) }),
  /** Flaps to a handle detent: `index` into the profile's detents, `ratio` the handle position 0-1. */
  z.object({ type: z.literal('flaps'), index: z.number().int().nonnegative(), ratio: z.number().min(0).max(1) }),
  z.object({ type: z.literal('gear'), down: z.boolean() }),
  z.object({ type: z.literal('light'), light: z.enum(lightNames), on: z.boolean() }),
  z.object({
    type: z.literal('radio'),
    radio: z.enum(radioNames),
    slot: z.enum(['active', 'standby']),
    khz: z.number().int().min(108000).max(137000),
  }),
  z.object({ type: z.literal('radioSwap'), radio: z.enum(radioNames) }),
  z.object({ type: z.literal('transponder'), code: z.number().int().min(0).max(7777) }),
  z.object({ type: z.literal('altimeter'), inHg: z.number().min(25).max(33) }),
  /**
   * A pilot's own command (core/custom): named writes per sim, sent in order; applied when sent
   * (no readback). Each adapter sends the steps of its own kind (simStepsOf); key presses and
   * waits are the custom runner's (core/custom/common/customRunner.ts).
   */
  z.object({ type: z.literal('custom'), id: z.string().max(64), actions: customActionsSchema }),
]);
export type SimAction = z.infer<typeof simActionSchema>;
export type SimActionType = SimAction['type'];

export type WriteOutcome =
  | { status: 'applied'; action: SimAction; latencyMs: number }
  | { status: 'refused'; action: SimAction; reason: string }
  | { status: 'timeout'; action: SimAction; latencyMs: number; reason: string };
