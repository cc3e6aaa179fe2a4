import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { espeakAvailable, speak } from '../integration/speech/espeakFixtures.js';
import { pacedMicUnavailableReason } from '../peers/pacedMic.js';
import { pushToTalk, speechReady, startHeadlessHost, startVoiceRig, timeouts, WsDriver, type SpokenTurn } from '../e2e/helpers/voiceRig.js';
import { below, percentile, processCpuMs, type BenchResult } from './harness.js';

/** Push-to-talk turns per case: enough for a p95 over both cases together. */
const TURNS_PER_CASE = 10;
/** "Stopped speaking >= 200 ms before release" (the pause makes the utterance final at release). */
const HOLD_AFTER_PAUSE_MS = 400;
/** Released right after the last word: the release tail runs. */
const HOLD_AFTER_QUICK_MS = 40;
const IDLE_WARMUP_MS = 10_000;
/** Idle CPU is the median of several short windows: on a shared VM one window swings by ±1 %. */
const IDLE_WINDOWS = 6;
const IDLE_WINDOW_S = 5;

const HEADINGS = ['two seven zero', 'one two zero', 'three three zero', 'zero nine zero', 'one eight zero'];

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

    // The host's own idle cost: no UI connected (as the idle engine benchmark), then with the
    // overlay's WebSocket getting 10 Hz state, for reference.
    await driver.close();
    const pid = host.child.pid!;
    const windows: number[][] = [];
    const idleCpu = async (): Promise<number> => {
      await new Promise((r) => setTimeout(r, IDLE_WARMUP_MS));
      const pcts: number[] = [];
      for (let i = 0; i < IDLE_WINDOWS; i++) {
        const c0 = processCpuMs(pid);
        const w0 = performance.now();
        await new Promise((r) => setTimeout(r, IDLE_WINDOW_S * 1000));
        pcts.push(((processCpuMs(pid) - c0) / (performance.now() - w0)) * 100);
      }
      windows.push(pcts);
      return percentile([...pcts].sort((a, b) => a - b), 50);
    };
    const idlePct = await idleCpu();
    const overlay = await WsDriver.connect(host);
    const withOverlayPct = await idleCpu();
    await overlay.close();
    return [
      below('release -> applied, paused >= 200 ms (p50)', percentile(paused, 50), 'ms', 150, `${flown}; engine's own p50 ${percentile(engineSide, 50).toFixed(0)} ms; p95 ${percentile(paused, 95).toFixed(0)} ms`),
      below('release -> applied, all turns (p95)', percentile(all, 95), 'ms', 400, `p50 ${percentile(all, 50).toFixed(0)} ms over ${all.length} turns`),
      below('idle host CPU, microphone open, PTT up', idlePct, '% of a core', 2, `median of ${IDLE_WINDOWS} × ${IDLE_WINDOW_S} s (${windows[0]!.map((p) => p.toFixed(2)).join(', ')}), demo sim 20 Hz, paced 16 kHz microphone; ${withOverlayPct.toFixed(2)} % with an overlay connected`),
    ];
  } finally {
    await driver.close();
    await host.dispose();
    await rig.dispose();
    rmSync(audioDir, { recursive: true, force: true });
  }
}
