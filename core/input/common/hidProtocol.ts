/**
 * Messages between the main process (electron/main/hidProcess.ts) and the HID utility process
 * (core/input/node/hidProcessMain.ts). Every message is checked on arrival: the other side runs
 * native code that may misbehave, and a bad message must not reach push-to-talk.
 */
import { z } from 'zod';
import { hotasBindingSchema } from '../../config/common/configSchema.js';

/** Main to the HID process. */
export const hidRequestSchema = z.discriminatedUnion('type', [
  /** Follow this binding's button (null: stop). */
  z.object({ type: z.literal('watch'), binding: hotasBindingSchema.nullable() }),
  /** Watch every game controller and answer with the first button pressed (bound), or null after timeoutMs. */
  z.object({ type: z.literal('bind'), id: z.number().int().min(0), timeoutMs: z.number().int().min(100).max(120_000) }),
  z.object({ type: z.literal('cancelBind'), id: z.number().int().min(0) }),
]);
export type HidRequest = z.infer<typeof hidRequestSchema>;

export const hidWatchStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('idle') }),
  /** The bound device is open; `raw`: its descriptor could not be read, a raw bit is followed. */
  z.object({ state: z.literal('watching'), device: z.string().max(300), raw: z.boolean() }),
  /** The bound device is not connected (or could not be opened): looked for again every few seconds. */
  z.object({ state: z.literal('noDevice'), reason: z.string().max(500) }),
]);
export type HidWatchState = z.infer<typeof hidWatchStateSchema>;

/** The HID process to main. */
export const hidMessageSchema = z.discriminatedUnion('type', [
  /** node-hid (or the replay) loaded; `source` names it for the log. */
  z.object({ type: z.literal('ready'), source: z.string().max(200) }),
  /** node-hid cannot load here: the Gamepad-API fallback stays, and the process is not restarted. */
  z.object({ type: z.literal('unavailable'), reason: z.string().max(500) }),
  z.object({ type: z.literal('status'), status: hidWatchStateSchema }),
  /** The bound button went down or up. */
  z.object({ type: z.literal('button'), pressed: z.boolean() }),
  /** Answer to 'bind': the binding, or null (timed out, cancelled, no controller). `note`: how it was found. */
  z.object({ type: z.literal('bound'), id: z.number().int().min(0), binding: hotasBindingSchema.nullable(), note: z.string().max(500) }),
  z.object({ type: z.literal('log'), line: z.string().max(2000) }),
]);
export type HidMessage = z.output<typeof hidMessageSchema>;

export function parseHidMessage(raw: unknown): HidMessage | null {
  const r = hidMessageSchema.safeParse(raw);
  return r.success ? r.data : null;
}

export function parseHidRequest(raw: unknown): HidRequest | null {
  const r = hidRequestSchema.safeParse(raw);
  return r.success ? r.data : null;
}
