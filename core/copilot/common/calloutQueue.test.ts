import { describe, expect, it } from 'vitest';
import { calloutPriority, type Callout, type CalloutId } from './calloutRules.js';
import { CalloutQueue } from './calloutQueue.js';

const call = (id: CalloutId, simTimeS: number): Callout => {
  const priority = calloutPriority[id];
  return { id, text: id, priority, simTimeS, interrupts: priority === 'warning' };
};

describe('CalloutQueue', () => {
  it('speaks warnings before information, oldest first within a priority', () => {
    const q = new CalloutQueue();
    q.push([call('rotate', 10), call('positive-rate', 11)]);
    q.push([call('bank-angle', 11.5)]);
    expect([q.next(12)?.id, q.next(12)?.id, q.next(12)?.id, q.next(12)]).toEqual(['bank-angle', 'rotate', 'positive-rate', undefined]);
  });

  it('asks a warning to cut in over chatter or a lesser callout, never information', () => {
    const q = new CalloutQueue();
    q.speakingChatter();
    expect(q.push([call('one-thousand-to-go', 1)])).toEqual({ interrupt: false });
    expect(q.push([call('stall', 1)])).toEqual({ interrupt: true });
    q.clear();
    q.push([call('rotate', 2)]);
    q.next(2);
    expect(q.push([call('overspeed', 2.5)])).toEqual({ interrupt: true });
    q.next(2.5);
    expect(q.push([call('bank-angle', 3)])).toEqual({ interrupt: false }); // warning over warning: queue it
    q.idle();
    expect(q.push([call('stall', 4)])).toEqual({ interrupt: false }); // nothing to interrupt
  });

  it('drops callouts that waited too long', () => {
    const q = new CalloutQueue();
    q.push([call('rotate', 10), call('low-fuel', 10)]);
    expect(q.next(14)?.id).toBe('low-fuel'); // caution keeps 6 s, info only 3 s
    expect(q.size).toBe(0);
  });
});
