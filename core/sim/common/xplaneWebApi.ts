/**
 * X-Plane 12.1.4+ local web API (REST + WebSocket on TCP 8086, API v2), message shapes as
 * documented at developer.x-plane.com/article/x-plane-web-api. Datarefs and commands are addressed
 * by numeric IDs that are valid for one simulator session, looked up by name over REST.
 */

/** `sim/x/y[3]` -> { name: 'sim/x/y', index: 3 }. */
export function splitDatarefPath(path: string): { name: string; index?: number } {
  const m = /^(.*)\[(\d+)\]$/.exec(path);
  return m ? { name: m[1]!, index: Number(m[2]) } : { name: path };
}

/** REST query for several names at once: /api/v2/datarefs?filter[name]=a&filter[name]=b */
export function lookupQuery(kind: 'datarefs' | 'commands', names: readonly string[]): string {
  const params = names.map((n) => `filter%5Bname%5D=${encodeURIComponent(n)}`).join('&');
  return `/api/v2/${kind}?${params}&fields=id,name,value_type`;
}

export interface WebRef {
  id: number;
  name: string;
  value_type?: string;
}

/** Parses a REST lookup answer `{ data: [{ id, name, ... }] }`; throws on a malformed body. */
export function parseLookup(body: unknown): Map<string, WebRef> {
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw new Error('unexpected X-Plane web API answer (no data array)');
  const out = new Map<string, WebRef>();
  for (const d of data as Array<Partial<WebRef> | null>) {
    if (d && typeof d.id === 'number' && Number.isSafeInteger(d.id) && typeof d.name === 'string') out.set(d.name, { id: d.id, name: d.name, ...(d.value_type ? { value_type: d.value_type } : {}) });
  }
  return out;
}

export type WebRequest =
  | { req_id: number; type: 'dataref_subscribe_values'; params: { datarefs: Array<{ id: number; index?: number[] }> } }
  | { req_id: number; type: 'dataref_unsubscribe_values'; params: { datarefs: 'all' | Array<{ id: number }> } }
  | { req_id: number; type: 'dataref_set_values'; params: { datarefs: Array<{ id: number; value: number; index?: number }> } }
  | { req_id: number; type: 'command_set_is_active'; params: { commands: Array<{ id: number; is_active: boolean; duration?: number }> } };

export type WebMessage =
  | { type: 'result'; req_id: number; success: boolean; error_code?: string; error_message?: string }
  | { type: 'dataref_update_values'; data: Record<string, number | number[] | string> };

/** A received WebSocket text frame, or undefined when it is not a message we know. */
export function parseWebMessage(text: string): WebMessage | undefined {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof msg !== 'object' || msg === null) return undefined;
  const m = msg as { type?: unknown; data?: unknown; req_id?: unknown; success?: unknown };
  if (m.type === 'dataref_update_values' && typeof m.data === 'object' && m.data !== null && !Array.isArray(m.data)) return msg as WebMessage;
  if (m.type === 'result' && typeof m.req_id === 'number') return { ...(msg), success: m.success === true } as WebMessage;
  return undefined;
}

/** A dataref update value as one number: the first element of an indexed subscription. */
export function webValueNumber(v: number | number[] | string | undefined): number | undefined {
  const n = Array.isArray(v) ? v[0] : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Longest byte-array dataref text decoded (acf_ui_name is 260 bytes in X-Plane 12). */
const MAX_WEB_TEXT_BYTES = 1024;

/**
 * Byte-array datarefs (`acf_ICAO`, `acf_ui_name`) arrive base64-encoded; NULs end the text.
 * Undefined when the value is not valid base64 or not a byte array (the frame is untrusted).
 */
export function webValueText(v: unknown): string | undefined {
  if (typeof v === 'string') {
    if (v.length > (MAX_WEB_TEXT_BYTES * 4) / 3 + 4) return undefined;
    let bin: string;
    try {
      bin = atob(v);
    } catch {
      return undefined;
    }
    const end = bin.indexOf('\0');
    return (end < 0 ? bin : bin.slice(0, end)).trim();
  }
  if (Array.isArray(v)) {
    if (v.length > MAX_WEB_TEXT_BYTES) return undefined;
    let text = '';
    for (const c of v) {
      if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || c > 255) return undefined;
      if (c === 0) break;
      text += String.fromCharCode(c);
    }
    return text.trim();
  }
  return undefined;
}
