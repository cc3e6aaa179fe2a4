import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { ApMode, LightName } from '../../sim/common/simState.js';
import { turnDirections, type Intent, type TurnDirection } from './intents.js';
import { invalidIntent } from './invalidReasons.js';
import type { SlotValues } from './slots.js';

/**
 * The command grammar: each rule is a set of phrases in the phrase notation (templateDsl.ts) and
 * what they mean. This is the ONE source: the parser matches these phrases and grammarExport emits
 * them as JSGF/GBNF/whisper vocabulary. Words here are canonical (lexicon.ts maps recogniser
 * variants onto them). Slot values arrive already range-checked.
 */
export interface RuleContext {
  checklistActive: boolean;
  /** The aircraft flown, when known: "flaps zero" is its retracted detent. */
  profile?: AircraftProfile;
}
export interface Rule {
  id: string;
  /**
   * The core phrasings: what a pilot normally says. These go to every recogniser grammar,
   * including the compact JSGF for pocketsphinx (a big grammar hurts its accuracy).
   */
  phrases: string[];
  /** More ways to say it (ordinary speech, word order, synonyms): parser and whisper GBNF only. */
  variants?: string[];
  /** `words`: the canonical words the phrase matched ("turn left heading …"), for what a slot does not carry. */
  build: (v: SlotValues, ctx: RuleContext, words: readonly string[]) => Intent;
}

const n = (x: number | undefined): number => x ?? 0;
/** The turn direction the pilot said, if any: "left"/"right" appear in heading phrases only as one. */
const turnSaid = (words: readonly string[]): { turn?: TurnDirection } => {
  const turn = turnDirections.find((d) => words.includes(d));
  return turn ? { turn } : {};
};
/** Whether flap setting 0 names the retracted detent: with no profile it does. */
const firstDetentIsUp = (profile: AircraftProfile | undefined): boolean => {
  const first = profile?.flaps[0];
  return first === undefined || first.name === 'up' || first.ratio === 0;
};
/** Verbs before a frequency or code: "dial in one two one decimal five on com one". */
const TUNE = '[set | tune | dial [in] | select | put]';
const radioOf = (prefix: 'com' | 'nav', idx: 1 | 2 | undefined): `${'com' | 'nav'}${1 | 2}` => `${prefix}${idx ?? 1}`;

const PER_MINUTE = '[feet per minute | fpm]';
/** Verbs a pilot puts before a value to set (rules add their own: "climb", "tune", "squawk"). */
const SET = '(set | select | dial [in] | put | make it) [the]';
/** Verbs that move a switch or lever: "put the gear down", "get the lights on", "bring the flaps up". */
const MOVE = '(put | bring | get | move | select | set | switch | have)';

const apRules: Rule[] = [
  {
    id: 'apHeading',
    phrases: ['[set | fly | turn (left | right)] heading <heading>'],
    variants: [
      '[set | select | fly | turn [left | right] | left | right] [the] [autopilot] [to] heading [bug] [to] <heading> [degrees]',
      `${SET} [autopilot] heading [bug] [to | on] <heading> [degrees]`,
      '(turn | come | steer) (left | right) [to] [heading] <heading> [degrees]',
      '(left | right) turn [to] [heading] <heading> [degrees]',
      '[fly] heading <heading> [degrees] ((left | right) turn | turn (left | right))',
      '<heading> heading',
    ],
    build: (v, _ctx, words) => ({ kind: 'apHeading', headingDegMag: n(v.heading), ...turnSaid(words) }),
  },
  {
    id: 'apAltitude',
    phrases: ['[set] altitude <altitude>', '(climb | descend) and maintain <altitude>', '[climb | descend] [and maintain] flight level <flightLevel>'],
    variants: [
      `[${SET}] [autopilot] altitude [to] <altitude> [feet]`,
      '(climb | descend) [and maintain | to] [altitude] <altitude> [feet]',
      '(climb | descend) to and maintain [altitude] <altitude> [feet]',
      '(climb | descend) [to] and maintain flight level <flightLevel>',
      'maintain <altitude> [feet]',
      '<altitude> feet',
      '[set | select | climb | descend | maintain] [and maintain | to | altitude] flight level <flightLevel>',
    ],
    build: (v) => (v.flightLevel !== undefined ? { kind: 'apAltitude', altitudeFt: v.flightLevel, reference: 'fl' } : { kind: 'apAltitude', altitudeFt: n(v.altitude) }),
  },
  {
    id: 'apSpeed',
    phrases: ['[set | reduce | increase] speed [to] <speed> [knots]'],
    variants: [
      '[set | select | reduce | increase | maintain] [the] [autopilot] (speed | airspeed) [to] <speed> [knots]',
      `${SET} [autopilot] (speed | airspeed) [to] <speed> [knots]`,
      '(maintain | reduce | increase | slow | slow down | accelerate) [speed] [to] <speed> knots',
      '<speed> knots',
    ],
    build: (v) => ({ kind: 'apSpeed', speedKt: n(v.speed) }),
  },
  {
    id: 'apVs',
    phrases: ['vertical speed <vs>'],
    variants: [`[set | select] (vertical speed | vs) [to] <vs> ${PER_MINUTE}`, `${SET} (vertical speed | vs) [to] <vs> ${PER_MINUTE}`],
    build: (v) => ({ kind: 'apVerticalSpeed', verticalSpeedFpm: n(v.vs) }),
  },
  {
    id: 'apVsDescend',
    phrases: ['descend at <vsMag> feet per minute'],
    variants: [`descend at <vsMag> ${PER_MINUTE}`, `<vsMag> ${PER_MINUTE} down`, `(vertical speed | vs) down <vsMag> ${PER_MINUTE}`],
    build: (v) => ({ kind: 'apVerticalSpeed', verticalSpeedFpm: -n(v.vsMag) }),
  },
  {
    id: 'apVsClimb',
    phrases: ['climb at <vsMag> feet per minute'],
    variants: [`climb at <vsMag> ${PER_MINUTE}`, `<vsMag> ${PER_MINUTE} up`, `(vertical speed | vs) up <vsMag> ${PER_MINUTE}`],
    build: (v) => ({ kind: 'apVerticalSpeed', verticalSpeedFpm: n(v.vsMag) }),
  },
  {
    id: 'apMasterOn',
    phrases: ['autopilot on', 'engage autopilot'],
    variants: [
      '(autopilot | ap) (on | engage | connect)',
      '(engage | connect | activate) [the] (autopilot | ap)',
      `(turn | ${MOVE}) [the] (autopilot | ap) on`,
      '(turn | switch) on [the] (autopilot | ap)',
    ],
    build: () => ({ kind: 'apMaster', on: true }),
  },
  {
    id: 'apMasterOff',
    phrases: ['autopilot off', 'disconnect autopilot'],
    variants: [
      '(autopilot | ap) (off | disengage | disconnect)',
      '(disengage | disconnect | release) [the] (autopilot | ap)',
      `(turn | ${MOVE}) [the] (autopilot | ap) off`,
      '(turn | switch) off [the] (autopilot | ap)',
    ],
    build: () => ({ kind: 'apMaster', on: false }),
  },
];

const MODE_VERB = '[select | engage | arm | activate] [the]';
const modePhrases: ReadonlyArray<[ApMode, string[], string[]]> = [
  ['hdg', ['heading mode'], [`${MODE_VERB} heading (mode | hold | select)`]],
  ['nav', ['nav mode', 'arm nav'], ['(select | engage | arm | activate) nav [mode]', `${MODE_VERB} (lnav | gps nav | lateral nav) [mode]`]],
  ['apr', ['approach mode', 'arm approach'], ['(select | engage | arm | activate) approach [mode]', `${MODE_VERB} (localizer | glideslope | ils) [mode]`]],
  ['alt', ['altitude hold'], [`${MODE_VERB} altitude (hold | mode)`, 'hold altitude']],
  ['vs', ['vertical speed mode'], [`${MODE_VERB} (vertical speed | vs) mode`]],
  ['flc', ['flight level change'], [`${MODE_VERB} (flight level change | level change | flc) [mode]`]],
];
const modeRules: Rule[] = modePhrases.map(([mode, phrases, variants]) => ({
  id: `apMode.${mode}`,
  phrases,
  variants,
  build: () => ({ kind: 'apMode', mode }),
}));

const flapRules: Rule[] = [
  {
    id: 'flapsUp',
    phrases: ['flaps up'],
    variants: ['flaps retract', '(retract | raise) [the] flaps', `[${MOVE} | raise] [the] flaps [to] up`],
    build: () => ({ kind: 'flaps', setting: 'up' }),
  },
  {
    id: 'flapsFull',
    phrases: ['flaps full'],
    variants: [`[${MOVE}] [the] flaps [to] full`, `[${MOVE}] full flaps`, 'flaps full down'],
    build: () => ({ kind: 'flaps', setting: 'full' }),
  },
  {
    id: 'flapsNumber',
    phrases: ['flaps <flaps>'],
    variants: [`[${MOVE} | go] [the] flaps [to] <flaps> [degrees]`, '<flaps> degrees [of] flaps', '(go | set) to flaps <flaps>'],
    // "flaps zero" is the retracted detent when the aircraft's first detent is up (or no profile is known).
    build: (v, ctx) => ({ kind: 'flaps', setting: n(v.flaps) === 0 && firstDetentIsUp(ctx.profile) ? 'up' : n(v.flaps) }),
  },
  {
    id: 'flapsAmbiguous',
    phrases: [],
    variants: ['flaps (down | extend)', '(extend | lower) [the] flaps', `${MOVE} [the] flaps down`],
    build: () => invalidIntent('flapsDown'),
  },
];

const gearRules: Rule[] = [
  {
    id: 'gearDown',
    phrases: ['[landing] gear down'],
    variants: ['[landing] gear (down | extend) [three green]', '(lower | drop | extend) [the] [landing] gear [down]', `${MOVE} [the] [landing] gear down`],
    build: () => ({ kind: 'gear', down: true }),
  },
  {
    id: 'gearUp',
    phrases: ['[landing] gear up'],
    variants: ['[landing] gear (up | retract)', '(raise | retract) [the] [landing] gear [up]', `${MOVE} [the] [landing] gear up`, 'positive rate gear up'],
    build: () => ({ kind: 'gear', down: false }),
  },
];

/** [light, core words, all words]: "lights" and "strobes" are canonicalised by the lexicon. */
const lightWords: ReadonlyArray<[LightName, string, string]> = [
  ['landing', 'landing lights', 'landing [lights]'],
  ['taxi', 'taxi lights', 'taxi [lights]'],
  ['strobe', '(strobes | strobe lights)', '(strobes | strobe lights)'],
  ['beacon', 'beacon', '(beacon | anti collision) [lights]'],
  ['nav', 'nav lights', '(nav | position) lights'],
];
const lightRules: Rule[] = lightWords.flatMap(([light, core, words]) =>
  ([true, false] as const).map((on) => {
    const state = on ? 'on' : 'off';
    return {
      id: `light.${light}.${state}`,
      phrases: [`${core} ${state}`],
      variants: [`[turn | ${MOVE}] [the] ${words} ${state}`, `(turn | switch | put) ${state} [the] ${words}`],
      build: (): Intent => ({ kind: 'light', light, on }),
    };
  }),
);

const radioRules: Rule[] = [
  {
    id: 'comActive',
    phrases: ['[tune] com <radioIdx> [to] <comFreq>'],
    variants: [
      `${TUNE} com <radioIdx> [active] [to | on] <comFreq>`,
      `${TUNE} [to] <comFreq> (on | in | into) com <radioIdx> [active]`,
      '(contact | monitor) (tower | ground | approach | departure | center | clearance | delivery | unicom | atis) [on] <comFreq>',
      'tune [to] <comFreq>',
    ],
    build: (v) => ({ kind: 'radio', radio: radioOf('com', v.radioIdx), slot: 'active', khz: n(v.comFreq) }),
  },
  {
    id: 'comStandby',
    phrases: ['com <radioIdx> standby <comFreq>'],
    variants: [`${TUNE} com <radioIdx> standby [to | on] <comFreq>`, `${TUNE} standby com <radioIdx> [to] <comFreq>`, `${TUNE} <comFreq> (on | in | into) com <radioIdx> standby`],
    build: (v) => ({ kind: 'radio', radio: radioOf('com', v.radioIdx), slot: 'standby', khz: n(v.comFreq) }),
  },
  {
    id: 'navActive',
    phrases: ['nav <radioIdx> <navFreq>'],
    variants: [`${TUNE} nav <radioIdx> [active] [to | on] <navFreq>`, `${TUNE} <navFreq> (on | in | into) nav <radioIdx> [active]`],
    build: (v) => ({ kind: 'radio', radio: radioOf('nav', v.radioIdx), slot: 'active', khz: n(v.navFreq) }),
  },
  {
    id: 'navStandby',
    phrases: ['nav <radioIdx> standby <navFreq>'],
    variants: [
      `${TUNE} nav <radioIdx> standby [to | on] <navFreq>`,
      `${TUNE} standby nav <radioIdx> [to] <navFreq>`,
      `${TUNE} <navFreq> (on | in | into) nav <radioIdx> standby`,
    ],
    build: (v) => ({ kind: 'radio', radio: radioOf('nav', v.radioIdx), slot: 'standby', khz: n(v.navFreq) }),
  },
  {
    id: 'comSwap',
    phrases: ['(swap | flip flop) com <radioIdx>'],
    variants: ['(swap | flip flop | flip | transfer | switch) com <radioIdx> [frequencies]', 'com <radioIdx> (swap | flip flop | flip | transfer)'],
    build: (v) => ({ kind: 'radioSwap', radio: radioOf('com', v.radioIdx) }),
  },
  {
    id: 'navSwap',
    phrases: ['(swap | flip flop) nav <radioIdx>'],
    variants: ['(swap | flip flop | flip | transfer | switch) nav <radioIdx> [frequencies]', 'nav <radioIdx> (swap | flip flop | flip | transfer)'],
    build: (v) => ({ kind: 'radioSwap', radio: radioOf('nav', v.radioIdx) }),
  },
  {
    id: 'transponder',
    phrases: ['squawk <squawk>'],
    variants: [`${TUNE} (squawk | transponder) [code] [to] <squawk>`, 'squawk code <squawk>'],
    build: (v) => ({ kind: 'transponder', code: n(v.squawk) }),
  },
  {
    id: 'altimeter',
    phrases: ['altimeter <pressure>', 'qnh <pressure>'],
    variants: [`${TUNE} (altimeter | baro) [setting] [to] <pressure> [inches | hectopascal]`, `${TUNE} qnh [to] <pressure> [hectopascal | inches]`],
    build: (v) => ({ kind: 'altimeter', pressure: v.pressure ?? { unit: 'inHg', inHg: 29.92 } }),
  },
  {
    id: 'altimeterStandard',
    phrases: [],
    variants: ['[set] (altimeter | baro) [to] standard', 'set standard'],
    build: () => ({ kind: 'altimeter', pressure: { unit: 'inHg', inHg: 29.92 } }),
  },
];

export const commandRules: Rule[] = [...apRules, ...modeRules, ...flapRules, ...gearRules, ...lightRules, ...radioRules];
