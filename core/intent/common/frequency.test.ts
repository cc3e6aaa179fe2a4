import { describe, expect, it } from 'vitest';
import { checkComKhz, checkNavKhz, is833Channel, khzFromParts, tunedFrequencyHz } from './frequency.js';

describe('frequency channel names', () => {
  it('expands spoken fractions to kHz, completing 25 kHz abbreviations', () => {
    expect(khzFromParts(121, '5')).toBe(121500);
    expect(khzFromParts(118, '02')).toBe(118025);
    expect(khzFromParts(118, '07')).toBe(118075);
    expect(khzFromParts(132, '85')).toBe(132850);
    expect(khzFromParts(118, '005')).toBe(118005);
    expect(khzFromParts(118, '0055')).toBeNull();
  });

  it('accepts 8.33 names and refuses the gaps between them', () => {
    expect(checkComKhz(118005)).toEqual({ khz: 118005 });
    expect(checkComKhz(118015)).toEqual({ khz: 118015 });
    expect(checkComKhz(118020)).toEqual({ invalid: 'comChannel' });
    expect(checkComKhz(117975)).toEqual({ invalid: 'comRange' });
    expect(checkComKhz(137000)).toEqual({ invalid: 'comRange' });
    expect(checkNavKhz(109350)).toEqual({ khz: 109350 });
    expect(checkNavKhz(109330)).toEqual({ invalid: 'navChannel' });
  });

  it('maps an 8.33 name to its tuned carrier', () => {
    expect(is833Channel(118005)).toBe(true);
    expect(is833Channel(118025)).toBe(false);
    expect(tunedFrequencyHz(118000)).toBe(118_000_000);
    expect(tunedFrequencyHz(118005)).toBe(118_000_000);
    expect(tunedFrequencyHz(118010)).toBe(118_008_333);
    expect(tunedFrequencyHz(118015)).toBe(118_016_667);
    expect(tunedFrequencyHz(118030)).toBe(118_025_000);
  });
});
