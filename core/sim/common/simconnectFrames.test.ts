import { describe, expect, it } from 'vitest';
import { SIMCONNECT_MAX_FRAME_BYTES, SimConnectFrameReader } from './simconnectFrames.js';

function frame(recvId: number, bodyBytes: number, size = 12 + bodyBytes): Uint8Array {
  const b = new Uint8Array(12 + bodyBytes);
  const v = new DataView(b.buffer);
  v.setUint32(0, size >>> 0, true);
  v.setUint32(4, 4, true);
  v.setUint32(8, recvId, true);
  return b;
}

describe('SimConnectFrameReader', () => {
  it('passes whole frames of the kinds Stratus uses, split anywhere across chunks', () => {
    const r = new SimConnectFrameReader();
    const stream = new Uint8Array([...frame(2, 296), ...frame(8, 28 + 8), ...frame(3, 0)]);
    const out = [...r.push(stream.subarray(0, 7)), ...r.push(stream.subarray(7, 320)), ...r.push(stream.subarray(320))];
    expect(out.map((v) => v.kind)).toEqual(['frame', 'frame', 'frame']);
    expect(out.map((v) => (v.kind === 'frame' ? v.bytes.length : 0))).toEqual([308, 48, 12]);
  });

  it('drops unknown ids and frames shorter than their fixed fields, and carries on', () => {
    const r = new SimConnectFrameReader();
    const out = r.push(new Uint8Array([...frame(999, 10), ...frame(2, 100), ...frame(1, 11), ...frame(8, 27), ...frame(0, 0)]));
    expect(out.map((v) => v.kind)).toEqual(['dropped', 'dropped', 'dropped', 'dropped', 'frame']);
  });

  it('gives up on a size it cannot trust, before buffering anything', () => {
    for (const size of [0, 4, 11, SIMCONNECT_MAX_FRAME_BYTES + 1, 0x7fffffff, 0xffffffff]) {
      const r = new SimConnectFrameReader();
      const out = r.push(frame(8, 40, size));
      expect(out, String(size)).toEqual([{ kind: 'fatal', reason: expect.stringContaining(`frame of ${size} bytes`) as string }]);
      expect(r.push(frame(3, 0))).toEqual([]); // nothing after that is trusted
    }
  });
});
