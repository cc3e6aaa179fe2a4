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
    expect(m.vad(false, 2600)).toEqual([]);
    expect(m.vad(false, 2700)).toEqual([{ type: 'end', releasedAtMs: 2700, atMs: 2700, source: 'key', reason: 'silence' }]);
  });

  it('silence ends the utterance by timer even when no further VAD event comes', () => {
    const m = new PttMachine(opts({ mode: 'voice', silenceMs: 700 }));
    m.vad(true, 0);
    expect(m.vad(false, 1000)).toEqual([]);
    expect(m.nextDeadlineMs()).toBe(1700);
    expect(m.tick(1699)).toEqual([]);
    expect(m.tick(1700)).toEqual([{ type: 'end', releasedAtMs: 1700, atMs: 1700, source: 'vad', reason: 'silence' }]);
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
