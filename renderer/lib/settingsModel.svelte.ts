import { configSchema, defaultConfig, type Config } from '../../core/config/common/configSchema.js';
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
    private readonly update: (patch: Record<string, unknown>) => Promise<CommandReply>,
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
  async applyPart(patch: Record<string, unknown>): Promise<boolean> {
    return this.send(patch, 'Applied');
  }

  revert(): void {
    this.draft = structuredClone(this.saved);
    this.saveError = '';
  }

  private async send(patch: Record<string, unknown>, okText: string): Promise<boolean> {
    this.saving = true;
    this.saveError = '';
    this.status = '';
    try {
      const reply = await this.update(patch);
      if (!reply.ok) {
        this.saveError = reply.error ?? 'The engine refused the settings.';
        return false;
      }
      // The reply carries the new config on some hosts and the engine state on others: re-read if needed.
      let parsed = configSchema.safeParse(reply.result);
      if (!parsed.success) parsed = configSchema.safeParse(await this.load());
      if (!parsed.success) {
        this.saveError = 'The engine did not return valid settings.';
        return false;
      }
      this.adopt(parsed.data);
      this.status = okText;
      return true;
    } finally {
      this.saving = false;
    }
  }
}
