import { z } from 'zod';
import { engineCommandSchema, settingsPatchSchema } from '../../core/api/common/contract.js';
import { invokeChannels, type InvokeChannel } from '../common/channels.js';

/**
 * The payload each invoke channel accepts (as the argument list after the event). Everything a
 * renderer sends passes through here before it reaches the engine or a window.
 */
export const invokePayloadSchemas = {
  [invokeChannels.engineHello]: z.tuple([]),
  [invokeChannels.engineExecute]: z.tuple([engineCommandSchema]),
  [invokeChannels.settingsGet]: z.tuple([]),
  [invokeChannels.settingsUpdate]: z.tuple([settingsPatchSchema]),
  [invokeChannels.settingsOpen]: z.tuple([]),
  [invokeChannels.overlaySetEditLayout]: z.tuple([z.boolean()]),
  [invokeChannels.overlaySetInteractive]: z.tuple([z.boolean()]),
  [invokeChannels.inputGamepadButton]: z.tuple([
    z
      .object({ gamepadIndex: z.number().int().min(0).max(15), button: z.number().int().min(0).max(127), pressed: z.boolean(), gamepadId: z.string().max(200).optional() })
      .strict(),
  ]),
  [invokeChannels.inputCaptureBinding]: z.tuple([]),
  [invokeChannels.shellStatus]: z.tuple([]),
  [invokeChannels.inputOpenPttAction]: z.tuple([]),
  [invokeChannels.inputBindHotas]: z.tuple([]),
} satisfies Record<InvokeChannel, z.ZodType>;

export type InvokeArgs<C extends InvokeChannel> = z.infer<(typeof invokePayloadSchemas)[C]>;
