import type { SimState } from '../../sim/common/simState.js';

/**
 * Flight phase from telemetry alone, with hysteresis: a new phase must be indicated for a dwell
 * time (sim seconds) before it is taken, vertical speed is smoothed, and the climb/level/descent
 * thresholds leave a dead band so a pitch oscillation does not flip the phase back and forth.
 */
export const phases = ['parked', 'taxi', 'takeoff-roll', 'initial-climb', 'climb', 'cruise', 'descent', 'approach', 'landing-roll'] as const;
export type Phase = (typeof phases)[number];

export interface PhaseThresholds {
  /** Below this ground speed the aircraft counts as stopped, kt. */
  stoppedKt: number;
  /** Ground speed from which moving on the ground is a taxi, kt. */
  taxiKt: number;
  /** Ground speed above which a ground roll is a takeoff (or still a landing) roll, kt. */
  rollKt: number;
  /** Acceleration that marks the start of a takeoff roll at low speed, kt/s. */
  takeoffAccelKtPerS: number;
  /** Initial climb ends at this height above the ground, ft. */
  initialClimbTopAglFt: number;
  /** Below this height, descending (or flaps out and not climbing) is an approach, ft AGL. */
  approachAglFt: number;
  /** Smoothed vertical speed above which the aircraft climbs, and below minus which it descends, fpm. */
  climbFpm: number;
  /** Smoothed vertical speed magnitude below which the aircraft is level, fpm. */
  levelFpm: number;
  /** Time constant of the vertical-speed smoothing, s. */
  vsSmoothingS: number;
  /** How long a new phase must be indicated before it is taken, s. */
  dwellS: number;
  /** Dwell for liftoff, touchdown and changes on the ground, s. */
  groundDwellS: number;
  /** Stopped this long on the ground counts as parked, s. */
  parkedAfterS: number;
}

export const defaultPhaseThresholds: PhaseThresholds = {
  stoppedKt: 1,
  taxiKt: 3,
  rollKt: 30,
  takeoffAccelKtPerS: 1.5,
  initialClimbTopAglFt: 1000,
  approachAglFt: 2000,
  climbFpm: 200,
  levelFpm: 120,
  vsSmoothingS: 2,
  dwellS: 3,
  groundDwellS: 0.5,
  parkedAfterS: 5,
};

const airbornePhases: ReadonlySet<Phase> = new Set(['initial-climb', 'climb', 'cruise', 'descent', 'approach']);

export class PhaseDetector {
  private current: Phase | undefined;
  private candidate: Phase | undefined;
  private candidateSinceS = 0;
  private vsFpm = 0;
  private lastTimeS: number | undefined;
  private stoppedSinceS: number | undefined;
  /** Ground speed samples over the last few seconds, to see a takeoff roll starting. */
  private gsHistory: { tS: number; gsKt: number }[] = [];

  constructor(private readonly t: PhaseThresholds = defaultPhaseThresholds) {}

  /** The current phase; 'parked' before the first update. */
  get phase(): Phase {
    return this.current ?? 'parked';
  }

  /** Smoothed vertical speed used for the decision, fpm. */
  get smoothedVsFpm(): number {
    return this.vsFpm;
  }

  reset(): void {
    this.current = undefined;
    this.candidate = undefined;
    this.lastTimeS = undefined;
    this.stoppedSinceS = undefined;
    this.gsHistory = [];
    this.vsFpm = 0;
  }

  update(s: SimState): Phase {
    const tS = s.simTimeS;
    if (this.lastTimeS !== undefined && tS < this.lastTimeS - 1) this.reset(); // sim time went back: a new flight
    const dtS = this.lastTimeS === undefined ? 0 : Math.max(0, tS - this.lastTimeS);
    this.lastTimeS = tS;
    const alpha = this.current === undefined ? 1 : 1 - Math.exp(-dtS / this.t.vsSmoothingS);
    this.vsFpm += alpha * (s.verticalSpeedFpm - this.vsFpm);
    this.trackGround(s, tS);

    const indicated = this.indicate(s, tS);
    if (this.current === undefined) {
      this.current = indicated;
      this.candidate = undefined;
      return this.current;
    }
    if (indicated === this.current) {
      this.candidate = undefined;
      return this.current;
    }
    if (indicated !== this.candidate) {
      this.candidate = indicated;
      this.candidateSinceS = tS;
    }
    // Liftoff, touchdown and changes on the ground are clear once the wheels agree; airborne changes need the longer dwell.
    const bothAirborne = airbornePhases.has(this.current) && airbornePhases.has(indicated);
    const dwell = bothAirborne ? this.t.dwellS : this.t.groundDwellS;
    if (tS - this.candidateSinceS >= dwell) {
      this.current = indicated;
      this.candidate = undefined;
    }
    return this.current;
  }

  private trackGround(s: SimState, tS: number): void {
    if (s.onGround && s.groundSpeedKt < this.t.stoppedKt) this.stoppedSinceS ??= tS;
    else this.stoppedSinceS = undefined;
    this.gsHistory.push({ tS, gsKt: s.groundSpeedKt });
    while (this.gsHistory.length > 2 && tS - this.gsHistory[0]!.tS > 2) this.gsHistory.shift();
  }

  /** Ground acceleration over the last ~2 s, kt/s. */
  private accelKtPerS(): number {
    const first = this.gsHistory[0];
    const last = this.gsHistory[this.gsHistory.length - 1];
    if (!first || !last || last.tS - first.tS < 1) return 0;
    return (last.gsKt - first.gsKt) / (last.tS - first.tS);
  }

  /** The phase the current frame points to, before dwell. */
  private indicate(s: SimState, tS: number): Phase {
    const cur = this.current;
    if (s.onGround) {
      const wasAirborne = cur !== undefined && (airbornePhases.has(cur) || cur === 'landing-roll');
      if (wasAirborne && s.groundSpeedKt >= this.t.rollKt - 5) return 'landing-roll';
      if (this.stoppedSinceS !== undefined && tS - this.stoppedSinceS >= this.t.parkedAfterS) return 'parked';
      if (s.groundSpeedKt >= this.t.rollKt && cur !== 'landing-roll') return 'takeoff-roll';
      // A roll that keeps accelerating hard is a takeoff; a taxi settles at a steady speed.
      const accel = this.accelKtPerS();
      if (cur === 'takeoff-roll' && accel > this.t.takeoffAccelKtPerS / 3) return 'takeoff-roll';
      if (s.groundSpeedKt > 2 && accel >= this.t.takeoffAccelKtPerS) return 'takeoff-roll';
      if (s.groundSpeedKt >= this.t.taxiKt) return 'taxi';
      // Creeping (or stopped for less than parkedAfterS): keep what we had.
      return cur === undefined || cur === 'parked' ? 'parked' : cur === 'landing-roll' || cur === 'takeoff-roll' ? 'taxi' : cur;
    }
    const vs = this.vsFpm;
    const agl = s.altitudeAglFt;
    const climbing = vs > this.t.climbFpm;
    const descending = vs < -this.t.climbFpm;
    if (cur === 'takeoff-roll' || cur === 'initial-climb' || cur === 'parked' || cur === 'taxi') {
      if (agl < this.t.initialClimbTopAglFt && vs > -this.t.climbFpm) return 'initial-climb';
    }
    if (agl < this.t.approachAglFt && (descending || (s.flapsIndex > 0 && vs < this.t.levelFpm)) && cur !== 'initial-climb') {
      return 'approach';
    }
    if (cur === 'approach' && agl < this.t.approachAglFt && !climbing) return 'approach';
    if (climbing) return 'climb';
    if (descending) return 'descent';
    if (Math.abs(vs) < this.t.levelFpm) return 'cruise';
    // Dead band between level and climb/descent: keep the airborne phase we have.
    if (cur !== undefined && airbornePhases.has(cur) && cur !== 'initial-climb') return cur;
    return vs > 0 ? 'climb' : 'descent';
  }
}
