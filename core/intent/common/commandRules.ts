import type { ApMode, LightName } from '../../sim/common/simState.js';
import type { Intent } from './intents.js';
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
  build: (v: SlotValues, ctx: RuleContext) => Intent;
}

const n = (x: number | undefined): number => x ?? 0;
const radioOf = (prefix: 'com' | 'nav', idx: 1 | 2 | undefined): `${'com' | 'nav'}${1 | 2}` => `${prefix}${idx ?? 1}`;

const PER_MINUTE = '[feet per minute | fpm]';

const apRules: Rule[] = [
  {
    id: 'apHeading',
    phrases: ['[set | fly | turn (left | right)] heading <heading>'],
    variants: [
      '[set | select | fly | turn [left | right] | left | right] [autopilot] [to] heading [bug] [to] <heading> [degrees]',
      'turn (left | right) [to] <heading> [degrees]',
      '<heading> heading',
    ],
    build: (v) => ({ kind: 'apHeading', headingDegMag: n(v.heading) }),
  },
  {
    id: 'apAltitude',
    phrases: ['[set] altitude <altitude>', '(climb | descend) and maintain <altitude>', '[climb | descend] [and maintain] flight level <flightLevel>'],
    variants: [
      '[set | select] [autopilot] altitude [to] <altitude> [feet]',
      '(climb | descend) [and maintain | to] <altitude> [feet]',
      'maintain <altitude> [feet]',
      '<altitude> feet',
      '[set | select | climb | descend | maintain] [and maintain | to | altitude] flight level <flightLevel>',
    ],
    build: (v) => ({ kind: 'apAltitude', altitudeFt: n(v.altitude ?? v.flightLevel) }),
  },
  {
    id: 'apSpeed',
    phrases: ['[set | reduce | increase] speed [to] <speed> [knots]'],
    variants: [
      '[set | select | reduce | increase | maintain] [autopilot] (speed | airspeed) [to] <speed> [knots]',
      '(reduce | increase | slow | accelerate) [to] <speed> knots',
      '<speed> knots',
    ],
    build: (v) => ({ kind: 'apSpeed', speedKt: n(v.speed) }),
  },
  {
    id: 'apVs',
    phrases: ['vertical speed <vs>'],
    variants: [`[set | select] (vertical speed | vs) [to] <vs> ${PER_MINUTE}`],
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
    variants: ['(autopilot | ap) (on | engage | connect)', '(engage | connect) (autopilot | ap)', 'turn (autopilot | ap) on', 'turn on (autopilot | ap)'],
    build: () => ({ kind: 'apMaster', on: true }),
  },
  {
    id: 'apMasterOff',
    phrases: ['autopilot off', 'disconnect autopilot'],
    variants: [
      '(autopilot | ap) (off | disengage | disconnect)',
      '(disengage | disconnect | release) (autopilot | ap)',
      'turn (autopilot | ap) off',
      'turn off (autopilot | ap)',
    ],
    build: () => ({ kind: 'apMaster', on: false }),
  },
];

const MODE_VERB = '[select | engage | arm | activate]';
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
  { id: 'flapsUp', phrases: ['flaps up'], variants: ['flaps retract', 'retract flaps', '[set] flaps [to] up'], build: () => ({ kind: 'flaps', setting: 'up' }) },
  { id: 'flapsFull', phrases: ['flaps full'], variants: ['[set] flaps [to] full', 'full flaps', 'flaps full down'], build: () => ({ kind: 'flaps', setting: 'full' }) },
  {
    id: 'flapsNumber',
    phrases: ['flaps <flaps>'],
    variants: ['[set] flaps [to] <flaps> [degrees]', '<flaps> degrees [of] flaps'],
    build: (v) => ({ kind: 'flaps', setting: n(v.flaps) }),
  },
  { id: 'flapsAmbiguous', phrases: [], variants: ['flaps (down | extend)', '(extend | lower) flaps'], build: () => invalidIntent('flapsDown') },
];

const gearRules: Rule[] = [
  {
    id: 'gearDown',
    phrases: ['[landing] gear down'],
    variants: ['[landing] gear (down | extend) [three green]', '(lower | drop | extend) [landing] gear'],
    build: () => ({ kind: 'gear', down: true }),
  },
  {
    id: 'gearUp',
    phrases: ['[landing] gear up'],
    variants: ['[landing] gear (up | retract)', '(raise | retract) [landing] gear', 'positive rate gear up'],
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
      variants: [`[turn | switch] ${words} ${state}`, `(turn | switch) ${state} ${words}`],
      build: (): Intent => ({ kind: 'light', light, on }),
    };
  }),
);

const radioRules: Rule[] = [
  {
    id: 'comActive',
    phrases: ['[tune] com <radioIdx> [to] <comFreq>'],
    variants: [
      '[set | tune] com <radioIdx> [active] [to | on] <comFreq>',
      '[set | tune] [to] <comFreq> (on | in) com <radioIdx> [active]',
      '(contact | monitor) (tower | ground | approach | departure | center | clearance | delivery | unicom | atis) [on] <comFreq>',
      'tune [to] <comFreq>',
    ],
    build: (v) => ({ kind: 'radio', radio: radioOf('com', v.radioIdx), slot: 'active', khz: n(v.comFreq) }),
  },
  {
    id: 'comStandby',
    phrases: ['com <radioIdx> standby <comFreq>'],
    variants: ['[set | tune] com <radioIdx> standby [to | on] <comFreq>', '[set | tune] standby com <radioIdx> [to] <comFreq>', '[set | tune] <comFreq> (on | in) com <radioIdx> standby'],
    build: (v) => ({ kind: 'radio', radio: radioOf('com', v.radioIdx), slot: 'standby', khz: n(v.comFreq) }),
  },
  {
    id: 'navActive',
    phrases: ['nav <radioIdx> <navFreq>'],
    variants: ['[set | tune] nav <radioIdx> [active] [to | on] <navFreq>', '[set | tune] <navFreq> (on | in) nav <radioIdx> [active]'],
    build: (v) => ({ kind: 'radio', radio: radioOf('nav', v.radioIdx), slot: 'active', khz: n(v.navFreq) }),
  },
  {
    id: 'navStandby',
    phrases: ['nav <radioIdx> standby <navFreq>'],
    variants: [
      '[set | tune] nav <radioIdx> standby [to | on] <navFreq>',
      '[set | tune] standby nav <radioIdx> [to] <navFreq>',
      '[set | tune] <navFreq> (on | in) nav <radioIdx> standby',
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
    variants: ['[set] (squawk | transponder) [code] [to] <squawk>', 'squawk code <squawk>'],
    build: (v) => ({ kind: 'transponder', code: n(v.squawk) }),
  },
  {
    id: 'altimeter',
    phrases: ['altimeter <pressure>', 'qnh <pressure>'],
    variants: ['[set] (altimeter | baro) [setting] [to] <pressure> [inches | hectopascal]', '[set] qnh [to] <pressure> [hectopascal | inches]'],
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
