import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import { calloutLimitsFor, calloutPriority, priorityRank, type Callout, type CalloutId, type CalloutLimits } from './calloutRules.js';
import { buildCalloutRules, type CalloutRule, type RuleEnv } from './calloutRuleSet.js';
import { PhaseDetector, type Phase } from './phaseDetector.js';

/**
 * Pure callout evaluation, one call per telemetry frame. Each rule fires at most once per event:
 * its condition must hold for the rule's debounce time, then it latches until it re-arms (the
 * condition clears, or a new takeoff / target / approach begins). Results come sorted with
 * warnings first; a warning has `interrupts: true` so the speaker cuts in over chatter.
 */
export interface CalloutSettings {
  enabled: boolean;
  /** Muted: rules still latch (so unmuting does not blurt stale calls) but nothing is returned. */
  muted: boolean;
  /** Per-rule switches by callout id; absent means on. */
  rules: Record<string, boolean>;
  /** Decision height for the approach calls, ft AGL. */
  minimumsAglFt?: number;
}

/** Sim seconds after the first frame (or a sim-time reset) in which nothing is called: sims send zeros while loading. */
const SETTLE_S = 5;
/** Default decision height: CAT I, ft above the ground. */
const DEFAULT_MINIMUMS_AGL_FT = 200;

interface RuleState {
  armKey: string | undefined;
  fired: boolean;
  holdSinceS: number | undefined;
  clearSinceS: number | undefined;
}

export class CalloutEngine {
  settings: CalloutSettings;
  private readonly detector: PhaseDetector;
  private limits: CalloutLimits | undefined;
  private limitsFor: AircraftProfile | undefined;
  private rules: CalloutRule[] = [];
  private readonly ruleState = new Map<CalloutId, RuleState>();
  private prev: SimState | undefined;
  private firstTimeS: number | undefined;
  private readonly env: Omit<RuleEnv, 'phase' | 'prev' | 'limits' | 'minimumsAglFt'> = {
    takeoffCount: 0,
    approachCount: 0,
    lastGroundAltitudeFt: 0,
    target: { altitudeFt: 0, startAltitudeFt: 0, generation: 0, captured: false },
  };
  private lastPhase: Phase | undefined;

  constructor(settings: CalloutSettings, detector?: PhaseDetector) {
    this.settings = { ...settings, rules: { ...settings.rules } };
    this.detector = detector ?? new PhaseDetector();
  }

  /** The phase as of the last evaluated frame. */
  get phase(): Phase {
    return this.detector.phase;
  }

  /**
   * Changes settings (e.g. "mute callouts"); rule latches are kept. `rules`, when given, replaces
   * the switches (the settings hold all of them: a rule no longer listed is on again).
   */
  configure(patch: Partial<CalloutSettings>): void {
    this.settings = { ...this.settings, ...patch, rules: { ...(patch.rules ?? this.settings.rules) } };
  }

  reset(): void {
    this.detector.reset();
    this.ruleState.clear();
    this.prev = undefined;
    this.firstTimeS = undefined;
    this.lastPhase = undefined;
    this.env.takeoffCount = 0;
    this.env.approachCount = 0;
    this.env.target = { altitudeFt: 0, startAltitudeFt: 0, generation: 0, captured: false };
  }

  evaluate(state: SimState, profile: AircraftProfile): Callout[] {
    if (this.prev && state.simTimeS < this.prev.simTimeS - 1) this.reset();
    // Keyed by id: a host that rebuilds the profile object each frame does not pay for new rules.
    if (profile.id !== this.limitsFor?.id) {
      this.limitsFor = profile;
      this.limits = calloutLimitsFor(profile);
      this.rules = buildCalloutRules(this.limits);
    }
    const limits = this.limits!;
    const phase = this.detector.update(state);
    this.trackEnv(state, phase);
    this.firstTimeS ??= state.simTimeS;
    const prev = this.prev;
    this.prev = state;
    if (!prev || state.simTimeS - this.firstTimeS < SETTLE_S || state.paused) return [];

    const env: RuleEnv = { ...this.env, phase, prev, limits, minimumsAglFt: this.settings.minimumsAglFt ?? DEFAULT_MINIMUMS_AGL_FT };
    const out: Callout[] = [];
    for (const rule of this.rules) {
      // A switched-off rule still latches, like a muted one: switching it on mid-event does not blurt a stale call.
      const text = this.step(rule, state, env);
      if (text !== undefined && this.settings.rules[rule.id] !== false) {
        const priority = calloutPriority[rule.id];
        out.push({ id: rule.id, text, priority, simTimeS: state.simTimeS, interrupts: priority === 'warning' });
      }
    }
    if (!this.settings.enabled || this.settings.muted) return [];
    return out.sort((a, b) => priorityRank[a.priority] - priorityRank[b.priority]);
  }

  /** Advances one rule's latch; returns the words when it fires now. */
  private step(rule: CalloutRule, s: SimState, env: RuleEnv): string | undefined {
    const tS = s.simTimeS;
    let st = this.ruleState.get(rule.id);
    if (!st) {
      st = { armKey: undefined, fired: false, holdSinceS: undefined, clearSinceS: undefined };
      this.ruleState.set(rule.id, st);
    }
    const key = rule.armKey?.(env);
    if (key !== st.armKey) {
      st.armKey = key;
      st.fired = false;
      st.holdSinceS = undefined;
    }
    const active = rule.when(s, env);
    if (!active) {
      st.holdSinceS = undefined;
      st.clearSinceS ??= tS;
      if (st.fired && rule.rearmAfterClearS !== undefined && tS - st.clearSinceS >= rule.rearmAfterClearS) st.fired = false;
      return undefined;
    }
    st.clearSinceS = undefined;
    if (st.fired) return undefined;
    st.holdSinceS ??= tS;
    if (tS - st.holdSinceS < (rule.holdS ?? 0)) return undefined;
    st.fired = true;
    return rule.text(s, env);
  }

  private trackEnv(s: SimState, phase: Phase): void {
    const env = this.env;
    if (phase !== this.lastPhase) {
      if (phase === 'takeoff-roll') env.takeoffCount++;
      if (phase === 'approach') env.approachCount++;
      this.lastPhase = phase;
    }
    if (s.onGround) env.lastGroundAltitudeFt = s.altitudeFt;
    const t = env.target;
    if (Math.abs(s.ap.altitudeFt - t.altitudeFt) > 50) {
      env.target = { altitudeFt: s.ap.altitudeFt, startAltitudeFt: s.altitudeFt, generation: t.generation + 1, captured: false };
    } else if (!t.captured && Math.abs(s.altitudeFt - t.altitudeFt) < 100) {
      t.captured = true;
    }
  }
}

export type { Callout, CalloutId };
