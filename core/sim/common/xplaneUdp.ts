/**
 * X-Plane 11/12 UDP packet encoders and decoders (little-endian), pure functions over bytes.
 * Layouts from the xppython3 UDP notes and the Wireshark X-Plane dissector (see
 * /work/shared/reference/sim-protocols.md). Every decoder returns `undefined` for a packet it
 * cannot trust (short, oversized, wrong tag, non-finite numbers): the caller counts and drops it.
 */

export const XPLANE_RECV_PORT = 49000;
export const XPLANE_BEACON_GROUP = '239.255.1.1';
export const XPLANE_BEACON_PORT = 49707;

export const RREF_PATH_BYTES = 400;
export const RREF_REQUEST_BYTES = 5 + 4 + 4 + RREF_PATH_BYTES; // 413
export const DREF_PATH_BYTES = 500;
export const DREF_BYTES = 5 + 4 + DREF_PATH_BYTES; // 509
export const RPOS4_BYTES = 5 + 3 * 8 + 10 * 4; // 69
/** Largest RREF reply we accept: X-Plane sends at most ~183 values per datagram (1472-byte MTU). */
export const RREF_MAX_VALUES = 183;

const encoder = new TextEncoder();
const decoder = new TextDecoder('latin1');

/** The 4-character tag of a packet, or '' when it is shorter than 5 bytes. */
export function packetTag(bytes: Uint8Array): string {
  if (bytes.length < 5) return '';
  return String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
}

function header(tag: string, size: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < 4; i++) bytes[i] = tag.charCodeAt(i);
  bytes[4] = 0;
  return { bytes, view: new DataView(bytes.buffer) };
}

function writeCString(bytes: Uint8Array, offset: number, text: string, maxBytes: number): void {
  const encoded = encoder.encode(text);
  if (encoded.length >= maxBytes) throw new RangeError(`path longer than ${maxBytes - 1} bytes: ${text}`);
  bytes.set(encoded, offset);
}

/** `RREF\0` subscription request: freq Hz (0 unsubscribes), our index, dataref path (`name[3]` for an element). */
export function encodeRrefRequest(freqHz: number, index: number, path: string): Uint8Array {
  const { bytes, view } = header('RREF', RREF_REQUEST_BYTES);
  view.setInt32(5, freqHz, true);
  view.setInt32(9, index, true);
  writeCString(bytes, 13, path, RREF_PATH_BYTES);
  return bytes;
}

export interface RrefRequest {
  freqHz: number;
  index: number;
  path: string;
}

/** Decodes a subscription request (the test peer's side). */
export function decodeRrefRequest(bytes: Uint8Array): RrefRequest | undefined {
  if (bytes.length !== RREF_REQUEST_BYTES || packetTag(bytes) !== 'RREF') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const freqHz = view.getInt32(5, true);
  const index = view.getInt32(9, true);
  if (freqHz < 0 || freqHz > 1000) return undefined;
  const path = cString(bytes, 13, RREF_PATH_BYTES);
  return path ? { freqHz, index, path } : undefined;
}

/**
 * Decodes an `RREF,` reply into `out` as index/value pairs; returns the pair count, or -1 when the
 * packet is malformed or carries a non-finite value (the whole packet is then dropped: a sim that
 * sends NaN for one value cannot be trusted for its neighbours). Allocation-free for the hot path.
 */
export function decodeRrefReplyInto(bytes: Uint8Array, outIndex: Int32Array, outValue: Float64Array): number {
  const n = (bytes.length - 5) / 8;
  if (bytes.length < 13 || !Number.isInteger(n) || n > RREF_MAX_VALUES || n > outIndex.length) return -1;
  if (bytes[0] !== 0x52 || bytes[1] !== 0x52 || bytes[2] !== 0x45 || bytes[3] !== 0x46) return -1; // 'RREF'
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0, off = 5; i < n; i++, off += 8) {
    const v = view.getFloat32(off + 4, true);
    if (!Number.isFinite(v)) return -1;
    outIndex[i] = view.getInt32(off, true);
    outValue[i] = v;
  }
  return n;
}

/** Convenience decoder returning pairs (tests, tools). */
export function decodeRrefReply(bytes: Uint8Array): Array<[number, number]> | undefined {
  const idx = new Int32Array(RREF_MAX_VALUES);
  const val = new Float64Array(RREF_MAX_VALUES);
  const n = decodeRrefReplyInto(bytes, idx, val);
  if (n < 0) return undefined;
  return Array.from({ length: n }, (_, i) => [idx[i]!, val[i]!]);
}

/** Encodes an `RREF,` reply as X-Plane 11/12 sends it (the test peer's side). */
export function encodeRrefReply(pairs: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const { bytes, view } = header('RREF', 5 + 8 * pairs.length);
  bytes[4] = 0x2c; // ','
  pairs.forEach(([index, value], i) => {
    view.setInt32(5 + 8 * i, index, true);
    view.setFloat32(9 + 8 * i, value, true);
  });
  return bytes;
}

/** `DREF\0` write: float32 value, NUL-padded 500-byte path. X-Plane does not acknowledge it. */
export function encodeDref(value: number, path: string): Uint8Array {
  if (!Number.isFinite(value)) throw new RangeError(`DREF value must be finite: ${value}`);
  const { bytes, view } = header('DREF', DREF_BYTES);
  view.setFloat32(5, value, true);
  writeCString(bytes, 9, path, DREF_PATH_BYTES);
  return bytes;
}

export function decodeDref(bytes: Uint8Array): { value: number; path: string } | undefined {
  if (bytes.length !== DREF_BYTES || packetTag(bytes) !== 'DREF') return undefined;
  const value = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat32(5, true);
  const path = cString(bytes, 9, DREF_PATH_BYTES);
  return Number.isFinite(value) && path ? { value, path } : undefined;
}

/** `CMND\0` + command path + NUL. */
export function encodeCmnd(command: string): Uint8Array {
  const encoded = encoder.encode(command);
  const { bytes } = header('CMND', 5 + encoded.length + 1);
  bytes.set(encoded, 5);
  return bytes;
}

export function decodeCmnd(bytes: Uint8Array): string | undefined {
  if (bytes.length < 7 || bytes.length > 5 + 500 || packetTag(bytes) !== 'CMND') return undefined;
  return cString(bytes, 5, bytes.length - 5) || undefined;
}

/** `RPOS\0` request: the rate is an ASCII string ("10"); "0" stops. */
export function encodeRposRequest(rateHz: number): Uint8Array {
  const text = encoder.encode(String(Math.max(0, Math.round(rateHz))));
  const { bytes } = header('RPOS', 5 + text.length + 1);
  bytes.set(text, 5);
  return bytes;
}

export function decodeRposRequest(bytes: Uint8Array): number | undefined {
  if (bytes.length < 6 || bytes.length > 20 || packetTag(bytes) !== 'RPOS') return undefined;
  const rate = Number(cString(bytes, 5, bytes.length - 5));
  return Number.isInteger(rate) && rate >= 0 && rate <= 1000 ? rate : undefined;
}

export interface Rpos {
  lonDeg: number;
  latDeg: number;
  elevationM: number;
  aglM: number;
  pitchDeg: number;
  headingDegTrue: number;
  rollDeg: number;
  vxEastMs: number;
  vyUpMs: number;
  vzSouthMs: number;
  pRadS: number;
  qRadS: number;
  rRadS: number;
}

const rposFloatFields = ['aglM', 'pitchDeg', 'headingDegTrue', 'rollDeg', 'vxEastMs', 'vyUpMs', 'vzSouthMs', 'pRadS', 'qRadS', 'rRadS'] as const;

/** `RPOS4` reply: 3 × f64 then 10 × f32, 69 bytes in all (some builds pad a little). */
export function decodeRpos(bytes: Uint8Array): Rpos | undefined {
  if (bytes.length < RPOS4_BYTES || bytes.length > 80 || packetTag(bytes) !== 'RPOS') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, number> = {
    lonDeg: view.getFloat64(5, true),
    latDeg: view.getFloat64(13, true),
    elevationM: view.getFloat64(21, true),
  };
  rposFloatFields.forEach((k, i) => (out[k] = view.getFloat32(29 + 4 * i, true)));
  for (const v of Object.values(out)) if (!Number.isFinite(v)) return undefined;
  if (Math.abs(out.latDeg!) > 90 || Math.abs(out.lonDeg!) > 180) return undefined;
  return out as unknown as Rpos;
}

export function encodeRpos(p: Rpos): Uint8Array {
  const { bytes, view } = header('RPOS', RPOS4_BYTES);
  bytes[4] = 0x34; // '4'
  view.setFloat64(5, p.lonDeg, true);
  view.setFloat64(13, p.latDeg, true);
  view.setFloat64(21, p.elevationM, true);
  rposFloatFields.forEach((k, i) => view.setFloat32(29 + 4 * i, p[k], true));
  return bytes;
}

export interface Beacon {
  major: number;
  minor: number;
  /** 1 = X-Plane, 2 = PlaneMaker. */
  hostId: number;
  /** e.g. 120012 for 12.0.12. */
  version: number;
  /** 1 master, 2 external visual, 3 IOS. */
  role: number;
  port: number;
  computerName: string;
  raknetPort?: number;
}

/** `BECN\0` multicast beacon. */
export function decodeBeacon(bytes: Uint8Array): Beacon | undefined {
  if (bytes.length < 22 || bytes.length > 600 || packetTag(bytes) !== 'BECN') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = view.getUint8(5);
  const minor = view.getUint8(6);
  if (major !== 1) return undefined;
  const nameEnd = bytes.indexOf(0, 21);
  if (nameEnd < 0) return undefined;
  const beacon: Beacon = {
    major,
    minor,
    hostId: view.getInt32(7, true),
    version: view.getInt32(11, true),
    role: view.getUint32(15, true),
    port: view.getUint16(19, true),
    computerName: decoder.decode(bytes.subarray(21, nameEnd)),
  };
  if (minor >= 2 && nameEnd + 3 <= bytes.length) beacon.raknetPort = view.getUint16(nameEnd + 1, true);
  if (beacon.port === 0) return undefined;
  return beacon;
}

export function encodeBeacon(b: Beacon): Uint8Array {
  const name = encoder.encode(b.computerName);
  const size = 21 + name.length + 1 + (b.minor >= 2 ? 2 : 0);
  const { bytes, view } = header('BECN', size);
  view.setUint8(5, b.major);
  view.setUint8(6, b.minor);
  view.setInt32(7, b.hostId, true);
  view.setInt32(11, b.version, true);
  view.setUint32(15, b.role, true);
  view.setUint16(19, b.port, true);
  bytes.set(name, 21);
  if (b.minor >= 2) view.setUint16(21 + name.length + 1, b.raknetPort ?? 0, true);
  return bytes;
}

/** X-Plane version number as text: 120012 -> "12.00r12"-ish "12.0.12". */
export function xplaneVersionText(version: number): string {
  const major = Math.floor(version / 10000);
  const minor = Math.floor((version % 10000) / 100);
  return `${major}.${minor}.${version % 100}`;
}

/** `DATA\0` packet: N × (int32 group, 8 × float32); -999 leaves a value unchanged when sent to X-Plane. */
export function encodeData(groups: ReadonlyArray<{ group: number; values: readonly number[] }>): Uint8Array {
  const { bytes, view } = header('DATA', 5 + 36 * groups.length);
  groups.forEach((g, i) => {
    view.setInt32(5 + 36 * i, g.group, true);
    for (let j = 0; j < 8; j++) view.setFloat32(9 + 36 * i + 4 * j, g.values[j] ?? -999, true);
  });
  return bytes;
}

export function decodeData(bytes: Uint8Array): Array<{ group: number; values: number[] }> | undefined {
  const n = (bytes.length - 5) / 36;
  if (!Number.isInteger(n) || n < 1 || n > 40 || packetTag(bytes) !== 'DATA') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Array<{ group: number; values: number[] }> = [];
  for (let i = 0; i < n; i++) {
    const values = Array.from({ length: 8 }, (_, j) => view.getFloat32(9 + 36 * i + 4 * j, true));
    if (values.some((v) => !Number.isFinite(v))) return undefined;
    out.push({ group: view.getInt32(5 + 36 * i, true), values });
  }
  return out;
}

function cString(bytes: Uint8Array, offset: number, maxBytes: number): string {
  const end = Math.min(bytes.length, offset + maxBytes);
  let stop = offset;
  while (stop < end && bytes[stop] !== 0) stop++;
  return decoder.decode(bytes.subarray(offset, stop));
}
