import type { z } from 'zod';

/** One line for a zod error: "text: String must contain at least 1 character(s)". */
export function describeZodError(err: z.ZodError): string {
  return err.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
