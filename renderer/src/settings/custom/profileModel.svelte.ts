import { profileListSchema, profileSaveResultSchema } from '../../../../core/custom/common/customApi.js';
import type { AircraftProfile } from '../../../../core/sim/common/aircraftProfile.js';
import type { CommandReply, EngineCommandInput } from '../../../lib/transport.js';

type Listed = { profile: AircraftProfile; source: 'shipped' | 'user' };

/** The aircraft profiles for the picker, and the pilot's copy being edited (flap detents and speeds as JSON). */
export class ProfileModel {
  profiles = $state.raw<Listed[]>([]);
  error = $state('');
  /** The profile being edited as JSON text, or null. */
  draft = $state<string | null>(null);
  problems = $state.raw<string[]>([]);
  note = $state('');

  constructor(private readonly send: (command: EngineCommandInput) => Promise<CommandReply>) {}

  async refresh(): Promise<void> {
    const reply = await this.send({ type: 'profileList' });
    const parsed = reply.ok ? profileListSchema.safeParse(reply.result) : undefined;
    if (!parsed?.success) {
      this.error = `Could not load the aircraft profiles: ${reply.error ?? 'unexpected answer'}`;
      return;
    }
    this.error = '';
    this.profiles = parsed.data.profiles;
  }

  /** Edits the pilot's copy of a profile: what a pilot tunes (detents, speeds) with the rest. */
  edit(id: string): void {
    const p = this.profiles.find((x) => x.profile.id === id)?.profile;
    if (!p) return;
    this.draft = JSON.stringify(p, null, 2);
    this.problems = [];
    this.note = '';
  }

  async save(): Promise<void> {
    if (this.draft === null) return;
    let profile: unknown;
    try {
      profile = JSON.parse(this.draft);
    } catch (e) {
      this.problems = [`Not JSON: ${(e as Error).message}`];
      return;
    }
    if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) {
      this.problems = ['A profile is an object: id, name, flaps, speeds…'];
      return;
    }
    const reply = await this.send({ type: 'profileSave', profile: profile as Record<string, unknown> });
    const parsed = reply.ok ? profileSaveResultSchema.safeParse(reply.result) : undefined;
    if (!parsed?.success) {
      this.problems = [reply.error ?? 'unexpected answer'];
      return;
    }
    this.profiles = parsed.data.list.profiles;
    this.problems = parsed.data.problems;
    if (parsed.data.ok) {
      this.draft = null;
      this.note = parsed.data.note;
    }
  }
}
