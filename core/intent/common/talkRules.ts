import type { Rule } from './commandRules.js';
import type { ChecklistAction, ChecklistName, Intent, QueryTarget } from './intents.js';
import { invalidIntent } from './invalidReasons.js';

/** Queries of the sim state, checklist control, callouts, repeat, cancel: same notation as commandRules. */

const ASK = '(what is | what are | say | tell me | check | read [me] | give me | show [me] | confirm)';
const POSSESSIVE = '[our | my | the]';

/** [target, noun phrase (all forms), core phrasings for the recogniser grammars, more variants] */
const queryNouns: ReadonlyArray<[QueryTarget, string, string[], string[]]> = [
  ['altitude', '[current | present] altitude', [`what is ${POSSESSIVE} altitude`, 'say altitude'], ['how high are we', 'what altitude are we [at]']],
  ['speed', '[current] ([indicated] airspeed | speed | indicated)', [`what is ${POSSESSIVE} (airspeed | speed)`, 'say airspeed'], ['how fast are we [going | flying]']],
  ['groundspeed', 'groundspeed', [`what is ${POSSESSIVE} groundspeed`], []],
  ['heading', '[current] heading', [`what is ${POSSESSIVE} heading`, 'say heading'], ['which way are we (heading | going | pointing)']],
  ['vs', '(vertical speed | rate of (climb | descent) | (climb | descent) rate)', [`what is ${POSSESSIVE} vertical speed`], ['are we (climbing | descending)']],
  [
    'fuel',
    '(fuel | fuel (state | remaining | quantity | status | on board))',
    ['how much fuel do we have', `what is ${POSSESSIVE} fuel`],
    ['how much fuel [do we have | have we got | is left | remaining | left | on board]'],
  ],
  ['wind', '[current] (wind | winds)', [`what is ${POSSESSIVE} wind`], ['where is wind from']],
  ['position', '(position | location)', ['where are we'], []],
  ['com1', 'com one [frequency]', ['what is on com one'], ['what frequency is com one on']],
  ['com2', 'com two [frequency]', ['what is on com two'], []],
  ['nav1', 'nav one [frequency]', ['what is on nav one'], []],
  ['xpdr', '(squawk | transponder) [code]', [`what is ${POSSESSIVE} squawk`], ['what are we squawking', 'what is squawk code']],
  ['flaps', '(flaps | flap setting | flaps setting)', [`where are ${POSSESSIVE} flaps`], ['what are flaps set to', 'are flaps (up | down | set)']],
  ['gear', '[landing] gear [status | position]', [`is ${POSSESSIVE} gear down`], ['is gear (down | up)', 'are wheels down']],
  ['altimeter', '(altimeter [setting] | qnh | baro setting)', [`what is ${POSSESSIVE} altimeter setting`], ['what is altimeter set to']],
  ['autopilot', '(autopilot | ap) (status | mode | modes)', ['autopilot status'], ['what is autopilot doing', 'is autopilot on']],
  ['lights', 'lights [status]', ['which lights are on'], []],
];

const queryRules: Rule[] = queryNouns.map(([what, noun, core, extra]) => ({
  id: `query.${what}`,
  phrases: core,
  variants: [`${ASK} ${POSSESSIVE} ${noun}`, `${noun} [check | status]`, ...extra],
  build: (): Intent => ({ kind: 'query', what }),
}));

const checklistWords: ReadonlyArray<[ChecklistName, string, string]> = [
  ['before-start', 'before start', '(before start | before engine start | pre start)'],
  ['before-takeoff', 'before takeoff', '(before takeoff | pre takeoff | runup | run up)'],
  ['after-takeoff', 'after takeoff', '(after takeoff | climb)'],
  ['approach', 'approach', '(approach | descent)'],
  ['landing', 'landing', '(landing | before landing | final)'],
];
const checklistStartRules: Rule[] = checklistWords.map(([name, core, words]) => ({
  id: `checklist.${name}`,
  phrases: [`[run the] ${core} checklist`],
  variants: [`[run | start | begin | do | read | call for | give me] [the] ${words} checklist`, `checklist ${words}`],
  build: (): Intent => ({ kind: 'checklistStart', name }),
}));

const checklistActionPhrases: ReadonlyArray<[ChecklistAction, string[], string[]]> = [
  // "affirm", "confirm", "yes" are answers too: the affirm rule makes them a checklist confirm while one runs.
  ['confirm', ['checked'], ['(checked | check | done | complete | completed | set | set and checked | checked and set)']],
  ['next', ['next item'], ['next [item | one]', 'continue', 'go on']],
  ['repeat', ['repeat [the] item'], ['(repeat | say again) [that | last] item', 'what was [that | last] item', 'item again']],
  ['skip', ['skip item'], ['skip [item | it | that | this one]']],
  ['stop', ['stop checklist'], ['(stop | cancel | abort | end | close | exit | quit | finish) checklist', 'checklist (stop | cancel | off | complete)']],
];
const checklistActionRules: Rule[] = checklistActionPhrases.map(([action, phrases, variants]) => ({
  id: `checklist.${action}`,
  phrases,
  variants,
  // Outside a checklist these words mean nothing to act on (stop still works: nothing to stop).
  build: (_v, ctx): Intent => (ctx.checklistActive || action === 'stop' ? { kind: 'checklist', action } : invalidIntent('noChecklist')),
}));

const miscRules: Rule[] = [
  {
    id: 'calloutsOff',
    phrases: ['mute callouts', 'callouts off'],
    variants: ['(mute | disable | silence | stop | turn off | no) callouts', 'callouts (off | mute | disable | disabled)', 'turn callouts off'],
    build: () => ({ kind: 'callouts', on: false }),
  },
  {
    id: 'calloutsOn',
    phrases: ['callouts on'],
    variants: ['(unmute | enable | resume | start | turn on) callouts', 'callouts (on | enable | enabled)', 'turn callouts on'],
    build: () => ({ kind: 'callouts', on: true }),
  },
  {
    id: 'repeat',
    phrases: ['say again'],
    variants: ['repeat [that | last | last message]', 'come again', 'what did you say', 'pardon [me]', 'say that again'],
    build: () => ({ kind: 'repeat' }),
  },
  {
    id: 'cancel',
    phrases: ['cancel', 'stop talking', 'never mind', 'disregard'],
    variants: ['(cancel | stop | never mind | disregard | abort | quiet | shut up) [it | talking]', '(stop | disregard | never mind) that', 'be quiet'],
    build: () => ({ kind: 'cancel' }),
  },
  {
    // Outside a checklist a yes answers Stratus's question ("confirm gear up?"); inside, it checks the item.
    id: 'affirm',
    phrases: ['affirm', 'affirmative', 'confirm', 'correct', 'yes'],
    variants: [
      '(affirm | affirmative | confirm | confirmed | correct | yes | yeah | yep | right | that is (correct | right) | that is affirm) [that | it is | please | go ahead | do it]',
      'yes [please] (correct | do it | go ahead | affirm | that is (correct | right))',
      'go ahead',
      'do it',
    ],
    build: (_v, ctx): Intent => (ctx.checklistActive ? { kind: 'checklist', action: 'confirm' } : { kind: 'affirm' }),
  },
  {
    id: 'negative',
    phrases: ['negative', 'no', 'incorrect', 'wrong'],
    variants: ['(negative | no | nope | incorrect | wrong | that is (wrong | incorrect | not right | not correct)) [that is wrong | that is incorrect | wrong | incorrect]', 'no no'],
    build: () => ({ kind: 'negative' }),
  },
  {
    id: 'undo',
    phrases: ['undo', 'undo that', 'cancel that', 'belay that', 'scratch that', 'take that back'],
    variants: [
      'undo [that | it | last | last command | previous | previous command]',
      '(cancel | belay | scratch | revert | reverse) (that | it | [my] last [command] | previous [command])',
      'belay [[my] last]',
      '(take | put) (that | it) back',
      '(go back | revert | put it back | undo it)',
    ],
    build: () => ({ kind: 'undo' }),
  },
];

export const talkRules: Rule[] = [...queryRules, ...checklistStartRules, ...checklistActionRules, ...miscRules];
