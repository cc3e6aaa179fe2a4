import { describe, expect, it } from 'vitest';
import { deviceConnected, deviceOptions, optionKey } from './audioDeviceOptions.js';

const dev = (name: string, hostApi = 'ALSA') => ({ name, defaultSampleRateHz: 48000, hostApi });

describe('audio device picker options', () => {
  it('offers System default, None and each device once by name', () => {
    const opts = deviceOptions([dev('USB Audio CODEC'), dev('USB Audio CODEC', 'JACK'), dev('HDA Intel PCH')], [null], 'None (microphone off)');
    expect(opts.map((o) => [o.value, o.label])).toEqual([
      [null, 'System default'],
      ['none', 'None (microphone off)'],
      ['USB Audio CODEC', 'USB Audio CODEC'],
      ['HDA Intel PCH', 'HDA Intel PCH'],
    ]);
    expect(new Set(opts.map((o) => o.key)).size).toBe(opts.length);
  });
  it('keeps a saved device that is unplugged selectable, marked not connected', () => {
    const opts = deviceOptions([dev('HDA Intel PCH')], ['Yeti Stereo Microphone', null], 'None');
    expect(opts.at(-1)).toEqual({ key: 'device:Yeti Stereo Microphone', value: 'Yeti Stereo Microphone', label: 'Yeti Stereo Microphone (not connected)' });
    expect(opts.filter((o) => o.value === null)).toHaveLength(1);
  });
  it('does not mark a name the engine would still find, or anything before the list arrives', () => {
    expect(deviceOptions([dev('USB Audio CODEC')], ['usb audio'], 'None').at(-1)?.label).toBe('usb audio');
    expect(deviceOptions(null, ['Yeti'], 'None').at(-1)?.label).toBe('Yeti');
    expect(deviceOptions([], ['Yeti'], 'None').at(-1)?.label).toBe('Yeti (not connected)');
  });
  it('matches names as the engine does: exact, then case-insensitive part', () => {
    expect(deviceConnected([dev('USB Audio CODEC')], 'USB Audio CODEC')).toBe(true);
    expect(deviceConnected([dev('USB Audio CODEC')], 'codec')).toBe(true);
    expect(deviceConnected([dev('USB Audio CODEC')], 'Yeti')).toBe(false);
  });
  it('keys null, none and names apart', () => {
    expect([optionKey(null), optionKey('none'), optionKey('Yeti')]).toEqual(['default', 'none', 'device:Yeti']);
  });
});
