import type { CopilotEvent } from './copilotEvents.js';
import type { ChecklistAction } from '../../intent/common/intents.js';
import { genericProfile, type AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import { checklistSetFor, flapsRange, type Checklist, type ChecklistName, type ChecklistSet, type ItemCheck } from './checklistSchema.js';

/**
 * The voice flow of one checklist: read an item's challenge, wait for "checked"/"set" (confirm or
 * next), check the item against the sim where telemetry can tell, challenge it when the sim
 * disagrees, and move on; "say again" repeats, "skip" leaves it unchecked, "stop" ends the list.
 */
export type ChecklistProgress = Extract<CopilotEvent, { type: 'checklist' }>;
type ItemStatus = ChecklistProgress['items'][number]['status'];

export interface ChecklistReply {
  /** What Stratus says. */
  text: string;
  /** The overlay's view; undefined when no checklist was running. */
  progress: ChecklistProgress | undefined;
}

export type ChecklistCommand = ChecklistAction | { kind: 'checklist'; action: ChecklistAction };

interface Running {
  name: ChecklistName;
  list: Checklist;
  index: number;
  statuses: ItemStatus[];
  done: boolean;
}

const titleCase = (name: string): string => name.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

export class ChecklistRunner {
  private running: Running | undefined;
  private state: SimState | undefined;

  constructor(
    private readonly sets: readonly ChecklistSet[],
    private profile: AircraftProfile = genericProfile,
  ) {}

  setProfile(profile: AircraftProfile): void {
    this.profile = profile;
  }

  /** The checklist in progress (for the LLM context and the overlay), if any. */
  get active(): ChecklistProgress | undefined {
    return this.running && !this.running.done ? this.progress() : undefined;
  }

  /** The checklists available for the current aircraft. */
  available(): ChecklistName[] {
    const set = checklistSetFor(this.sets, this.profile);
    return set ? (Object.keys(set.checklists) as ChecklistName[]) : [];
  }

  start(name: ChecklistName): ChecklistReply {
    const list = checklistSetFor(this.sets, this.profile)?.checklists[name];
    if (!list) {
      this.running = undefined;
      return { text: `I have no ${name.replace(/-/g, ' ')} checklist for this aircraft.`, progress: undefined };
    }
    this.running = { name, list, index: 0, statuses: list.items.map(() => 'pending'), done: false };
    return { text: `${list.title} checklist. ${this.challengeText()}`, progress: this.progress() };
  }

  /** Remembers the latest telemetry and checks the current item against it (undefined if it has no check). */
  verify(state: SimState): { ok: boolean; message: string } | undefined {
    this.state = state;
    const item = this.running && !this.running.done ? this.running.list.items[this.running.index] : undefined;
    if (!item?.verify) return undefined;
    return checkItem(item.verify, state, this.profile);
  }

  /** The pilot's answer; pass the current telemetry so the item is checked against it. */
  handle(command: ChecklistCommand, state?: SimState): ChecklistReply {
    if (state) this.state = state;
    const action = typeof command === 'string' ? command : command.action;
    const r = this.running;
    if (!r || r.done) return { text: 'No checklist running.', progress: undefined };
    switch (action) {
      case 'repeat':
        return { text: this.challengeText(), progress: this.progress() };
      case 'stop':
        r.done = true;
        return { text: `${r.list.title} checklist stopped.`, progress: this.progress() };
      case 'skip':
        r.statuses[r.index] = 'skipped';
        return this.advance('');
      case 'confirm':
      case 'next': {
        const item = r.list.items[r.index]!;
        const result = item.verify && this.state ? checkItem(item.verify, this.state, this.profile) : undefined;
        if (result && !result.ok) {
          r.statuses[r.index] = 'challenged';
          return { text: `${result.message} ${this.challengeText()}`, progress: this.progress() };
        }
        r.statuses[r.index] = 'checked';
        return this.advance('');
      }
    }
  }

  private advance(prefix: string): ChecklistReply {
    const r = this.running!;
    r.index++;
    if (r.index >= r.list.items.length) {
      r.done = true;
      r.index = r.list.items.length - 1;
      const skipped = r.statuses.filter((s) => s === 'skipped').length;
      const tail = skipped ? `, ${skipped} item${skipped > 1 ? 's' : ''} skipped` : '';
      return { text: `${prefix}${r.list.title} checklist complete${tail}.`, progress: this.progress() };
    }
    return { text: `${prefix}${this.challengeText()}`, progress: this.progress() };
  }

  private challengeText(): string {
    const r = this.running!;
    return `${r.list.items[r.index]!.challenge}.`;
  }

  private progress(): ChecklistProgress {
    const r = this.running!;
    return {
      type: 'checklist',
      name: r.name,
      title: r.list.title || titleCase(r.name),
      index: r.index,
      items: r.list.items.map((it, i) => ({ challenge: it.challenge, response: it.response, status: r.statuses[i]! })),
      done: r.done,
    };
  }
}

/** One telemetry check; the message is what Stratus says when the sim disagrees. */
export function checkItem(check: ItemCheck, s: SimState, profile: AircraftProfile): { ok: boolean; message: string } {
  switch (check.check) {
    case 'gear':
      return s.gearDown === check.down
        ? { ok: true, message: `Gear ${check.down ? 'down' : 'up'}.` }
        : { ok: false, message: `Gear shows ${s.gearDown ? 'down' : 'up'}.` };
    case 'flaps': {
      const { min, max } = flapsRange(profile, check.setting);
      const name = (i: number): string => profile.flaps[i]?.name ?? String(i);
      const ok = s.flapsIndex >= min && s.flapsIndex <= max;
      const want = min === max ? name(min) : `${name(min)} to ${name(max)}`;
      return ok ? { ok, message: `Flaps ${name(s.flapsIndex)}.` } : { ok, message: `Flaps show ${name(s.flapsIndex)}, ${check.setting} flaps are ${want}.` };
    }
    case 'light': {
      const on = s.lights[check.light];
      return on === check.on
        ? { ok: true, message: `${titleCase(check.light)} light ${on ? 'on' : 'off'}.` }
        : { ok: false, message: `${titleCase(check.light)} light is ${on ? 'on' : 'off'}.` };
    }
    case 'transponder': {
      const code = String(s.xpdrCode).padStart(4, '0');
      if (check.code !== undefined && s.xpdrCode !== check.code) return { ok: false, message: `Transponder shows ${code}, expected ${String(check.code).padStart(4, '0')}.` };
      return s.xpdrCode === 0 ? { ok: false, message: 'Transponder code is not set.' } : { ok: true, message: `Squawking ${code}.` };
    }
    case 'altimeter': {
      const inHg = s.altimeterInHg.toFixed(2);
      if (check.standard) return Math.abs(s.altimeterInHg - 29.92) < 0.005 ? { ok: true, message: 'Altimeter standard.' } : { ok: false, message: `Altimeter shows ${inHg}, not standard.` };
      return s.altimeterInHg >= 28 && s.altimeterInHg <= 31.5 ? { ok: true, message: `Altimeter ${inHg}.` } : { ok: false, message: `Altimeter shows ${inHg}, that is not a plausible setting.` };
    }
    case 'engine':
      return s.engineRunning === check.running
        ? { ok: true, message: `Engine ${check.running ? 'running' : 'stopped'}.` }
        : { ok: false, message: `Engine shows ${s.engineRunning ? 'running' : 'stopped'}.` };
  }
}
