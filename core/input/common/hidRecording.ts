/**
 * The recorded report stream of a HID device (`stratus hid record`), NDJSON: a header line with the
 * device and its report descriptor, then one line per input report. A pilot attaches one to a bug
 * report; tests replay them (core/input/node/replayHidSource.ts). Pure: text in, values out.
 *
 *   {"stratusHidRecording":1,"device":{...HidDeviceInfo},"descriptor":"05010904..." | null,"note":"..."}
 *   {"t":0,"path":"/dev/hidraw3","report":"00020080..."}
 */
import { z } from 'zod';
import { describeZodError } from '../../base/common/zodError.js';
import type { HidDeviceInfo } from './hidSource.js';

export const RECORDING_VERSION = 1;
/** A report longer than this is not a joystick's (hex characters: 2 per byte). */
const MAX_REPORT_HEX = 2 * 1024;
/** A recording longer than this is refused rather than held in memory (an hour of a 250 Hz stick is ~900k lines). */
export const MAX_RECORDING_LINES = 1_000_000;

const hex = (max: number) => z.string().max(max).regex(/^([0-9a-f]{2})*$/i, 'expected hex bytes');

const deviceSchema = z.object({
  path: z.string().max(1024),
  vendorId: z.number().int().min(0).max(0xffff),
  productId: z.number().int().min(0).max(0xffff),
  product: z.string().max(256).default(''),
  manufacturer: z.string().max(256).default(''),
  serialNumber: z.string().max(256).default(''),
  usagePage: z.number().int().min(0).max(0xffff).default(0),
  usage: z.number().int().min(0).max(0xffff).default(0),
});

const headerSchema = z.object({
  stratusHidRecording: z.literal(RECORDING_VERSION),
  device: deviceSchema,
  descriptor: hex(2 * 4096).nullable(),
  note: z.string().max(1000).optional(),
});

const lineSchema = z.object({ t: z.number().min(0), path: z.string().max(1024), report: hex(MAX_REPORT_HEX).min(2) });

export interface RecordingHeader {
  device: HidDeviceInfo;
  descriptor: Uint8Array | null;
  note?: string;
}

export interface RecordedReport {
  /** Milliseconds since the recording started. */
  t: number;
  path: string;
  report: Uint8Array;
}

export function hexToBytes(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export function headerLine(h: RecordingHeader): string {
  return JSON.stringify({ stratusHidRecording: RECORDING_VERSION, device: h.device, descriptor: h.descriptor ? bytesToHex(h.descriptor) : null, ...(h.note ? { note: h.note } : {}) });
}

export function reportLine(r: RecordedReport): string {
  return JSON.stringify({ t: Math.round(r.t * 10) / 10, path: r.path, report: bytesToHex(r.report) });
}

/** Parses a whole recording; a bad line is an error naming its line number (nothing is guessed). */
export function parseRecording(text: string): { header: RecordingHeader; reports: RecordedReport[] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error('HID recording is empty (expected a header line)');
  if (lines.length > MAX_RECORDING_LINES) throw new Error(`HID recording has ${lines.length} lines; at most ${MAX_RECORDING_LINES} are read`);
  const json = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new Error(`HID recording line ${n}: not JSON`);
    }
  };
  const h = headerSchema.safeParse(json(lines[0]!, 1));
  if (!h.success) throw new Error(`HID recording line 1 is not a Stratus HID recording header: ${describeZodError(h.error)}`);
  const reports: RecordedReport[] = [];
  let lastT = 0;
  for (let i = 1; i < lines.length; i++) {
    const r = lineSchema.safeParse(json(lines[i]!, i + 1));
    if (!r.success) throw new Error(`HID recording line ${i + 1}: ${describeZodError(r.error)}`);
    if (r.data.t < lastT) throw new Error(`HID recording line ${i + 1}: time goes backwards (${r.data.t} < ${lastT})`);
    lastT = r.data.t;
    reports.push({ t: r.data.t, path: r.data.path, report: hexToBytes(r.data.report) });
  }
  const d = h.data;
  return {
    header: { device: d.device, descriptor: d.descriptor === null ? null : hexToBytes(d.descriptor), ...(d.note ? { note: d.note } : {}) },
    reports,
  };
}
