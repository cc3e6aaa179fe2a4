import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { commandResultSchema } from '../../../../core/api/common/contract.js';
import { customChangeResultSchema, customExportSchema, customListingSchema, type CustomListingResult } from '../../../../core/custom/common/customApi.js';
import type { CommandReply, EngineCommandInput } from '../../../lib/transport.js';

/** What a new command starts as in the editor: every part of the format, to change or delete. */
export const NEW_COMMAND_TEMPLATE = `id: my-command
phrase: beacon switch {state}
# aircraft: any            # or a profile id
# confirm: false           # true: ask back unless heard surely
# reply: beacon {state}
choices:
  state: { on: 1, off: 0 }
# numbers:
#   baro: { min: 2800, max: 3100, divide: 100 }   # phrase: set kollsman {baro}
actions:
  xplane:
    - { dataref: sim/cockpit2/switches/beacon_on, value: "{state}" }
  msfs:
    - { event: BEACON_LIGHTS_SET, value: "{state}" }
  flightgear:
    - { property: /controls/lighting/beacon, value: "{state}" }
  demo:
    - { demo: beaconLights, value: "{state}" }
#  any:
#    - { key: ctrl+b }
#    - { wait: 200 }
`;

/**
 * The Settings editor's state: the commands in use (and those left out, with why), the one being
 * edited as YAML, and the answers of the engine, which validates everything (nothing is written
 * unless it is all valid). Talks only through `send`.
 */
export class CustomModel {
  listing = $state.raw<CustomListingResult | null>(null);
  error = $state('');
  /** The command being edited: its YAML text, and the id it had (null: a new one). */
  draft = $state<{ text: string; original: string | null } | null>(null);
  /** Why the draft (or an import) was refused, one reason a line. */
  problems = $state.raw<string[]>([]);
  note = $state('');
  testText = $state('');
  testReply = $state('');
  busy = $state(false);

  constructor(private readonly send: (command: EngineCommandInput) => Promise<CommandReply>) {}

  private take(reply: CommandReply): boolean {
    const parsed = reply.ok ? customChangeResultSchema.safeParse(reply.result) : undefined;
    if (!parsed?.success) {
      this.problems = [reply.error ?? 'the engine sent an answer that does not match the contract'];
      return false;
    }
    this.listing = parsed.data.listing;
    this.problems = parsed.data.problems.map((p) => (p.id === '*' || p.id === '?' ? p.reason : `${p.id}: ${p.reason}`));
    return parsed.data.ok;
  }

  async refresh(): Promise<void> {
    const reply = await this.send({ type: 'customList' });
    const parsed = reply.ok ? customListingSchema.safeParse(reply.result) : undefined;
    if (!parsed?.success) {
      this.error = `Could not load your commands: ${reply.error ?? 'unexpected answer'}`;
      return;
    }
    this.error = '';
    this.listing = parsed.data;
  }

  startNew(): void {
    this.draft = { text: NEW_COMMAND_TEMPLATE, original: null };
    this.problems = [];
    this.note = '';
  }

  edit(id: string): void {
    const c = this.listing?.commands.find((x) => x.command.id === id);
    if (!c) return;
    this.draft = { text: stringifyYaml(c.command), original: c.source === 'user' ? id : null };
    this.problems = [];
    this.note = c.source === 'shipped' ? 'A shipped example: saving it with the same id makes it yours (it replaces the example).' : '';
  }

  async save(): Promise<void> {
    if (!this.draft) return;
    let command: unknown;
    try {
      command = parseYaml(this.draft.text, { maxAliasCount: 0 });
    } catch (e) {
      this.problems = [`Not YAML: ${(e as Error).message.split('\n')[0] ?? ''}`];
      return;
    }
    if (typeof command !== 'object' || command === null || Array.isArray(command)) {
      this.problems = ['A command is a map: id, phrase, actions…'];
      return;
    }
    this.busy = true;
    try {
      const ok = this.take(await this.send({ type: 'customSave', command: command as Record<string, unknown> }));
      const id = (command as { id?: unknown }).id;
      // Renamed: the old one goes once the new one is saved.
      if (ok && this.draft.original && typeof id === 'string' && id !== this.draft.original) this.take(await this.send({ type: 'customDelete', id: this.draft.original }));
      if (ok) {
        this.note = `Saved ${typeof id === 'string' ? id : ''}: say it now.`;
        this.draft = null;
      }
    } finally {
      this.busy = false;
    }
  }

  async remove(id: string): Promise<void> {
    this.note = this.take(await this.send({ type: 'customDelete', id })) ? `Deleted ${id}.` : '';
  }

  /** Types the phrase as the pilot would say it: the engine understands and flies it. */
  async test(): Promise<void> {
    if (this.testText.trim() === '') return;
    const reply = await this.send({ type: 'text', text: this.testText.trim() });
    const parsed = reply.ok ? commandResultSchema.safeParse(reply.result) : undefined;
    this.testReply = parsed?.success ? `${parsed.data.intent?.startsWith('custom ') ? 'Your command' : `Understood as ${parsed.data.intent}`}: ${parsed.data.outcome.status}. “${parsed.data.reply}”` : (reply.error ?? 'no answer');
  }

  async importText(text: string): Promise<void> {
    this.note = this.take(await this.send({ type: 'customImport', text })) ? 'Imported.' : 'Nothing was imported:';
  }

  async exportText(): Promise<{ text: string; fileName: string } | null> {
    const reply = await this.send({ type: 'customExport', all: false });
    const parsed = reply.ok ? customExportSchema.safeParse(reply.result) : undefined;
    return parsed?.success ? parsed.data : null;
  }
}
