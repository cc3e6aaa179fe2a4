import { describe, expect, it } from 'vitest';
import {
  decodeBeacon, decodeCmnd, decodeData, decodeDref, decodeRpos, decodeRposRequest, decodeRrefReply, decodeRrefRequest,
  encodeBeacon, encodeCmnd, encodeData, encodeDref, encodeRpos, encodeRposRequest, encodeRrefReply, encodeRrefRequest,
  packetTag, xplaneVersionText,
} from './xplaneUdp.js';

/**
 * Golden byte vectors written out by hand from the published layouts (xppython3 UDP notes and the
 * Wireshark dissector), not produced by the encoders under test. Floats are chosen so their IEEE
 * bit patterns are easy to check: 270.0 = 0x43870000, 1.0 = 0x3F800000, -1.5 = 0xBFC00000.
 */
const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)));
const ascii = (s: string): string => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
const zeros = (n: number): string => '00'.repeat(n);

describe('RREF', () => {
  const path = 'sim/flightmodel/position/mag_psi';
  const golden = hex(`52524546 00  14000000  03000000 ${ascii(path)} ${zeros(400 - path.length)}`);

  it('encodes a subscription request byte for byte (413 bytes)', () => {
    const bytes = encodeRrefRequest(20, 3, path);
    expect(bytes.length).toBe(413);
    expect(bytes).toEqual(golden);
  });

  it('decodes the request back, and encodes an unsubscribe as freq 0', () => {
    expect(decodeRrefRequest(golden)).toEqual({ freqHz: 20, index: 3, path });
    expect(Array.from(encodeRrefRequest(0, 3, path).subarray(5, 9))).toEqual([0, 0, 0, 0]);
  });

  it('decodes an XP11/12 reply "RREF," with index/float32 pairs', () => {
    const reply = hex('52524546 2c  03000000 00008743  07000000 0000803f  09000000 0000c0bf');
    expect(decodeRrefReply(reply)).toEqual([[3, 270], [7, 1], [9, -1.5]]);
    expect(encodeRrefReply([[3, 270], [7, 1], [9, -1.5]])).toEqual(reply);
  });

  it('accepts the XP10 "RREFO" variant: only the first 4 bytes are the tag', () => {
    expect(decodeRrefReply(hex('52524546 4f 01000000 0000803f'))).toEqual([[1, 1]]);
  });

  it('rejects truncated, wrong-tag, NaN and Inf replies', () => {
    expect(decodeRrefReply(hex('52524546 2c 03000000 000087'))).toBeUndefined();
    expect(decodeRrefReply(hex('52524546 2c'))).toBeUndefined();
    expect(decodeRrefReply(hex('44415441 2c 03000000 00008743'))).toBeUndefined();
    expect(decodeRrefReply(hex('52524546 2c 03000000 0000c07f'))).toBeUndefined(); // NaN
    expect(decodeRrefReply(hex('52524546 2c 03000000 0000807f'))).toBeUndefined(); // +Inf
    expect(decodeRrefReply(new Uint8Array(5 + 8 * 200))).toBeUndefined(); // oversized
  });

  it('refuses a path that does not fit', () => {
    expect(() => encodeRrefRequest(1, 0, 'x'.repeat(400))).toThrow(RangeError);
  });
});

describe('DREF', () => {
  const path = 'sim/cockpit2/autopilot/heading_dial_deg_mag_pilot';
  const golden = hex(`44524546 00 00008743 ${ascii(path)} ${zeros(500 - path.length)}`);
  it('encodes value then 500-byte path (509 bytes)', () => {
    expect(encodeDref(270, path)).toEqual(golden);
    expect(golden.length).toBe(509);
    expect(decodeDref(golden)).toEqual({ value: 270, path });
  });
  it('refuses non-finite values and rejects a truncated packet', () => {
    expect(() => encodeDref(NaN, path)).toThrow(RangeError);
    expect(decodeDref(golden.subarray(0, 508))).toBeUndefined();
  });
});

describe('CMND', () => {
  it('is the tag, a NUL, then the NUL-terminated command', () => {
    const golden = hex(`434d4e44 00 ${ascii('sim/radios/com1_standy_flip')} 00`);
    expect(encodeCmnd('sim/radios/com1_standy_flip')).toEqual(golden);
    expect(decodeCmnd(golden)).toBe('sim/radios/com1_standy_flip');
    expect(decodeCmnd(hex('434d4e44 00'))).toBeUndefined();
  });
});

describe('RPOS', () => {
  it('requests with the rate as ASCII text', () => {
    const golden = hex(`52504f53 00 ${ascii('10')} 00`);
    expect(encodeRposRequest(10)).toEqual(golden);
    expect(decodeRposRequest(golden)).toBe(10);
  });

  // lon -157.75 = 0xC063B80000000000, lat 21.5 = 0x4035800000000000, elev 100.0 = 0x4059000000000000
  const golden = hex(
    '52504f53 34 0000000000b863c0 0000000000803540 0000000000005940' +
      ' 0000c842 0000803f 00008743 0000c0bf 00000000 00000000 00000000 00000000 00000000 00000000',
  );
  it('decodes RPOS4: f64 lon/lat/elevation then ten f32 (69 bytes)', () => {
    expect(golden.length).toBe(69);
    expect(packetTag(golden)).toBe('RPOS');
    const p = decodeRpos(golden)!;
    expect(p).toMatchObject({ lonDeg: -157.75, latDeg: 21.5, elevationM: 100, aglM: 100, pitchDeg: 1, headingDegTrue: 270, rollDeg: -1.5 });
    expect(encodeRpos(p)).toEqual(golden);
  });
  it('rejects an impossible latitude and a truncated packet', () => {
    const bad = golden.slice();
    bad.set(hex('0000000000c05640'), 13); // lat 91
    expect(decodeRpos(bad)).toBeUndefined();
    expect(decodeRpos(golden.subarray(0, 60))).toBeUndefined();
  });
});

describe('BECN', () => {
  // major 1, minor 2, host 1 (X-Plane), version 120012 = 0x0001D4CC, role 1, port 49000 = 0xBF68, "sim-pc", RakNet 49010 = 0xBF72
  const golden = hex(`4245434e 00 01 02 01000000 ccd40100 01000000 68bf ${ascii('sim-pc')} 00 72bf`);
  it('decodes the beacon fields and encodes them back', () => {
    const b = decodeBeacon(golden)!;
    expect(b).toEqual({ major: 1, minor: 2, hostId: 1, version: 120012, role: 1, port: 49000, computerName: 'sim-pc', raknetPort: 49010 });
    expect(encodeBeacon(b)).toEqual(golden);
    expect(xplaneVersionText(b.version)).toBe('12.0.12');
  });
  it('rejects an unknown major version and a name without its NUL', () => {
    const bad = golden.slice();
    bad[5] = 2;
    expect(decodeBeacon(bad)).toBeUndefined();
    expect(decodeBeacon(golden.subarray(0, 25))).toBeUndefined();
  });
});

describe('DATA', () => {
  it('encodes groups of eight float32 with -999 for "unchanged"', () => {
    // group 3 (speeds): 100 kt, rest -999 = 0xC479C000
    const golden = hex(`44415441 00 03000000 0000c842 ${'00c079c4'.repeat(7)}`);
    expect(encodeData([{ group: 3, values: [100] }])).toEqual(golden);
    expect(decodeData(golden)).toEqual([{ group: 3, values: [100, -999, -999, -999, -999, -999, -999, -999] }]);
    expect(decodeData(golden.subarray(0, 40))).toBeUndefined();
  });
});
