import { z } from 'zod';
import { customActionsSchema } from '../../sim/common/customWrite.js';
import { apModes, lightNames, radioNames } from '../../sim/common/simState.js';

/**
 * What the pilot meant, in the normalised units of ARCHITECTURE.md. The parser produces these;
 * toSimAction turns the writable ones into SimActions, readback.ts speaks them back.
 *
 * Frequencies are kHz integers of the channel NAME the pilot says and the radio displays:
 * "one two one decimal five" = 121500, and the 8.33 kHz channel name "one one eight decimal zero
 * zero five" = 118005 (its tuned carrier is 118.000 MHz; see frequency.ts tunedFrequencyHz).
 */
export const queryTargets = [
  'altitude',
  'speed',
  'groundspeed',
  'heading',
  'vs',
  'fuel',
  'wind',
  'position',
  'com1',
  'com2',
  'nav1',
  'xpdr',
  'flaps',
  'gear',
  'altimeter',
  'autopilot',
  'lights',
] as const;
export type QueryTarget = (typeof queryTargets)[number];

export const checklistNames = ['before-start', 'before-takeoff', 'after-takeoff', 'approach', 'landing'] as const;
export type ChecklistName = (typeof checklistNames)[number];

export const checklistActions = ['confirm', 'next', 'repeat', 'stop', 'skip'] as const;
export type ChecklistAction = (typeof checklistActions)[number];

/** Flap request as spoken: "up", "full", or the notch/degrees number; resolved through the profile. */
export const flapsSettingSchema = z.union([z.enum(['up', 'full']), z.number().int().min(0).max(90)]);
export type FlapsSetting = z.infer<typeof flapsSettingSchema>;

export const pressureSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('inHg'), inHg: z.number().min(25).max(33) }),
  z.object({ unit: z.literal('hPa'), hPa: z.number().int().min(850).max(1100) }),
]);
export type Pressure = z.infer<typeof pressureSchema>;

/** The way to turn to a heading when the pilot said it ("turn left heading …"); absent: the shorter way. */
export const turnDirections = ['left', 'right'] as const;
export type TurnDirection = (typeof turnDirections)[number];

export const intentSchema = z.discriminatedUnion('kind', [
  /** 1-360; 360 and 0 are the same heading and are both spoken "three six zero". */
  z.object({ kind: z.literal('apHeading'), headingDegMag: z.number().int().min(1).max(360), turn: z.enum(turnDirections).optional() }),
  /**
   * `reference: 'fl'` when said as a flight level ("flight level one two zero" = 12000 ft on the
   * standard setting, 29.92 inHg / 1013 hPa): read back as a flight level. Absent: feet as said.
   */
  z.object({ kind: z.literal('apAltitude'), altitudeFt: z.number().int().min(-1000).max(50000), reference: z.enum(['fl']).optional() }),
  z.object({ kind: z.literal('apSpeed'), speedKt: z.number().int().min(30).max(500) }),
  z.object({ kind: z.literal('apVerticalSpeed'), verticalSpeedFpm: z.number().int().min(-8000).max(8000) }),
  z.object({ kind: z.literal('apMaster'), on: z.boolean() }),
  z.object({ kind: z.literal('apMode'), mode: z.enum(apModes) }),
  z.object({ kind: z.literal('flaps'), setting: flapsSettingSchema }),
  z.object({ kind: z.literal('gear'), down: z.boolean() }),
  z.object({ kind: z.literal('light'), light: z.enum(lightNames), on: z.boolean() }),
  z.object({
    kind: z.literal('radio'),
    radio: z.enum(radioNames),
    slot: z.enum(['active', 'standby']),
    khz: z.number().int().min(108000).max(137000),
  }),
  z.object({ kind: z.literal('radioSwap'), radio: z.enum(radioNames) }),
  /** Four octal digits read as a decimal number: squawk 0200 -> 200 (as SimState.xpdrCode). */
  z.object({ kind: z.literal('transponder'), code: z.number().int().min(0).max(7777) }),
  z.object({ kind: z.literal('altimeter'), pressure: pressureSchema }),
  /**
   * A pilot's own command (core/custom): `id` names it, `say` is its readback, `confirm` makes it
   * high risk (asked back unless heard surely), `actions` the steps per sim with the numbers put in.
   */
  z.object({ kind: z.literal('custom'), id: z.string().max(64), say: z.string().max(200), confirm: z.boolean(), actions: customActionsSchema }),
  z.object({ kind: z.literal('query'), what: z.enum(queryTargets) }),
  z.object({ kind: z.literal('checklistStart'), name: z.enum(checklistNames) }),
  z.object({ kind: z.literal('checklist'), action: z.enum(checklistActions) }),
  z.object({ kind: z.literal('callouts'), on: z.boolean() }),
  /** Say the last reply again. */
  z.object({ kind: z.literal('repeat') }),
  /** Stop talking / abort the current turn. */
  z.object({ kind: z.literal('cancel') }),
  /** "affirm", "correct": yes to the question Stratus asked ("confirm gear up?"). */
  z.object({ kind: z.literal('affirm') }),
  /** "negative": no to the question asked; with nothing asked, take back the last command. */
  z.object({ kind: z.literal('negative') }),
  /** "undo", "cancel that": put back what the last command changed. */
  z.object({ kind: z.literal('undo') }),
  /**
   * Understood but cannot be right, or ambiguous: `reason` is the short text used in the corpus
   * notation, `spoken` what Stratus says instead of acting (a reason or a question).
   */
  z.object({ kind: z.literal('invalid'), code: z.string(), reason: z.string(), spoken: z.string() }),
  /** Not a fixed command or query: hand it to the language model, with why. */
  z.object({ kind: z.literal('llm'), reason: z.string() }),
]);
export type Intent = z.infer<typeof intentSchema>;
export type IntentKind = Intent['kind'];
export type IntentOf<K extends IntentKind> = Extract<Intent, { kind: K }>;

/** Intents that would write to the sim (the rest are answered or handled by the engine). */
export const simWriteKinds: ReadonlySet<IntentKind> = new Set<IntentKind>([
  'apHeading',
  'apAltitude',
  'apSpeed',
  'apVerticalSpeed',
  'apMaster',
  'apMode',
  'flaps',
  'gear',
  'light',
  'radio',
  'radioSwap',
  'transponder',
  'altimeter',
  'custom',
]);
