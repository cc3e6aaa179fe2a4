import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../common/hidRecording.js';
import type { HidMessage } from '../common/hidProtocol.js';
import { HidService } from '../common/hidService.js';
import { conditions } from '../testing/conditions.js';
import { FIXTURE_BUTTON } from '../testing/extreme3dProRecording.js';
import { ReplayHidSource } from './replayHidSource.js';

const FIXTURE = join(import.meta.dirname, '../../../test/fixtures/hid/extreme3dpro-button2.ndjson');
/** The fixture lasts 700 ms; played 4x faster. */
const SPEED = 4;
/** How long a test waits for a message before it fails. */
const WAIT_MS = 5_000;
/** Hot-plug rescans in tests: real timers, kept short. */
const TEST_RESCAN_MS = 20;

function rig(source = ReplayHidSource.fromFile(FIXTURE, SPEED)) {
  const messages: HidMessage[] = [];
  const { wake, until } = conditions(WAIT_MS, () => `; got ${JSON.stringify(messages)}`);
  const service = new HidService(source, (m) => {
    messages.push(m);
    wake();
  }, TEST_RESCAN_MS);
  return { service, messages, until };
}

describe('HidService over a recorded Extreme 3D Pro', () => {
  it('binds Button 2 from the descriptor, then follows it: one press, one release', async () => {
    const t = rig();
    void t.service.bind(1, WAIT_MS);
    await t.until(() => t.messages.some((m) => m.type === 'bound'), 'bound');
    const bound = t.messages.find((m) => m.type === 'bound');
    expect(bound).toMatchObject({ id: 1, binding: { vendorId: 0x046d, productId: 0xc215, button: FIXTURE_BUTTON, rawBit: null, label: 'Logitech Extreme 3D (046d:c215) button 2' } });
    expect(bound?.type === 'bound' && bound.note).toMatch(/from its report descriptor/);
    void t.service.watch(bound?.type === 'bound' ? bound.binding : null);
    await t.until(() => t.messages.filter((m) => m.type === 'button').length >= 2, 'press and release');
    expect(t.messages.filter((m) => m.type === 'button')).toEqual([{ type: 'button', pressed: true }, { type: 'button', pressed: false }]);
    expect(t.messages).toContainEqual({ type: 'status', status: { state: 'watching', device: 'Logitech Extreme 3D (046d:c215)', raw: false } });
    await t.service.dispose();
  });

  it('without a descriptor it binds the raw bit and follows that', async () => {
    const rec = parseRecording((await import('node:fs')).readFileSync(FIXTURE, 'utf8'));
    const t = rig(new ReplayHidSource({ header: { ...rec.header, descriptor: null }, reports: rec.reports }, { speed: SPEED }));
    void t.service.bind(7, WAIT_MS);
    await t.until(() => t.messages.some((m) => m.type === 'bound'), 'bound');
    const bound = t.messages.find((m) => m.type === 'bound');
    expect(bound).toMatchObject({ binding: { button: 0, rawBit: { reportBytes: 7, bitOffset: 33 } } });
    expect(bound?.type === 'bound' && bound.note).toMatch(/raw bits/);
    void t.service.watch(bound?.type === 'bound' ? bound.binding : null);
    await t.until(() => t.messages.filter((m) => m.type === 'button').length >= 2, 'press and release');
    await t.service.dispose();
  });

  it('a bound stick that is not connected: says so and keeps looking', async () => {
    const t = rig();
    void t.service.watch({ vendorId: 0x044f, productId: 0xb10a, product: 'T.16000M', serialNumber: '', button: 1, rawBit: null, label: 'x' });
    await t.until(() => t.messages.filter((m) => m.type === 'status').length >= 2, 'two scans');
    expect(t.messages[0]).toEqual({ type: 'status', status: { state: 'noDevice', reason: 'T.16000M is not connected' } });
    await t.service.dispose();
  });

  it('bind times out with null when no button is pressed', async () => {
    const rec = parseRecording((await import('node:fs')).readFileSync(FIXTURE, 'utf8'));
    const t = rig(new ReplayHidSource({ header: rec.header, reports: rec.reports.slice(0, 10) }, { speed: SPEED }));
    void t.service.bind(2, 200);
    await t.until(() => t.messages.some((m) => m.type === 'bound'), 'bound');
    expect(t.messages.find((m) => m.type === 'bound')).toEqual({ type: 'bound', id: 2, binding: null, note: 'no button pressed in time' });
  });
});

describe('parseRecording', () => {
  it('names the bad line', () => {
    expect(() => parseRecording('')).toThrow('HID recording is empty');
    expect(() => parseRecording('{"x":1}')).toThrow(/^HID recording line 1 is not a Stratus HID recording header/);
    const head = '{"stratusHidRecording":1,"device":{"path":"p","vendorId":1,"productId":2},"descriptor":null}';
    expect(() => parseRecording(`${head}\n{"t":0,"path":"p","report":"zz"}`)).toThrow(/^HID recording line 2: .*hex/);
    expect(() => parseRecording(`${head}\nnot json`)).toThrow('HID recording line 2: not JSON');
    expect(() => parseRecording(`${head}\n{"t":5,"path":"p","report":"00"}\n{"t":1,"path":"p","report":"00"}`)).toThrow('HID recording line 3: time goes backwards (1 < 5)');
    expect(parseRecording(`${head}\n{"t":0,"path":"p","report":"0aff"}`).reports[0]!.report).toEqual(Uint8Array.from([10, 255]));
  });
});
