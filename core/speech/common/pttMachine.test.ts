import { describe, expect, it } from 'vitest';
import { PttMachine, type PttOptions } from './pttMachine.js';

const opts = (over: Partial<PttOptions> = {}): PttOptions => ({ mode: 'hold', releaseTailMs: 250, maxUtteranceMs: 15_000, silenceMs: 700, ...over });

describe('PttMachine hold', () => {
  it('begins on press and ends after the release tail', () => {
    const m = new PttMachine(opts());
    expect(m.down('key', 0)).toEqual([{ type: 'begin', atMs: 0, source: 'key' }]);
    expect(m.up('key', 1000)).toEqual([{ type: 'release', atMs: 1000, source: 'key' }]);
    expect(m.nextDeadlineMs()).toBe(1250);
    expect(m.tick(1249)).toEqual([]);
    expect(m.tick(1250)).toEqual([{ type: 'end', releasedAtMs: 1000, atMs: 1250, source: 'key', reason: 'release' }]);
    expect(m.listening).toBe(false);
  });

  it('keeps one utterance while any source holds, and a re-press in the tail continues it', () => {
    const m = new PttMachine(opts());
    m.down('key', 0);
    m.down('joystick', 100);
    expect(m.up('key', 200)).toEqual([]);
    expect(m.tick(600)).toEqual([]); // joystick still held
    expect(m.up('joystick', 700).map((e) => e.type)).toEqual(['release']);
    expect(m.down('joystick', 800)).toEqual([]); // within tail: same utterance
    m.up('joystick', 1000);
    expect(m.tick(1250)).toEqual([{ type: 'end', releasedAtMs: 1000, atMs: 1250, source: 'key', reason: 'release' }]);
  });

  it('barges in when a turn is active', () => {
    const m = new PttMachine(opts());
    m.turnActive = true;
    expect(m.down('button', 5).map((e) => e.type)).toEqual(['bargeIn', 'begin']);
  });

  it('cuts at the maximum utterance length', () => {
    const m = new PttMachine(opts({ maxUtteranceMs: 3000 }));
    m.down('api', 0);
    expect(m.nextDeadlineMs()).toBe(3000);
    expect(m.tick(3000)).toEqual([{ type: 'end', releasedAtMs: 3000, atMs: 3000, source: 'api', reason: 'max-length' }]);
  });

  it('ignores a release of a source that never pressed', () => {
    const m = new PttMachine(opts());
    m.down('key', 0);
    expect(m.up('joystick', 10)).toEqual([]);
    expect(m.pressed).toBe(true);
  });
});

describe('PttMachine toggle and voice', () => {
  it('toggle: second press ends (with tail), release does nothing', () => {
    const m = new PttMachine(opts({ mode: 'toggle' }));
    m.down('key', 0);
    expect(m.up('key', 100)).toEqual([]);
    expect(m.down('key', 2000).map((e) => e.type)).toEqual(['release']);
    expect(m.tick(2250)).toEqual([{ type: 'end', releasedAtMs: 2000, atMs: 2250, source: 'key', reason: 'toggle' }]);
  });

  it('toggle: VAD silence after speech ends the utterance', () => {
    const m = new PttMachine(opts({ mode: 'toggle', silenceMs: 700 }));
    m.down('key', 0);
    expect(m.vad(false, 500)).toEqual([]); // silence before any speech does not end it
    expect(m.vad(false, 1500)).toEqual([]);
    m.vad(true, 1600);
    m.vad(false, 2000);
    // 200 ms of silence after speech: recognise what was said so far, keep listening.
    expect(m.vad(false, 2200)).toEqual([{ type: 'pause', atMs: 2200, source: 'key' }]);
    expect(m.vad(false, 2600)).toEqual([]);
    expect(m.vad(false, 2700)).toEqual([{ type: 'end', releasedAtMs: 2700, atMs: 2700, source: 'key', reason: 'silence', afterPause: true }]);
  });

  it('silence ends the utterance by timer even when no further VAD event comes', () => {
    const m = new PttMachine(opts({ mode: 'voice', silenceMs: 700 }));
    m.vad(true, 0);
    expect(m.vad(false, 1000)).toEqual([]);
    expect(m.nextDeadlineMs()).toBe(1200);
    expect(m.tick(1200).map((e) => e.type)).toEqual(['pause']);
    expect(m.nextDeadlineMs()).toBe(1700);
    expect(m.tick(1699)).toEqual([]);
    expect(m.tick(1700)).toEqual([{ type: 'end', releasedAtMs: 1700, atMs: 1700, source: 'vad', reason: 'silence', afterPause: true }]);
  });

  it('voice: speech begins, silence ends, and nothing starts while a turn speaks', () => {
    const m = new PttMachine(opts({ mode: 'voice', silenceMs: 300 }));
    m.turnActive = true;
    expect(m.vad(true, 0)).toEqual([]);
    m.turnActive = false;
    expect(m.vad(true, 100)).toEqual([{ type: 'begin', atMs: 100, source: 'vad' }]);
    m.vad(false, 900);
    expect(m.vad(false, 1200).map((e) => e.type)).toEqual(['end']);
  });
});

describe('PttMachine release after a pause', () => {
  it('is final at release when the VAD heard >= 200 ms of silence after speech', () => {
    const m = new PttMachine(opts());
    m.down('key', 0);
    m.vad(true, 300);
    m.vad(false, 1500);
    expect(m.tick(1700)).toEqual([{ type: 'pause', atMs: 1700, source: 'key' }]);
    expect(m.up('key', 1800)).toEqual([{ type: 'end', releasedAtMs: 1800, atMs: 1800, source: 'key', reason: 'release', afterPause: true }]);
    expect(m.listening).toBe(false);
  });

  it('waits out the tail when speech was still going on (or stopped < 200 ms before release)', () => {
    const m = new PttMachine(opts());
    m.down('key', 0);
    m.vad(true, 300);
    m.vad(false, 1500);
    expect(m.up('key', 1650).map((e) => e.type)).toEqual(['release']);
    const m2 = new PttMachine(opts());
    m2.down('key', 0);
    m2.vad(true, 300);
    expect(m2.up('key', 1650).map((e) => e.type)).toEqual(['release']);
  });

  it('a pause that speech follows starts a new pause later', () => {
    const m = new PttMachine(opts());
    m.down('key', 0);
    m.vad(true, 100);
    m.vad(false, 500);
    expect(m.tick(700).map((e) => e.type)).toEqual(['pause']);
    m.vad(true, 900);
    expect(m.up('key', 1000).map((e) => e.type)).toEqual(['release']);
  });
});

describe('PttMachine holders', () => {
  it('releases the presses of a client that went away', () => {
    const m = new PttMachine(opts());
    m.down('api', 0, 'api@ws1');
    m.down('api', 10, 'api@ws2');
    expect(m.releaseHolders((h) => h.endsWith('@ws1'), 100)).toEqual([]); // ws2 still holds
    expect(m.pressed).toBe(true);
    expect(m.releaseHolders((h) => h.endsWith('@ws2'), 200).map((e) => e.type)).toEqual(['release']);
    expect(m.pressed).toBe(false);
  });

  it('one client releasing does not release another holding the same source', () => {
    const m = new PttMachine(opts());
    m.down('api', 0, 'api@ws1');
    m.down('api', 10, 'api@ws2');
    expect(m.up('api', 100, 'api@ws1')).toEqual([]);
    expect(m.listening).toBe(true);
  });

  it('a press held past maxHoldMs is stuck: released, and its late release does nothing', () => {
    const m = new PttMachine(opts({ maxHoldMs: 30_000, maxUtteranceMs: 60_000 }));
    m.down('key', 0);
    expect(m.nextDeadlineMs()).toBe(30_000);
    expect(m.tick(29_999)).toEqual([]);
    expect(m.tick(30_000)).toEqual([
      { type: 'stuck', atMs: 30_000, source: 'key', holder: 'key' },
      { type: 'end', releasedAtMs: 30_000, atMs: 30_000, source: 'key', reason: 'max-hold' },
    ]);
    expect(m.pressed).toBe(false);
    expect(m.up('key', 31_000)).toEqual([]);
    expect(m.nextDeadlineMs()).toBeUndefined();
  });

  it('a key held past the utterance limit still counts as held until max hold', () => {
    const m = new PttMachine(opts({ maxHoldMs: 30_000, maxUtteranceMs: 15_000 }));
    m.down('key', 0);
    expect(m.tick(15_000).map((e) => e.type)).toEqual(['end']);
    expect(m.pressed).toBe(true);
    expect(m.tick(30_000).map((e) => e.type)).toEqual(['stuck']);
    expect(m.pressed).toBe(false);
  });
});
