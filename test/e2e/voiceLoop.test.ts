import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineState } from '../../core/api/common/contract.js';
import { PocketsphinxEngine } from '../../core/speech/node/pocketsphinxEngine.js';
import { espeakAvailable, speak } from '../integration/speech/espeakFixtures.js';
import { pacedMicUnavailableReason } from '../peers/pacedMic.js';
import { XplanePeer } from '../peers/xplanePeer.js';
import { rendererBuilt } from './helpers/headlessHost.js';
import {
  BundleDriver,
  nativeLoadsByThread,
  pushToTalk,
  speechReady,
  startHeadlessHost,
  startVoiceRig,
  timeouts,
  WsDriver,
  type EngineDriver,
  type VoiceRig,
} from './helpers/voiceRig.js';

/**
 * The voice loop as shipped: the built CLI (and the built Electron main bundle) with a real-time
 * microphone and a speaker both open, real audio/VAD/STT workers, push-to-talk over the API, and
 * the command flown on the demo sim and on the X-Plane test peer.
 */
const why = pacedMicUnavailableReason() ?? (!espeakAvailable() ? 'espeak-ng missing' : !PocketsphinxEngine.isInstalled() ? 'pocketsphinx missing' : !rendererBuilt() ? 'not built (npm run build)' : undefined);
if (why) console.warn(`skipping the voice-loop e2e tests: ${why}`);

/** The pilot keeps holding this long after speaking before letting go (>= 200 ms: final at release). */
const HOLD_AFTER_SPEECH_MS = 400;

describe.skipIf(why !== undefined)('voice loop through the shipped host, real microphone and speaker', () => {
  const audioDir = mkdtempSync(join(tmpdir(), 'stratus-voice-audio-'));
  const heading = (): Int16Array => speak(audioDir, 'heading two seven zero', 'en-us+f2', 140);
  const affirm = (): Int16Array => speak(audioDir, 'affirm', 'en-us+f2', 140);

  /**
   * Flies a spoken command as a pilot would: push to talk and say it; when Stratus reads it back
   * as a question ("Confirm heading two seven zero?": a turn of the bug by 180° is high risk, and
   * it flies at once only when heard with near certainty), the turn applied nothing and a spoken
   * "affirm" flies it. Returns the command's turn and the turn that applied it.
   */
  async function flySpoken(driver: EngineDriver, pcm: Int16Array): Promise<{ said: Awaited<ReturnType<typeof pushToTalk>>; applied: Awaited<ReturnType<typeof pushToTalk>> }> {
    const said = await pushToTalk(driver, rig.mic, pcm, HOLD_AFTER_SPEECH_MS);
    if (said.turnEnded.outcome.status !== 'confirming') return { said, applied: said };
    console.info(`asked back: ${said.turnEnded.outcome.reason ?? ''}; answering "affirm"`);
    await driver.untilState((st) => Boolean(st.trust?.confirmation) && st.stage !== 'speaking', timeouts.turn, 'the question asked');
    const applied = await pushToTalk(driver, rig.mic, affirm(), HOLD_AFTER_SPEECH_MS);
    expect(applied.transcript).toBe('affirm');
    return { said, applied };
  }
  let rig: VoiceRig;
  beforeAll(async () => {
    rig = await startVoiceRig({ noiseAmplitude: 40 });
  });
  afterAll(async () => {
    await rig?.dispose();
    rmSync(audioDir, { recursive: true, force: true });
  });

  function assertOneThreadPerAddon(): void {
    const loads = nativeLoadsByThread(rig.tracePath);
    const portAudio = [...loads].filter(([file]) => file.includes('naudiodon'));
    expect(portAudio.length).toBeGreaterThan(0); // the microphone really loaded PortAudio
    for (const [, threads] of portAudio) expect([...threads]).not.toContain(0); // never the main thread
    for (const [file, threads] of loads) expect({ file, threads: threads.size }).toEqual({ file, threads: 1 });
  }

  async function ready(driver: EngineDriver): Promise<EngineState> {
    return driver.untilState(speechReady, timeouts.enginesReady, 'microphone, VAD and speech recognition ready');
  }

  it('headless CLI on the demo sim: microphone opens, a spoken command flies, the reply is heard, addons load on one thread each', async () => {
    const host = await startHeadlessHost(['--sim', 'demo'], rig.configDir, rig.hostEnv());
    const driver = await WsDriver.connect(host);
    try {
      const s = await ready(driver);
      expect(s.engines.audio.detail).toMatch(/default|pulse/);
      const speaker = await rig.mic.recordSpeaker();
      const { said, applied } = await flySpoken(driver, heading());
      expect(said.transcript).toBe('heading two seven zero');
      expect(applied.turnEnded.outcome.status).toBe('applied');
      const after = await driver.untilState((st) => st.telemetry.apHeadingDegMag === 270, 5000, 'the demo sim heading bug at 270');
      expect(after.telemetry.apHeadingDegMag).toBe(270);
      // The readback was spoken through the output device (the null sink's monitor heard it).
      await driver.untilState((st) => st.stage === 'idle', timeouts.turn, 'the reply to finish');
      const heard = await speaker.stop();
      const loud = heard.filter((v) => Math.abs(v) > 1000).length;
      expect(loud).toBeGreaterThan(1600); // > 0.1 s of clearly audible reply
      assertOneThreadPerAddon();
    } finally {
      await driver.close();
      await host.dispose();
    }
  }, 120_000);

  it('headless CLI on the X-Plane peer: the spoken heading reaches the sim as a dataref write', async () => {
    const peer = new XplanePeer();
    const port = await peer.start();
    rig.writeConfig({ sim: { kind: 'xplane', xplane: { host: '127.0.0.1', port } } });
    const host = await startHeadlessHost(['--sim', 'xplane'], rig.configDir, rig.hostEnv());
    const driver = await WsDriver.connect(host);
    try {
      await ready(driver);
      await driver.untilState((st) => st.sim.phase === 'connected', 20_000, 'the X-Plane peer connected');
      const { applied } = await flySpoken(driver, heading());
      expect(applied.turnEnded.outcome.status).toBe('applied');
      expect(peer.datarefs.get('sim/cockpit2/autopilot/heading_dial_deg_mag_pilot')).toBe(270);
    } finally {
      await driver.close();
      await host.dispose();
      await peer.dispose();
      rig.writeConfig({});
    }
  }, 120_000);

  it('push-to-talk held by a client that goes away is released', async () => {
    const host = await startHeadlessHost(['--sim', 'demo'], rig.configDir, rig.hostEnv());
    const holder = await WsDriver.connect(host);
    const watcher = await WsDriver.connect(host);
    try {
      await ready(watcher);
      await holder.execute({ type: 'pttDown', source: 'api' });
      await watcher.untilState((st) => st.ptt.pressed, 5000, 'push-to-talk pressed');
      await holder.close();
      const s = await watcher.untilState((st) => !st.ptt.pressed, 5000, 'push-to-talk released after its client left');
      expect(s.ptt.pressed).toBe(false);
    } finally {
      await watcher.close();
      await host.dispose();
    }
  }, 120_000);

  it('the built Electron main bundle under Node: microphone opens in its audio worker and a spoken command flies', async () => {
    rig.writeConfig({ sim: { kind: 'demo' } }); // the desktop app has no --sim flag: its config says
    const driver = await BundleDriver.start(rig.hostEnv());
    try {
      const s = await ready(driver);
      await driver.untilState((st) => st.sim.phase === 'connected', 20_000, 'the demo sim flying');
      expect(s.engines.audio.state).toBe('ready');
      const { said, applied } = await flySpoken(driver, heading());
      expect(said.transcript).toBe('heading two seven zero');
      expect(applied.turnEnded.outcome.status).toBe('applied');
      // The overlay's page going away while it holds push-to-talk releases it (watched through
      // the settings window, which keeps getting the state).
      const opened = await driver.invoke('settings:open', []);
      expect(opened.ok).toBe(true);
      await driver.execute({ type: 'pttDown', source: 'button' });
      await driver.untilState((st) => st.ptt.pressed, 5000, 'push-to-talk pressed from the overlay');
      driver.destroyWindow();
      await driver.untilState((st) => !st.ptt.pressed, 5000, 'push-to-talk released with the overlay gone');
      assertOneThreadPerAddon();
    } finally {
      await driver.close();
    }
  }, 120_000);
});
