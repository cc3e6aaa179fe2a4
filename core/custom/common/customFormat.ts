import { z } from 'zod';
import { customTargets, MAX_CUSTOM_STEPS, type CustomTarget } from '../../sim/common/customWrite.js';

/**
 * The file a pilot's own commands live in (YAML or JSON, the same shape), e.g.
 *
 *   version: 1
 *   commands:
 *     - id: parking-brake
 *       phrase: parking brake {state}
 *       choices: { state: { set: true, release: false } }
 *       actions:
 *         xplane: [{ dataref: sim/cockpit2/controls/parking_brake_ratio, value: "{state}" }]
 *         msfs: [{ event: PARKING_BRAKE_SET, value: "{state}" }]
 *     - id: baro
 *       phrase: set baro {baro}
 *       numbers: { baro: { min: 2800, max: 3100, divide: 100 } }
 *       actions:
 *         xplane: [{ dataref: sim/cockpit2/gauges/actuators/barometer_setting_in_hg_pilot, value: "{baro}" }]
 *
 * Phrase notation: lower-case words, `[optional words]`, `(one | or other)`, and `{name}` for a slot
 * declared under `numbers` (a spoken number, range-checked) or `choices` (one of some words, each
 * with its value). A step's `value` is a number, true/false, "toggle" (demo), or "{name}".
 * Steps are checked again once the values are put in (customCompile.ts), for every choice and
 * for both ends of every number range.
 */

export const CUSTOM_FORMAT_VERSION = 1;
/** A file is for a pilot's own handful of commands, not a whole cockpit: keeps the recogniser's grammar small. */
export const MAX_CUSTOM_COMMANDS = 200;
/** Longest phrase: a command is a few words, like the built-in ones. */
export const MAX_PHRASE_CHARS = 120;
/** Choices in one slot: each becomes its own phrase in the grammar. */
export const MAX_CHOICES = 8;

const slotName = z.string().regex(/^[a-z][a-zA-Z0-9]{0,19}$/, 'a slot name is a letter then letters or digits (up to 20), e.g. state or baro');
const word = z.string().regex(/^[a-z][a-z']{0,19}$/, 'a choice is one lower-case word, e.g. on');

export const numberSlotSchema = z
  .object({
    /** Smallest and largest number the pilot may say (as said: "two nine nine two" is 2992). */
    min: z.number().int().min(-100000).max(100000),
    max: z.number().int().min(-100000).max(100000),
    /** What the said number is divided by before it is written: 2992 / 100 = 29.92 inHg. */
    divide: z.number().positive().max(1_000_000).optional(),
  })
  .strict()
  .refine((n) => n.min <= n.max, 'min must not be above max');
export type NumberSlot = z.infer<typeof numberSlotSchema>;

/** A step as written in the file: the value may still name a slot. Checked fully once values are put in. */
export const fileStepSchema = z.record(z.string(), z.union([z.number(), z.boolean(), z.string().max(1000)])).refine((o) => Object.keys(o).length > 0 && Object.keys(o).length <= 2, 'a step is one of: { dataref, value }, { command }, { event, value? }, { property, value }, { demo, value }, { key }, { wait }');

export const customCommandSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'an id is lower-case letters, digits and -, up to 40'),
    phrase: z.string().trim().min(1).max(MAX_PHRASE_CHARS),
    /** "any", or the id of the aircraft profile it is for (assets/aircraft, or the user's copies). */
    aircraft: z.string().regex(/^(any|[a-z0-9-]{1,40})$/, 'aircraft is "any" or a profile id').default('any'),
    /** Ask back ("confirm parking brake release?") unless heard with high confidence, like gear and flaps. */
    confirm: z.boolean().default(false),
    /** What Stratus says when done; may name slots: "baro {baro}". Default: the phrase as said. */
    reply: z.string().max(MAX_PHRASE_CHARS).optional(),
    numbers: z.record(slotName, numberSlotSchema).optional(),
    choices: z.record(slotName, z.record(word, z.union([z.number(), z.boolean(), z.literal('toggle')]))).optional(),
    actions: z
      .object(Object.fromEntries(customTargets.map((t) => [t, z.array(fileStepSchema).min(1).max(MAX_CUSTOM_STEPS).optional()])) as Record<CustomTarget, z.ZodOptional<z.ZodArray<typeof fileStepSchema>>>)
      .strict()
      .refine((a) => Object.values(a).some((l) => l !== undefined), 'actions needs at least one of xplane, msfs, flightgear, demo, any'),
  })
  .strict();
export type CustomCommand = z.infer<typeof customCommandSchema>;
export type CustomCommandInput = z.input<typeof customCommandSchema>;

export const customFileSchema = z
  .object({
    version: z.literal(CUSTOM_FORMAT_VERSION),
    commands: z.array(customCommandSchema).max(MAX_CUSTOM_COMMANDS),
  })
  .strict();
export type CustomFile = z.infer<typeof customFileSchema>;
