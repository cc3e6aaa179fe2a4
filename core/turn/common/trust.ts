import type { Intent } from '../../intent/common/intents.js';
import { simWriteKinds } from '../../intent/common/intents.js';
import type { ParseResult } from '../../intent/common/parser.js';
import { resolveFlapDetent } from '../../intent/common/toSimAction.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import type { Hypothesis } from '../../speech/common/sttEngine.js';
import { headingChangeDeg, riskOf } from './risk.js';

/**
 * How far the decide stage trusts what it heard. A score is the recogniser's confidence in a
 * hypothesis times the parser's confidence in its reading (0..1). Below `rejectBelow` the turn
 * answers "Say again." and does nothing; any command below `askBelow`, and a high-risk or suspect
 * one below `confirmBelow`, is asked back as a question ("Confirm heading one two zero?"), as is
 * an "affirm" heard below `askBelow` (it would fly the question's command); two readings of the
 * same command with different values ("gear up" / "gear down") closer than `margin` are asked back
 * whatever their risk.
 */
export interface Thresholds {
  rejectBelow: number;
  askBelow: number;
  confirmBelow: number;
  margin: number;
}

/**
 * The pilot's strictness setting (0 relaxed .. 1 strict) to thresholds: linear between these
 * anchors, each column non-decreasing, so stricter never trusts more. Calibrated on the spoken
 * test set (`npm run bench`, recognition bench: 690 clips, four voices, noise, free speech):
 * recogniser confidences are probabilities that the words are right; at the default, commands
 * fly from 0.9 (risky ones from 0.95) and fewer than 1 % of clips fly something that was not
 * said; between 0.5 and those they are asked back, which costs the pilot one "affirm" instead of
 * the whole command again. Change the numbers here and nowhere else. At 1 every spoken high-risk
 * command short of certainty is asked back.
 */
export const STRICTNESS_ANCHORS: ReadonlyArray<{ strictness: number } & Thresholds> = [
  { strictness: 0, rejectBelow: 0.35, askBelow: 0.75, confirmBelow: 0.85, margin: 0.05 },
  { strictness: 0.5, rejectBelow: 0.5, askBelow: 0.9, confirmBelow: 0.95, margin: 0.15 },
  { strictness: 1, rejectBelow: 0.7, askBelow: 0.97, confirmBelow: 1, margin: 0.3 },
];
/** The setting's default (speech.strictness): what a pilot who never opened the settings gets. */
export const DEFAULT_STRICTNESS = 0.5;
/** A suspect command (it changes nothing, or jumps implausibly far) counts this much less. */
export const SUSPECT_FACTOR = 0.7;
/** Hypotheses beyond this many are noise: recognisers list near-identical tails. */
export const MAX_HYPOTHESES = 5;
/** An altitude target moved further than this in one command is more likely a misheard digit. */
export const IMPLAUSIBLE_ALTITUDE_CHANGE_FT = 20_000;
/** A speed target this far below the stall speed (vso) or above the limit (vmo/vne) is not flyable. */
export const IMPLAUSIBLE_SPEED_MARGIN = 0.2;

/** Thresholds for a strictness (clamped to 0..1; not a number: the default). Monotone in strictness. */
export function thresholdsFor(strictness: number): Thresholds {
  const s = Number.isFinite(strictness) ? Math.min(1, Math.max(0, strictness)) : DEFAULT_STRICTNESS;
  const upper = STRICTNESS_ANCHORS.findIndex((a) => a.strictness >= s);
  const hi = STRICTNESS_ANCHORS[Math.max(0, upper)]!;
  const lo = STRICTNESS_ANCHORS[Math.max(0, upper - 1)]!;
  const t = hi.strictness === lo.strictness ? 0 : (s - lo.strictness) / (hi.strictness - lo.strictness);
  const mix = (a: number, b: number): number => Math.round((a + (b - a) * t) * 1000) / 1000;
  return { rejectBelow: mix(lo.rejectBelow, hi.rejectBelow), askBelow: mix(lo.askBelow, hi.askBelow), confirmBelow: mix(lo.confirmBelow, hi.confirmBelow), margin: mix(lo.margin, hi.margin) };
}

/** What the turn heard: the recogniser's output, or typed text. */
export interface Heard {
  text: string;
  /** 0..1; undefined when the recogniser gives none. */
  confidence?: number;
  /** n-best, best first (alternatives[0] is `text`). */
  alternatives?: Hypothesis[];
  /** Typed by the pilot: taken as said, never questioned. */
  typed?: boolean;
}

/** One hypothesis as the decide stage sees it. */
export interface Reading {
  text: string;
  parsed: ParseResult;
  /** Recogniser confidence times parser confidence; undefined when the recogniser gives none. */
  score?: number;
  /** Why the command looks wrong against the sim state ("gear already down"), if it does. */
  suspect?: string;
}

export type Verdict =
  | { action: 'apply'; reading: Reading }
  | { action: 'confirm'; reading: Reading; why: string }
  | { action: 'reject'; reading: Reading; why: string };

/** The intents of a parse, in order. */
export function intentsOf(parsed: ParseResult): Intent[] {
  return [parsed.intent, ...(parsed.also ?? [])];
}

/** Understood as something to do or answer (not handed to the language model, not refused). */
function understood(parsed: ParseResult): boolean {
  return intentsOf(parsed).every((i) => i.kind !== 'llm' && i.kind !== 'invalid');
}

function fmt(n: number): string {
  return n.toFixed(2);
}

/** Why a sim write looks wrong against the live state: it changes nothing, or jumps implausibly far. */
export function suspicionOf(intent: Intent, state: SimState, profile: AircraftProfile): string | undefined {
  switch (intent.kind) {
    case 'apMaster':
      return state.ap.master === intent.on ? `autopilot already ${intent.on ? 'on' : 'off'}` : undefined;
    case 'gear':
      return profile.retractableGear && state.gearDown === intent.down ? `gear already ${intent.down ? 'down' : 'up'}` : undefined;
    case 'apHeading':
      return headingChangeDeg(state.ap.headingDegMag, intent.headingDegMag) < 1 ? 'heading bug already there' : undefined;
    case 'apAltitude': {
      const change = Math.abs(intent.altitudeFt - state.ap.altitudeFt);
      if (change < 1) return 'altitude target already there';
      return change > IMPLAUSIBLE_ALTITUDE_CHANGE_FT ? `altitude target change of ${Math.round(change)} ft` : undefined;
    }
    case 'apSpeed': {
      if (Math.abs(intent.speedKt - state.ap.speedKt) < 1) return 'speed target already there';
      const min = profile.speeds.vsoKt * (1 - IMPLAUSIBLE_SPEED_MARGIN);
      const max = (profile.speeds.vmoKt ?? profile.speeds.vneKt) * (1 + IMPLAUSIBLE_SPEED_MARGIN);
      return intent.speedKt < min || intent.speedKt > max ? `speed ${intent.speedKt} kt is outside the ${profile.name}'s range` : undefined;
    }
    case 'flaps': {
      const d = resolveFlapDetent(intent.setting, profile);
      return d && d.index === state.flapsIndex ? 'flaps already there' : undefined;
    }
    case 'transponder':
      return state.xpdrCode === intent.code ? 'already squawking that' : undefined;
    case 'light':
      return state.lights[intent.light] === intent.on ? `${intent.light} light already ${intent.on ? 'on' : 'off'}` : undefined;
    case 'radio': {
      const key = `${intent.radio}${intent.slot === 'active' ? 'Active' : 'Standby'}Khz` as const;
      return state.radios[key] === intent.khz ? 'radio already tuned there' : undefined;
    }
    default:
      return undefined;
  }
}

export interface WeighContext {
  /** The turn's parse function (in the aircraft's terms, knowing whether a checklist runs). */
  parse(text: string): ParseResult;
  state: SimState;
  profile: AircraftProfile;
  thresholds: Thresholds;
}

/**
 * The hypotheses worth reading, best first, each with the recogniser's confidence (if any). The
 * list is the recogniser's own order, so no alternative counts more than the best (engines that
 * score the best and the rest on different scales cannot promote a runner-up by that alone).
 */
function hypothesesOf(heard: Heard): Array<{ text: string; confidence?: number }> {
  const top = heard.confidence;
  if (top === undefined) return [{ text: heard.text }];
  const alts = (heard.alternatives ?? []).slice(0, MAX_HYPOTHESES).filter((a, i) => !(i === 0 && a.text.trim() === heard.text.trim()));
  return [{ text: heard.text, confidence: top }, ...alts.map((a) => ({ text: a.text, confidence: Math.min(a.confidence, top) }))];
}

/**
 * One reading per meaning: hypotheses that parse to the same notation ("heading two seven zero",
 * "heading to seven zero") pool their confidence (capped at 1) under the first one's words.
 */
function pooled(hypotheses: Array<{ text: string; confidence?: number }>, ctx: WeighContext): Reading[] {
  const byMeaning = new Map<string, { text: string; confidence?: number; parsed: ParseResult }>();
  for (const h of hypotheses) {
    const parsed = ctx.parse(h.text);
    const seen = byMeaning.get(parsed.notation);
    if (!seen) byMeaning.set(parsed.notation, { ...h, parsed });
    else if (seen.confidence !== undefined && h.confidence !== undefined) seen.confidence = Math.min(1, seen.confidence + h.confidence);
  }
  return [...byMeaning.values()].map((h) => read(h, h.parsed, ctx));
}

function read(h: { text: string; confidence?: number }, parsed: ParseResult, ctx: WeighContext): Reading {
  const suspect = intentsOf(parsed)
    .filter((i) => simWriteKinds.has(i.kind))
    .map((i) => suspicionOf(i, ctx.state, ctx.profile))
    .find((s) => s !== undefined);
  return {
    text: h.text,
    parsed,
    ...(h.confidence !== undefined ? { score: Math.max(0, Math.min(1, h.confidence)) * parsed.confidence } : {}),
    ...(suspect ? { suspect } : {}),
  };
}

/** The score a reading competes with: suspect readings count less. */
function weight(r: Reading): number | undefined {
  return r.score === undefined ? undefined : r.score * (r.suspect ? SUSPECT_FACTOR : 1);
}

/**
 * The decide stage's judgement of what was heard: which hypothesis to act on (n-best rescored
 * with the parser and the live sim state) and whether to apply it, ask it back, or ask the pilot
 * to say again. Pure: the same inputs give the same verdict.
 *
 * - Typed text is applied as typed (a pilot typing is sure).
 * - Hypotheses that mean the same pool their confidence; no alternative counts more than the best.
 *   Readings that parse to a command or query beat ones that do not; among them the highest
 *   weight wins (score, times SUSPECT_FACTOR for a write that changes nothing or jumps too far).
 * - Below `rejectBelow`: "Say again."; an "affirm" below `askBelow` too. A near-minimal rival
 *   (same intent kind, other values) within `margin`: asked. A write below `askBelow`, a high-risk
 *   or suspect one below `confirmBelow`, or one with no confidence from the recogniser: asked.
 *   Everything else applies.
 */
export function weigh(heard: Heard, ctx: WeighContext): Verdict {
  if (heard.typed) return { action: 'apply', reading: { text: heard.text, parsed: ctx.parse(heard.text), score: 1 } };
  const readings = pooled(hypothesesOf(heard), ctx);
  let chosen = readings[0]!;
  for (const r of readings.slice(1)) {
    const better = understood(r.parsed) && (!understood(chosen.parsed) || (weight(r) ?? -1) > (weight(chosen) ?? -1));
    if (better) chosen = r;
  }
  const w = weight(chosen);
  if (chosen.score !== undefined && chosen.score < ctx.thresholds.rejectBelow) {
    return { action: 'reject', reading: chosen, why: `low confidence ${fmt(chosen.score)}` };
  }
  const intents = intentsOf(chosen.parsed);
  // "affirm" flies the question's command: it must be heard as surely as a command would be.
  if (chosen.score !== undefined && chosen.score < ctx.thresholds.askBelow && intents.some((i) => i.kind === 'affirm')) {
    return { action: 'reject', reading: chosen, why: `unsure it was "affirm" (${fmt(chosen.score)})` };
  }
  const writes = intents.filter((i) => simWriteKinds.has(i.kind));
  if (writes.length === 0) return { action: 'apply', reading: chosen };
  const rival = readings.find((r) => r !== chosen && understood(r.parsed) && r.parsed.intent.kind === chosen.parsed.intent.kind && r.parsed.notation !== chosen.parsed.notation);
  const rivalWeight = rival ? weight(rival) : undefined;
  if (w !== undefined && rival && rivalWeight !== undefined && w - rivalWeight < ctx.thresholds.margin) {
    return { action: 'confirm', reading: chosen, why: `close to "${rival.text}" (${fmt(w)} vs ${fmt(rivalWeight)})` };
  }
  if (w !== undefined && w < ctx.thresholds.askBelow) return { action: 'confirm', reading: chosen, why: `confidence ${fmt(w)}` };
  const risky = writes.some((i) => riskOf(i, ctx.state, ctx.profile) === 'high');
  if (risky || chosen.suspect) {
    const what = chosen.suspect ?? 'high risk';
    if (w === undefined) return { action: 'confirm', reading: chosen, why: `${what}, no confidence from the recogniser` };
    if (w < ctx.thresholds.confirmBelow) return { action: 'confirm', reading: chosen, why: `${what}, confidence ${fmt(w)}` };
  }
  return { action: 'apply', reading: chosen };
}
