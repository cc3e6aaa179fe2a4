import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { espeakAvailable, speak } from '../integration/speech/espeakFixtures.js';
import { pacedMicUnavailableReason } from '../peers/pacedMic.js';
import { pushToTalk, speechReady, startHeadlessHost, startVoiceRig, timeouts, WsDriver, type SpokenTurn } from '../e2e/helpers/voiceRig.js';
import { below, percentile, type BenchResult } from './harness.js';

/** Push-to-talk turns per case: enough for a p95 over both cases together. */
const TURNS_PER_CASE = 10;
/** "Stopped speaking >= 200 ms before release" (the pause makes the utterance final at release). */
const HOLD_AFTER_PAUSE_MS = 400;
/** Released right after the last word: the release tail runs. */
const HOLD_AFTER_QUICK_MS = 40;
const IDLE_WARMUP_MS = 10_000;
const IDLE_WINDOW_S = 20;
const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

const HEADINGS = ['two seven zero', 'one two zero', 'three three zero', 'zero nine zero', 'one eight zero'];

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

/**
 * The voice loop through the shipped host: `stratus headless` (built CLI) on the demo sim with a
 * real-time microphone (private PulseAudio) and the speaker open, push-to-talk over the WebSocket.
 * Measures release -> the command applied (as the client sees the actionApplied event), and the
 * host's idle CPU with the microphone open and push-to-talk up.
 */
export default async function run(): Promise<BenchResult[]> {
  const why = pacedMicUnavailableReason() ?? (espeakAvailable() ? undefined : 'espeak-ng missing');
  if (why) return [{ name: 'voice loop (skipped)', value: NaN, unit: '', detail: why }];
  const audioDir = mkdtempSync(join(tmpdir(), 'stratus-bench-voice-'));
  const rig = await startVoiceRig({ noiseAmplitude: 40 });
  const host = await startHeadlessHost(['--sim', 'demo'], rig.configDir, rig.hostEnv());
  const driver = await WsDriver.connect(host);
  try {
    await driver.untilState(speechReady, timeouts.enginesReady, 'speech ready');
    const cases = { paused: [] as SpokenTurn[], quick: [] as SpokenTurn[] };
    for (let i = 0; i < TURNS_PER_CASE * 2; i++) {
      const paused = i % 2 === 0;
      const words = `heading ${HEADINGS[i % HEADINGS.length]!}`;
      const voice = i % 4 < 2 ? { v: 'en-us+f2', wpm: 140 } : { v: 'en-us+m3', wpm: 170 };
      const turn = await pushToTalk(driver, rig.mic, speak(audioDir, words, voice.v, voice.wpm), paused ? HOLD_AFTER_PAUSE_MS : HOLD_AFTER_QUICK_MS);
      (paused ? cases.paused : cases.quick).push(turn);
      await driver.untilState((s) => s.stage === 'idle', timeouts.turn, 'the reply to finish');
    }
    const applied = (ts: SpokenTurn[]): number[] => ts.flatMap((t) => (t.releaseToAppliedMs === undefined ? [] : [t.releaseToAppliedMs])).sort((a, b) => a - b);
    const paused = applied(cases.paused);
    const all = applied([...cases.paused, ...cases.quick]);
    const engineSide = [...cases.paused].flatMap((t) => (t.turnEnded.headline.releaseToActionMs === undefined ? [] : [t.turnEnded.headline.releaseToActionMs])).sort((a, b) => a - b);
    const flown = `${paused.length}/${cases.paused.length} paused and ${all.length - paused.length}/${cases.quick.length} quick turns applied`;

    await new Promise((r) => setTimeout(r, IDLE_WARMUP_MS));
    const pid = host.child.pid!;
    const c0 = cpuTicks(pid);
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, IDLE_WINDOW_S * 1000));
    const idlePct = ((cpuTicks(pid) - c0) / CLK_TCK / ((performance.now() - w0) / 1000)) * 100;
    return [
      below('release -> applied, paused >= 200 ms (p50)', percentile(paused, 50), 'ms', 150, `${flown}; engine's own p50 ${percentile(engineSide, 50).toFixed(0)} ms; p95 ${percentile(paused, 95).toFixed(0)} ms`),
      below('release -> applied, all turns (p95)', percentile(all, 95), 'ms', 400, `p50 ${percentile(all, 50).toFixed(0)} ms over ${all.length} turns`),
      below('idle host CPU, microphone open, PTT up', idlePct, '% of a core', 2, `${IDLE_WINDOW_S} s window, paced microphone at 16 kHz`),
    ];
  } finally {
    await driver.close();
    await host.dispose();
    await rig.dispose();
    rmSync(audioDir, { recursive: true, force: true });
  }
}
