import { z } from 'zod';

/**
 * The generic write a pilot's own command makes (core/custom): a dataref, a command, a SimConnect
 * event, a FlightGear property or a demo switch, by name. Names are checked here for what they are
 * used for (a charset and a length), so nothing a file says can reach a sim protocol unchecked:
 * no NUL or newline in a UDP path, no second telnet command in a FlightGear line.
 */

/** X-Plane's DREF path field is 500 bytes; real dataref and command names stay far below this. */
export const MAX_XPLANE_NAME_CHARS = 200;
/** SimConnect event names are short upper-case identifiers (MSFS SDK "Event IDs"). */
export const MAX_MSFS_EVENT_CHARS = 64;
/** FlightGear property paths: a few levels deep in practice. */
export const MAX_FG_PATH_CHARS = 200;

/** sim/cockpit2/switches/landing_lights_on, optionally [index]: letters, digits, _ / - . */
export const xplaneNameSchema = z
  .string()
  .max(MAX_XPLANE_NAME_CHARS)
  .regex(/^[A-Za-z0-9_]+(\/[A-Za-z0-9_.-]+)+(\[[0-9]{1,3}\])?$/, 'an X-Plane name is words joined by "/" (letters, digits, _ . -), e.g. sim/lights/landing_lights_on');
/** LANDING_LIGHTS_TOGGLE: upper-case letters, digits, _ */
export const msfsEventSchema = z
  .string()
  .max(MAX_MSFS_EVENT_CHARS)
  .regex(/^[A-Z][A-Z0-9_]*$/, 'a SimConnect event is upper-case letters, digits and _, e.g. PARKING_BRAKES');
/** /controls/gear/brake-parking, /controls/engines/engine[0]/throttle */
export const fgPathSchema = z
  .string()
  .max(MAX_FG_PATH_CHARS)
  .regex(/^(\/[A-Za-z_][A-Za-z0-9_.-]*(\[[0-9]{1,3}\])?)+$/, 'a FlightGear property path starts with "/" (letters, digits, _ . -, [n]), e.g. /controls/gear/brake-parking');

/** Switches the demo sim knows (it has no other state to write). */
export const demoSwitches = ['landingLights', 'taxiLights', 'strobeLights', 'beaconLights', 'navLights', 'paused'] as const;
export type DemoSwitch = (typeof demoSwitches)[number];

const finite = z.number().finite();
/** true/false are 1/0 to a dataref or an event (choices may say on: true). */
const numberOrFlag = z.union([finite, z.boolean().transform((b) => (b ? 1 : 0))]);

export const customSimStepSchema = z.union([
  z.object({ dataref: xplaneNameSchema, value: numberOrFlag }).strict(),
  z.object({ command: xplaneNameSchema }).strict(),
  z.object({ event: msfsEventSchema, value: numberOrFlag.pipe(z.number().int().min(-2147483648).max(4294967295)).optional() }).strict(),
  z.object({ property: fgPathSchema, value: z.union([finite, z.boolean(), z.string().max(64).regex(/^[A-Za-z0-9_.-]*$/, 'a property value is a number, true/false or a word')]) }).strict(),
  z.object({ demo: z.enum(demoSwitches), value: z.union([z.boolean(), z.literal('toggle'), finite.transform((n) => n !== 0)]) }).strict(),
]);
export type CustomSimStep = z.infer<typeof customSimStepSchema>;

/** Most writes one custom action sends: a sequence, not a script. */
export const MAX_CUSTOM_STEPS = 16;

/** Longest pause between steps: a sequence waits for a switch to settle, not for minutes. */
export const MAX_CUSTOM_WAIT_MS = 5000;
export const keyModifiers = ['ctrl', 'shift', 'alt', 'meta'] as const;
export type KeyModifier = (typeof keyModifiers)[number];
/** Keys a combo may name (what uiohook-napi's keyTap can press on every OS). */
const NAMED_KEYS = ['space', 'enter', 'escape', 'tab', 'backspace', 'delete', 'insert', 'home', 'end', 'pageup', 'pagedown', 'up', 'down', 'left', 'right'];
export const KEY_COMBO_PATTERN = new RegExp(`^((${keyModifiers.join('|')})\\+){0,4}([a-z0-9]|f([1-9]|1[0-9]|2[0-4])|${NAMED_KEYS.join('|')})$`);
/** "ctrl+shift+p", "f5", "space": modifiers first, one key last, lower case. */
export const keyComboSchema = z
  .string()
  .max(40)
  .transform((s) => s.trim().toLowerCase())
  .refine((s) => KEY_COMBO_PATTERN.test(s), 'a key press is modifiers (ctrl, shift, alt, meta) joined by "+" then one key: a-z, 0-9, f1-f24, space, enter, escape, tab, arrows..., e.g. ctrl+shift+p');

export function splitKeyCombo(combo: string): { key: string; modifiers: KeyModifier[] } {
  const parts = combo.split('+');
  return { key: parts[parts.length - 1]!, modifiers: parts.slice(0, -1) as KeyModifier[] };
}

/** A step of a custom action as the file and the intent carry it: a sim write, a key press or a wait. */
export const customStepSchema = z.union([
  customSimStepSchema,
  z.object({ key: keyComboSchema }).strict(),
  z.object({ wait: z.number().int().min(0).max(MAX_CUSTOM_WAIT_MS) }).strict(),
]);
export type CustomStep = z.infer<typeof customStepSchema>;

/** Which sims a list of steps is for: X-Plane (UDP and web API), MSFS, FlightGear, the demo, or any sim (key presses, waits). */
export const customTargets = ['xplane', 'msfs', 'flightgear', 'demo', 'any'] as const;
export type CustomTarget = (typeof customTargets)[number];

/** The resolved steps per target (numbers put in): what a `custom` intent carries. */
export const customActionsSchema = z
  .object(Object.fromEntries(customTargets.map((t) => [t, z.array(customStepSchema).max(MAX_CUSTOM_STEPS).optional()])) as Record<CustomTarget, z.ZodOptional<z.ZodArray<typeof customStepSchema>>>)
  .strict();
export type CustomActions = Partial<Record<CustomTarget, CustomStep[]>>;

/** The sim writes among the steps (an adapter sends those of its own kind: dataref, event, property...). */
export function simStepsOf(actions: CustomActions): CustomSimStep[] {
  return Object.values(actions)
    .flat()
    .filter((st): st is CustomSimStep => !('key' in st) && !('wait' in st));
}
