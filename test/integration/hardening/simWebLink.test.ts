import { describe, expect, it } from 'vitest';
import type { SimConnection } from '../../../core/sim/common/adapter.js';
import { MAX_STATUS_CHARS } from '../../../core/sim/common/telemetrySanitiser.js';
import { configSchema } from '../../../core/config/common/configSchema.js';
import { createSimLink } from '../../../core/sim/node/simLink.js';
import { XplaneWebAdapter } from '../../../core/sim/node/xplaneWebAdapter.js';
import { XplanePeer } from '../../peers/xplanePeer.js';
import { XplaneWebPeer } from '../../peers/xplaneWebPeer.js';
import { untilConnection, untilPhase, untilState } from '../sim/until.js';
import { prng } from '../../helpers/prng.js';
import { waitUntil } from '../../helpers/wait.js';
import { hasControlChars } from './simText.js';
import { simRigs } from '../sim/rigs.js';

/**
 * Issue 14, points 6 and 11: the X-Plane web API link survives any frame (a bad base64 ICAO used
 * to throw in the message handler and wedge the link in "reconnecting"), and an oversized REST
 * answer is refused while streaming instead of buffered.
 */

/** Well above the link's 1 MiB cap and large enough that buffering it shows in memory. */
const HUGE_BODY_BYTES = 128 * 1024 * 1024;
/** A refused body stops within a few socket buffers of the cap. */
const MAX_BYTES_READ_BEFORE_REFUSAL = 16 * 1024 * 1024;
const REFUSAL_TIMEOUT_MS = 10_000;
const FUZZ_FRAMES = 3_000;

const rigs = simRigs();

async function setup(configure?: (web: XplaneWebPeer) => void): Promise<{ peer: XplanePeer; web: XplaneWebPeer; adapter: XplaneWebAdapter; reasons: string[] }> {
  const reasons: string[] = [];
  const rig = await rigs.xplaneWeb({ ...(configure ? { configure } : {}), beforeStart: (a) => a.onConnection((c: SimConnection) => c.reason && reasons.push(c.reason)) });
  return { ...rig, reasons };
}

describe('X-Plane web link under hostile frames', () => {
  it('an ICAO that is not base64 is ignored: the link connects and reads everything else', { timeout: 20_000 }, async () => {
    const { web, adapter } = await setup((w) => (w.misbehave.icaoText = '@@ not base64 at all @@'));
    const s = await untilState(adapter, (st) => st.radios.com1ActiveKhz === 118300 && st.aircraftTitle !== '');
    expect(adapter.connection().phase).toBe('connected');
    expect(s.aircraftTitle).toBe('Cessna Skyhawk');
    expect(adapter.stats().dropped).toBe(0); // the frame was used; only its bad field was not
    // The sim sends a good ICAO again: the title is complete.
    delete web.misbehave.icaoText;
    await untilState(adapter, (st) => st.aircraftTitle === 'Cessna Skyhawk (C172)');
    // A frame that breaks in the handler mid-session: counted, the link carries on.
    const before = adapter.stats().dropped;
    web.inject('{"type":"dataref_update_values","data":{"1000000":{"deep":[1,2,{"x":null}]}}}');
    web.inject(Buffer.from([0xff, 0xfe, 0x00, 0x7b]));
    await waitUntil('two dropped frames', () => adapter.stats().dropped >= before + 2, REFUSAL_TIMEOUT_MS);
    expect(adapter.connection().phase).toBe('connected');
    // And after X-Plane drops the socket it reaches connected again.
    web.dropClients();
    await untilPhase(adapter, 'reconnecting');
    await untilPhase(adapter, 'connected');
    expect((await adapter.write({ type: 'apAltitude', altitudeFt: 8000 })).status).toBe('applied');
  });

  it('a 128 MB dataref list is refused while streaming, with a clear status, and memory stays flat', { timeout: 60_000 }, async () => {
    const rssBefore = process.memoryUsage().rss;
    const { web, adapter, reasons } = await setup((w) => (w.misbehave.lookupBodyBytes = HUGE_BODY_BYTES));
    await untilConnection(adapter, (c) => /larger than 1 MiB refused/.test(c.reason ?? ''));
    expect(adapter.connection().phase).not.toBe('connected');
    expect(reasons.some((r) => r.includes('X-Plane web API: answer larger than 1 MiB refused'))).toBe(true);
    expect(web.lookupBytesSent).toBeLessThan(MAX_BYTES_READ_BEFORE_REFUSAL);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    // The sim behaves again: the next retry connects.
    delete web.misbehave.lookupBodyBytes;
    await untilPhase(adapter, 'connected');
    await untilState(adapter, (st) => st.radios.com1ActiveKhz === 118300);
  });

  it('survives a seeded fuzz of WebSocket frames and is accurate again once it stops', { timeout: 60_000 }, async () => {
    const { web, adapter } = await setup();
    await untilState(adapter, (st) => st.aircraftTitle === 'Cessna Skyhawk (C172)');
    const rnd = prng(14);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    // The peer hands out ids 1,000,000 + 7n: aim at real subscriptions as well as unknown ids.
    const id = (): string => String(pick([1_000_000 + 7 * Math.floor(rnd() * 60), Math.floor(rnd() * 2 ** 31), -1]));
    const value = (): string =>
      pick(['1e400', '-1e400', '1e308', '-1e308', 'null', '"@@@"', '"QUJD"', '[]', '[1e400]', '{"a":1}', 'true', '"' + 'A'.repeat(5000) + '"', String(rnd() * 1e6), '[255,255,255,0]', '[-1,300]']);
    const frames: Array<() => string | Buffer> = [
      () => Buffer.from(Array.from({ length: Math.floor(rnd() * 400) }, () => Math.floor(rnd() * 256))),
      () => `{"type":"dataref_update_values","data":{"${id()}":${value()},"${id()}":${value()}}}`,
      () => `{"type":"dataref_update_values","data":${pick(['[]', 'null', '"x"', '1', '{}'])}}`,
      () => `{"type":"result","req_id":${pick(['1', '"x"', 'null'])},"success":false,"error_message":"${'E\\u0007'.repeat(Math.floor(rnd() * 50_000))}"}`,
      () => pick(['', '{', 'null', '[]', '"x"', '{"type":"result"}', '{"type":"unknown","data":{}}']),
    ];
    for (let i = 0; i < FUZZ_FRAMES; i++) web.inject(frames[i % frames.length]!());
    // One frame past the WebSocket cap: ws closes that connection (1009) and the link reconnects.
    web.inject('{"type":"dataref_update_values","data":{"x":"' + 'A'.repeat(2 * 1024 * 1024) + '"}}');
    await untilPhase(adapter, 'reconnecting');
    await untilPhase(adapter, 'connected');
    const s = await untilState(adapter, (st) => st.radios.com1ActiveKhz === 118300 && st.altitudeFt === 5500 && st.aircraftTitle === 'Cessna Skyhawk (C172)' && !st.unknownFields);
    expect(Number.isFinite(s.verticalSpeedFpm)).toBe(true);
    expect(adapter.stats().dropped).toBeGreaterThan(0);
    expect(adapter.connection().reason?.length ?? 0).toBeLessThanOrEqual(MAX_STATUS_CHARS);
    expect((await adapter.write({ type: 'apHeading', headingDegMag: 123 })).status).toBe('applied');
  });
});

describe('sim error text in state messages', () => {
  it('a 500 kB error from X-Plane reaches the link status capped and without control characters', { timeout: 30_000 }, async () => {
    const peer = new XplanePeer();
    await peer.start();
    rigs.disposeLater(() => peer.dispose());
    const web = new XplaneWebPeer(peer);
    const port = await web.start();
    rigs.disposeLater(() => web.dispose());
    const link = createSimLink({ sim: configSchema.parse({ sim: { kind: 'xplane-web', xplaneWeb: { host: '127.0.0.1', port } } }).sim });
    rigs.disposeLater(() => link.dispose());
    await link.start();
    await untilPhase(link, 'connected');
    const huge = `denied\r\n\u001b[31m${'E'.repeat(500_000)}\u0007`;
    web.inject(JSON.stringify({ type: 'result', req_id: 1, success: false, error_message: huge }));
    const c = await untilConnection(link, (conn) => (conn.reason ?? '').startsWith('X-Plane refused a request: denied'));
    expect(c.reason!.length).toBeLessThanOrEqual(MAX_STATUS_CHARS);
    expect(hasControlChars(c.reason!)).toBe(false);
    expect(c.phase).toBe('connected');
  });
});
