/**
 * Checks the SimConnect server's byte stream before node-simconnect parses it. node-simconnect
 * trusts the server: a frame whose size field is below its header throws inside its socket
 * handler (an uncaught exception), a size of 2 GB makes it buffer and re-copy everything it
 * receives, and a short OPEN, EXCEPTION or object-data frame throws in its parser. This reader
 * passes on only whole frames of a sane size, of the kinds Stratus uses, with the fixed part their
 * parser reads; the rest is dropped (counted) or, when the stream cannot be resynchronised (a
 * lying size), reported as fatal so the link closes and reconnects.
 *
 * Server frame layout (little-endian): u32 size (whole frame), u32 protocol, u32 recv id, body.
 */

export const SIMCONNECT_HEADER_BYTES = 12;
/**
 * Largest frame accepted. Stratus's one data definition is about 700 bytes a frame and an OPEN
 * reply about 300; 64 KiB leaves room for any frame of the kinds below and bounds what a lying
 * server can make us hold.
 */
export const SIMCONNECT_MAX_FRAME_BYTES = 64 * 1024;

/** The recv ids Stratus uses, with the fewest body bytes node-simconnect's parser reads for each. */
const MIN_BODY_BYTES: ReadonlyMap<number, number> = new Map([
  [0, 0], // NULL
  [1, 12], // EXCEPTION: exception, sendId, index
  [2, 256 + 40], // OPEN: application name (string256) and ten u32
  [3, 0], // QUIT
  [8, 28], // SIMOBJECT_DATA: seven u32 before the data (the data itself is read by the adapter, guarded)
]);

export type FrameVerdict =
  | { kind: 'frame'; bytes: Uint8Array }
  | { kind: 'dropped'; reason: string }
  | { kind: 'fatal'; reason: string };

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Splits the server's stream into checked frames. One instance per connection. */
export class SimConnectFrameReader {
  private pending = new Uint8Array(0);
  private failed = false;

  /** Feeds received bytes; returns what became of every frame completed by them. */
  push(chunk: Uint8Array): FrameVerdict[] {
    if (this.failed) return [];
    const joined = new Uint8Array(this.pending.length + chunk.length);
    joined.set(this.pending);
    joined.set(chunk, this.pending.length);
    const out: FrameVerdict[] = [];
    let at = 0;
    while (joined.length - at >= 4) {
      const size = u32(joined, at);
      if (size < SIMCONNECT_HEADER_BYTES || size > SIMCONNECT_MAX_FRAME_BYTES) {
        this.failed = true;
        this.pending = new Uint8Array(0);
        out.push({ kind: 'fatal', reason: `SimConnect sent a frame of ${size} bytes (allowed ${SIMCONNECT_HEADER_BYTES}-${SIMCONNECT_MAX_FRAME_BYTES})` });
        return out;
      }
      if (joined.length - at < size) break;
      const frame = joined.subarray(at, at + size);
      at += size;
      const recvId = u32(frame, 8);
      const minBody = MIN_BODY_BYTES.get(recvId);
      if (minBody === undefined) out.push({ kind: 'dropped', reason: `unknown SimConnect message id ${recvId}` });
      else if (size - SIMCONNECT_HEADER_BYTES < minBody) out.push({ kind: 'dropped', reason: `short SimConnect message id ${recvId} (${size} bytes)` });
      else out.push({ kind: 'frame', bytes: frame.slice() });
    }
    this.pending = joined.slice(at);
    return out;
  }
}
