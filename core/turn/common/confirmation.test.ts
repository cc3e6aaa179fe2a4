import { describe, expect, it } from 'vitest';
import type { TurnEvent } from './turnResults.js';
import { FakeScheduler } from '../testing/fakeScheduler.js';
import { CONFIRM_WINDOW_MS } from './confirmation.js';
import { LISTEN_GRACE_MS, questionFor, Safeguards } from './safeguards.js';

function rig(): { clock: FakeScheduler; events: TurnEvent[]; g: Safeguards } {
  const clock = new FakeScheduler();
  const events: TurnEvent[] = [];
  return { clock, events, g: new Safeguards(clock, (e) => events.push(e)) };
}

const gearUp = [{ kind: 'gear', down: false }] as const;

describe('pending confirmation', () => {
  it('is asked as the readback: "Confirm gear up?", "Confirm gear down, flaps full?"', () => {
    expect(questionFor([...gearUp])).toBe('Confirm gear up?');
    expect(questionFor([{ kind: 'gear', down: true }, { kind: 'flaps', setting: 'full' }])).toBe('Confirm gear down, flaps full?');
  });

  it('the 5 s window opens when armed, and silence drops it', () => {
    const { clock, events, g } = rig();
    g.ask('t1', [...gearUp], undefined as never);
    expect(events).toEqual([]); // still being asked: no window yet
    g.pending.arm();
    expect(events).toEqual([{ type: 'confirmationPending', turnId: 't1', notation: 'set gear up', question: 'Confirm gear up?', expiresAt: clock.now() + CONFIRM_WINDOW_MS, windowMs: CONFIRM_WINDOW_MS }]);
    clock.advance(CONFIRM_WINDOW_MS - 1);
    expect(g.pending.pending).toBeDefined();
    clock.advance(1);
    expect(g.pending.pending).toBeUndefined();
    expect(events.at(-1)).toEqual({ type: 'confirmationResolved', turnId: 't1', notation: 'set gear up', outcome: 'expired' });
    expect(clock.pending).toBe(0);
  });

  it('affirm takes it, once, and stops the timer', () => {
    const { clock, events, g } = rig();
    g.ask('t1', [...gearUp], undefined as never);
    g.pending.arm();
    expect(g.resolve('affirmed')?.intents).toEqual(gearUp);
    expect(g.resolve('affirmed')).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'confirmationResolved', outcome: 'affirmed' });
    expect(clock.pending).toBe(0);
  });

  it('a new question supersedes the old one', () => {
    const { events, g } = rig();
    g.ask('t1', [...gearUp], undefined as never);
    g.pending.arm();
    g.ask('t2', [{ kind: 'apMaster', on: false }], undefined as never);
    expect(events.at(-1)).toMatchObject({ type: 'confirmationResolved', turnId: 't1', outcome: 'superseded' });
    expect(g.pending.pending?.turnId).toBe('t2');
  });

  it('does not run out while the pilot is answering: push-to-talk, the grace after release, the answering turn', () => {
    const { clock, g } = rig();
    g.ask('t1', [...gearUp], undefined as never);
    g.pending.arm();
    clock.advance(4_000);
    g.setListening(true);
    clock.advance(3_000); // the window passed while pressed
    expect(g.pending.pending).toBeDefined();
    g.setListening(false);
    clock.advance(LISTEN_GRACE_MS - 100);
    g.setTurnRunning(true); // the utterance arrived
    clock.advance(2_000);
    expect(g.pending.pending).toBeDefined();
    g.setTurnRunning(false); // the turn did not answer it: too late now
    expect(g.pending.pending).toBeUndefined();
  });

  it('a press that brings no utterance: dropped after the grace', () => {
    const { clock, g } = rig();
    g.ask('t1', [...gearUp], undefined as never);
    g.pending.arm();
    g.setListening(true);
    clock.advance(6_000);
    g.setListening(false);
    clock.advance(LISTEN_GRACE_MS);
    expect(g.pending.pending).toBeUndefined();
    g.dispose();
    expect(clock.pending).toBe(0);
  });
});
