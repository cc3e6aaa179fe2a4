/**
 * A HOTAS binding as stored in settings (configSchema's ptt.hotas), made from what the binder saw.
 */
import type { z } from 'zod';
import type { hotasBindingSchema } from '../../config/common/configSchema.js';
import type { BindResult } from './hidBinder.js';
import type { HidDeviceInfo } from './hidSource.js';
import { deviceName } from './hidSource.js';

export type HotasBinding = z.output<typeof hotasBindingSchema>;

export function hotasBindingFor(device: HidDeviceInfo, r: BindResult): HotasBinding {
  const what = r.kind === 'button' ? `button ${r.button}` : `bit ${r.bitOffset} (no descriptor)`;
  return {
    vendorId: device.vendorId,
    productId: device.productId,
    product: device.product.slice(0, 128),
    serialNumber: device.serialNumber.slice(0, 128),
    button: r.kind === 'button' ? r.button : 0,
    rawBit: r.kind === 'rawBit' ? { reportBytes: r.reportBytes, bitOffset: r.bitOffset } : null,
    label: `${deviceName(device)} ${what}`.slice(0, 200),
  };
}
