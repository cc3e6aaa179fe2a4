import { settingsUpdateResultSchema } from '../../core/api/common/contract.js';
import { valueAt } from '../../core/config/common/settingsEffects.js';
import { configSchema, defaultConfig, type Config, type SettingsPatch } from '../../core/config/common/configSchema.js';
import { saveStatusText, type UpdateOutcome } from './saveStatus.js';
import { validateDraft, type FieldErrors } from './settingsValidation.js';
import type { CommandReply } from './transport.js';

export type { FieldErrors };

/**
 * The settings form: a deep $state draft bound to the fields, validated by the one config schema
 * on every change, saved through the engine's settingsUpdate (which writes the file atomically).
 */
export class SettingsModel {
  draft = $state<Config>(defaultConfig());
  saved = $state.raw<Config>(defaultConfig());
  loaded = $state(false);
  status = $state('');
  saveError = $state('');
  saving = $state(false);

  readonly errors: FieldErrors = $derived(validateDraft(this.draft).errors);
  readonly dirty: boolean = $derived(JSON.stringify(this.draft) !== JSON.stringify(this.saved));
  readonly valid: boolean = $derived(Object.keys(this.errors).length === 0);

  constructor(
    private readonly load: () => Promise<unknown>,
    private readonly update: (patch: SettingsPatch) => Promise<CommandReply>,
  ) {}

  async init(): Promise<void> {
    try {
      const parsed = configSchema.safeParse(await this.load());
      if (!parsed.success) throw new Error('the engine sent settings that do not match the schema');
      this.adopt(parsed.data);
      this.loaded = true;
    } catch (e) {
      this.saveError = `Could not load settings: ${(e as Error).message}`;
    }
  }

  /** Re-reads settings the engine changed itself (a downloaded model got selected) without losing edits. */
  async reload(): Promise<void> {
    const parsed = configSchema.safeParse(await this.load());
    if (!parsed.success) return;
    if (!this.dirty) return this.adopt(parsed.data);
    this.saved = parsed.data;
    this.draft.speech.stt = structuredClone(parsed.data.speech.stt);
  }

  /**
   * Settings changed elsewhere (the tray, a voice command, another window): taken in without
   * losing this window's edits. A field the user has not touched follows the engine; an edited
   * one keeps the user's value.
   */
  adoptExternal(config: Config, changed: readonly string[]): void {
    if (!this.loaded) return;
    if (!this.dirty) return this.adopt(config);
    for (const path of changed) {
      if (JSON.stringify(valueAt(this.draft, path)) === JSON.stringify(valueAt(this.saved, path))) {
        setAt(this.draft, path, structuredClone(valueAt(config, path)));
      }
    }
    this.saved = config;
  }

  private adopt(config: Config): void {
    this.saved = config;
    this.draft = structuredClone(config);
  }

  async save(): Promise<boolean> {
    const { config } = validateDraft(this.draft);
    if (!config) {
      this.saveError = 'Fix the highlighted fields first.';
      return false;
    }
    return this.send(config, 'Saved');
  }

  async resetToDefaults(): Promise<boolean> {
    return this.send(defaultConfig(), 'Defaults restored');
  }

  /** Applies part of the config right away (used by "test connection" before a full save). */
  async applyPart(patch: SettingsPatch): Promise<boolean> {
    return this.send(patch, 'Applied');
  }

  revert(): void {
    this.draft = structuredClone(this.saved);
    this.saveError = '';
  }

  private async send(patch: SettingsPatch, done: 'Saved' | 'Defaults restored' | 'Applied'): Promise<boolean> {
    this.saving = true;
    this.saveError = '';
    this.status = '';
    try {
      const reply = await this.update(patch);
      if (!reply.ok) {
        this.saveError = reply.error ?? 'The engine refused the settings.';
        return false;
      }
      // The engine answers with the settings and what it applied; a host that answers otherwise
      // (an older engine, a test peer) is re-read, and then nothing is claimed as applied.
      const result = settingsUpdateResultSchema.safeParse(reply.result);
      let outcome: UpdateOutcome = null;
      let config: Config;
      if (result.success) {
        ({ settings: config, ...outcome } = result.data);
      } else {
        const parsed = configSchema.safeParse(await this.load());
        if (!parsed.success) {
          this.saveError = 'The engine did not return valid settings.';
          return false;
        }
        config = parsed.data;
      }
      this.adopt(config);
      this.status = saveStatusText(done, outcome);
      return true;
    } finally {
      this.saving = false;
    }
  }
}

function setAt(root: object, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = root as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
