import { describe, expect, it } from 'vitest';
import { micTestDetails, readMicTest, verdictBadge } from './micTest.js';

const result = { device: 'default input', seconds: 2, peakDb: -6.4, rmsDb: -31.2, speech: true, verdict: 'ok' as const, message: 'Sounds good.', playedBack: true };

describe('mic test replies', () => {
  it('reads a result that matches the contract', () => {
    expect(readMicTest({ ok: true, result })).toEqual({ result });
  });
  it('turns a failed or malformed reply into one line', () => {
    expect(readMicTest({ ok: false, error: 'speech is off in this engine' })).toEqual({ error: 'Could not test the microphone: speech is off in this engine' });
    expect(readMicTest({ ok: true, result: { verdict: 'great' } })).toEqual({ error: 'The engine sent a test result that does not match the contract.' });
  });
  it('shows the figures behind the verdict and whether it was played back', () => {
    expect(micTestDetails(result)).toBe('default input, 2 s: peak -6 dBFS, average -31 dBFS, speech heard. Played back through the output device.');
    expect(micTestDetails({ ...result, seconds: 1.99375, speech: false, playedBack: false })).toBe('default input, 2 s: peak -6 dBFS, average -31 dBFS, no speech heard. Not played back.');
  });
  it('leaves out the figures when nothing could be recorded', () => {
    expect(micTestDetails({ ...result, verdict: 'unavailable', seconds: 0, peakDb: -120, rmsDb: -120, speech: false, playedBack: false })).toBe('default input: nothing recorded. Not played back.');
  });
  it('colours bad verdicts bad', () => {
    expect(verdictBadge('ok').tone).toBe('ok');
    expect(verdictBadge('silent')).toEqual({ label: 'Silent', tone: 'bad' });
    expect(verdictBadge('unavailable').tone).toBe('bad');
    expect(verdictBadge('quiet').tone).toBe('warn');
  });
});
