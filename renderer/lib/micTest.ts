import { micTestResultSchema, type MicTestResult } from '../../core/api/common/contract.js';
import type { Tone } from './format.js';
import type { CommandReply } from './transport.js';

/** The reply to a micTest command: the engine's verdict, or why there is none. */
export function readMicTest(reply: CommandReply): { result: MicTestResult } | { error: string } {
  if (!reply.ok) return { error: `Could not test the microphone: ${reply.error ?? 'no answer'}` };
  const parsed = micTestResultSchema.safeParse(reply.result);
  return parsed.success ? { result: parsed.data } : { error: 'The engine sent a test result that does not match the contract.' };
}

const verdicts: Record<MicTestResult['verdict'], { label: string; tone: Tone }> = {
  ok: { label: 'Good', tone: 'ok' },
  quiet: { label: 'Too quiet', tone: 'warn' },
  clipping: { label: 'Too loud', tone: 'warn' },
  silent: { label: 'Silent', tone: 'bad' },
  unavailable: { label: 'Unavailable', tone: 'bad' },
};

/** A verdict as a word and a colour for the settings window. */
export function verdictBadge(verdict: MicTestResult['verdict']): { label: string; tone: Tone } {
  return verdicts[verdict];
}

/**
 * The line under the verdict: what was recorded, the figures behind the verdict, and whether it
 * was played back ("USB Audio CODEC, 2 s: peak -12 dBFS, average -30 dBFS, speech heard. Played back…").
 */
export function micTestDetails(r: MicTestResult): string {
  const played = r.playedBack ? 'Played back through the output device.' : 'Not played back.';
  // Nothing was recorded: figures of silence would only confuse.
  if (r.verdict === 'unavailable') return `${r.device}: nothing recorded. ${played}`;
  const db = (v: number) => (Number.isFinite(v) ? `${Math.round(v)} dBFS` : 'no signal');
  const heard = r.speech ? 'speech heard' : 'no speech heard';
  return `${r.device}, ${Number(r.seconds.toFixed(1))} s: peak ${db(r.peakDb)}, average ${db(r.rmsDb)}, ${heard}. ${played}`;
}
