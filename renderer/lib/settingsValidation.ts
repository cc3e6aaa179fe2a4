import { configSchema, type Config } from '../../core/config/common/configSchema.js';

export type FieldErrors = Record<string, string>;

/** Zod issues keyed by dotted path ("sim.xplane.port"), first message per field. */
export function validateDraft(draft: unknown): { errors: FieldErrors; config: Config | null } {
  const parsed = configSchema.safeParse(draft);
  if (parsed.success) return { errors: {}, config: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || '(root)';
    errors[key] ??= issue.message;
  }
  return { errors, config: null };
}
