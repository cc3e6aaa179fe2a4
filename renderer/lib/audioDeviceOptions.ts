import type { AudioDevices } from '../../core/api/common/contract.js';

type AudioDevice = AudioDevices['inputs'][number];

/** A choice in a device picker. `value` is what the config stores: null = system default, 'none' = no device. */
export interface DeviceOption {
  /** Stable key for the <option> (values may be null). */
  key: string;
  value: string | null;
  label: string;
}

export const NO_DEVICE = 'none';

/**
 * Whether the engine would find a device by this name: exact, then case-insensitive substring, as
 * native/portAudio.ts findDevice picks it (so "usb" still finds "USB Audio CODEC").
 */
export function deviceConnected(devices: readonly AudioDevice[], name: string): boolean {
  const lower = name.toLowerCase();
  return devices.some((d) => d.name === name || d.name.toLowerCase().includes(lower));
}

/**
 * The picker's options: System default, None, each device once by name (PortAudio lists a device
 * once per host API; the config stores names), then any `kept` name (the saved and the edited
 * value) that is not one of them, marked "(not connected)" when the engine would not find it.
 * `devices` is null until the engine has answered: nothing is marked before then.
 */
export function deviceOptions(devices: readonly AudioDevice[] | null, kept: readonly (string | null)[], noneLabel: string): DeviceOption[] {
  const names = [...new Set((devices ?? []).map((d) => d.name))];
  const extra = [...new Set(kept)].filter((k): k is string => k !== null && k !== NO_DEVICE && !names.includes(k));
  return [
    { key: 'default', value: null, label: 'System default' },
    { key: NO_DEVICE, value: NO_DEVICE, label: noneLabel },
    ...names.map((n) => ({ key: `device:${n}`, value: n, label: n })),
    ...extra.map((n) => ({
      key: `device:${n}`,
      value: n,
      label: devices === null || deviceConnected(devices, n) ? n : `${n} (not connected)`,
    })),
  ];
}

/** The key of the option holding `value` (see deviceOptions). */
export function optionKey(value: string | null): string {
  return value === null ? 'default' : value === NO_DEVICE ? NO_DEVICE : `device:${value}`;
}
