import { join } from 'node:path';
import type { EngineStatus } from '../../base/common/status.js';
import type { AudioDevices, MicTestResult } from '../../audio/common/audioDevices.js';
import { AudioFrontEnd } from '../../audio/node/audioFrontEnd.js';
import type { CaptureSettings } from '../../audio/node/audioProtocol.js';
import { CrashLog } from '../../base/node/crashLog.js';
import type { Config } from '../../config/common/configSchema.js';
import { userConfigDir } from '../../config/node/configStore.js';
import { PttMachine, type PttEffect, type PttSource } from '../common/pttMachine.js';
import { recognitionOf, type Recognition, type SttEngine } from '../common/sttEngine.js';
import type { TtsEngine } from '../common/ttsEngine.js';
import { createTurnContext, timeStage, TurnAbortedError, type TurnContext } from '../../base/common/turnContext.js';
import { trimToSpeech } from '../../audio/common/vadTrim.js';
import type { Utterance } from '../common/utterance.js';
import { createSttEngine, createTts, type RecognitionGrammar } from './engineSetup.js';
import { speakSentences } from './speaker.js';
import { SpeculativeStt } from './speculativeStt.js';
import type { VoicePreviewResult } from '../common/ttsVoices.js';
import { previewVoice } from './voicePreview.js';


export interface SpeechEvents {
  /** A finished utterance, with its VAD result and (when recognised during a pause or the tail) its transcript. */
  onUtterance(utterance: Utterance): void;
  /** A press while a turn runs or a reply is spoken: the owner aborts that turn. */
  onBargeIn(): void;
  /** Push-to-talk started or stopped listening. */
  onListening(listening: boolean): void;
  /** Whether a turn is running or a reply is on the air (a press then barges in). */
  turnActive(): boolean;
  /** Input level in dBFS while listening, at most 10 Hz. */
  onLevel(levelDb: number): void;
  /** Any engine status changed: read statuses(). */
  onStatus(): void;
  /** Whether any holder has push-to-talk down changed (a stuck or abandoned press was released). */
  onPressed?(pressed: boolean): void;
  /** A press held past the maximum hold was released. */
  onStuck?(source: string): void;
}

export interface SpeechStatuses {
  audio: EngineStatus;
  vad: EngineStatus;
  stt: EngineStatus;
  tts: EngineStatus;
}

/**
 * The speech side of Stratus: microphone + push-to-talk (audio worker), VAD, speech-to-text and
 * text-to-speech engines. Never throws for a missing device or model: those become statuses.
 */
export class SpeechService {
  private config: Config;
  private readonly modelsDir: string;
  private readonly audio: AudioFrontEnd;
  private readonly ptt: PttMachine;
  private pttTimer: NodeJS.Timeout | undefined;
  private stt: SttEngine | undefined;
  private sttStatus: EngineStatus = { state: 'loading', detail: 'speech recognition: starting' };
  /** The speech.stt settings the current engine was built for (JSON), once one was. */
  private sttApplied: string | undefined;
  /** The reconfiguration running now, if any: see reconfigureStt(). */
  private sttRun: Promise<void> | undefined;
  private tts: TtsEngine | undefined;
  private ttsNote = '';
  private pressedNow = false;
  private readonly grammar: RecognitionGrammar | undefined;
  private readonly crashLog: CrashLog;
  private speaking: AbortController | undefined;
  private readonly speculative = new SpeculativeStt();
  private listeningNow = false;
  private started = false;
  private disposed = false;

  constructor(
    config: Config,
    private readonly events: SpeechEvents,
    opts: { modelsDir?: string; crashLog?: CrashLog; grammar?: RecognitionGrammar } = {},
  ) {
    this.config = config;
    this.grammar = opts.grammar;
    this.modelsDir = opts.modelsDir ?? join(userConfigDir(), 'models');
    this.ptt = new PttMachine(this.pttOptions());
    this.crashLog = opts.crashLog ?? new CrashLog(join(this.modelsDir, '..'));
    this.audio = new AudioFrontEnd(
      {
        onStatus: () => this.events.onStatus(),
        onLevel: (db) => this.events.onLevel(db),
        onVad: (speech) => {
          // Voice activation must not start while a turn runs or Stratus is talking (it would
          // hear its own reply): ask who owns turns now, as a press does.
          this.refreshTurnActive();
          this.applyPtt(this.ptt.vad(speech, performance.now()));
        },
        onRestart: () => {
          // The utterance in the dead worker's ring is gone; presses stay with their holders.
          this.speculative.cancel();
          this.ptt.reset();
          this.applyPtt([]);
          this.setListening(false);
        },
      },
      this.crashLog,
    );
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all([
      this.audio.start(this.captureSettings()).catch((e: unknown) => {
        this.audio.audio = { state: 'error', detail: `audio worker failed: ${(e as Error).message}` };
      }),
      this.reconfigureStt(),
      this.setupTts(),
    ]);
    this.events.onStatus();
  }

  statuses(): SpeechStatuses {
    const tts = this.tts?.status() ?? { state: 'loading', detail: 'voice: starting' };
    return {
      audio: this.audio.audio,
      vad: this.audio.vad,
      stt: this.sttStatus,
      tts: this.config.speech.tts.enabled ? { ...tts, detail: `${tts.detail}${this.ttsNote} → ${outputText(this.audio.output)}` } : { state: 'disabled', detail: 'spoken replies off' },
    };
  }

  /** Utterances whose transcript came from recognition during the release tail, and those redone. */
  get speculation(): { used: number; discarded: number } {
    return { used: this.speculative.used, discarded: this.speculative.discarded };
  }

  /** Audio devices the audio worker sees, by direction (for the settings UI), with why when there are none. */
  async listDevices(): Promise<AudioDevices> {
    const { devices, problem } = await this.audio.devices();
    const pick = (input: boolean): AudioDevices['inputs'] =>
      devices
        .filter((d) => (input ? d.maxInputChannels : d.maxOutputChannels) > 0)
        .map((d) => ({ name: d.name, defaultSampleRateHz: d.defaultSampleRate, hostApi: d.hostApi }));
    return { inputs: pick(true), outputs: pick(false), ...(problem ? { problem } : {}) };
  }

  /** Records from the microphone, judges what it heard and (optionally) plays it back. */
  async micTest(seconds: number, playback: boolean): Promise<MicTestResult> {
    if (this.ptt.listening) throw new Error('push-to-talk is in use: test the microphone when not talking');
    const { result: r, playedBack } = await this.audio.micTest(seconds * 1000, playback);
    return { device: r.device, seconds: r.samples / 16000, peakDb: round1(r.peakDb), rmsDb: round1(r.rmsDb), speech: r.speech, playedBack, ...judgeMic(r) };
  }

  /** The microphone's level is reported for the next `ms` even when not listening (the settings window's meter). */
  monitorLevel(ms: number): void {
    this.audio.monitor(ms);
  }

  /** 16 kHz samples the microphone has delivered, as of the last level event (while listening). */
  get capturedSamples(): number {
    return this.audio.capturedSamples;
  }

  /** How many times the current STT engine loaded its model (stays 1 across turns). */
  get sttLoadCount(): number {
    return this.stt?.loadCount ?? 0;
  }

  /** The models folder (whisper .bin files) this service reads. */
  get modelsDirectory(): string {
    return this.modelsDir;
  }

  /** `client` tells presses apart (one per WebSocket, window or device): see releaseClient(). */
  pttDown(source: string, client?: string): void {
    this.refreshTurnActive();
    this.applyPtt(this.ptt.down(asSource(source), performance.now(), holderKey(source, client)));
  }

  pttUp(source: string, client?: string): void {
    this.applyPtt(this.ptt.up(asSource(source), performance.now(), holderKey(source, client)));
  }

  /** The client went away (socket closed, window gone): every press it held is released. */
  releaseClient(client: string): void {
    this.applyPtt(this.ptt.releaseHolders((holder) => holder.endsWith(`@${client}`), performance.now()));
  }

  /** VAD probabilities of 16 kHz audio (per 512-sample frame); undefined when the VAD is unavailable. */
  analyse(pcm: Int16Array): Promise<Float32Array | undefined> {
    return this.audio.analyse(pcm).catch(() => undefined);
  }

  /** Speech-to-text of 16 kHz audio already trimmed to speech. */
  async transcribe(pcm: Int16Array, turn: TurnContext): Promise<Recognition> {
    if (turn.signal.aborted) throw new TurnAbortedError(turn.signal.reason);
    const stt = this.stt;
    if (!stt) throw new Error(`no speech recognition: ${this.sttStatus.detail}`);
    return recognitionOf(await stt.transcribe(pcm, turn));
  }

  vadThreshold(): number {
    return this.config.speech.vad.threshold;
  }

  /** A reply is being spoken. */
  get isSpeaking(): boolean {
    return this.speaking !== undefined;
  }

  async speak(sentences: AsyncIterable<string> | Iterable<string>, turn: TurnContext): Promise<{ firstAudioAtMs?: number }> {
    if (turn.signal.aborted) throw new TurnAbortedError(turn.signal.reason);
    const tts = this.tts;
    if (!this.config.speech.tts.enabled || !tts || tts.status().state !== 'ready') return {};
    this.stopSpeaking();
    const ac = new AbortController();
    this.speaking = ac;
    const onTurnAbort = (): void => ac.abort(turn.signal.reason);
    turn.signal.addEventListener('abort', onTurnAbort, { once: true });
    let firstAudioAtMs: number | undefined;
    try {
      await timeStage(turn, 'tts', (mark) =>
        speakSentences(sentences, tts, this.audio.sink, {
          radioEffect: this.config.speech.tts.radioEffect,
          volume: this.config.audio.volume,
          signal: ac.signal,
          onFirstAudio: () => {
            firstAudioAtMs = turn.now();
            mark.firstByte();
          },
        }),
      );
      return firstAudioAtMs === undefined ? {} : { firstAudioAtMs };
    } catch (e) {
      // stopSpeaking() (not the turn) cut us off: a normal end, not a failure.
      if (ac.signal.aborted && !turn.signal.aborted) return firstAudioAtMs === undefined ? {} : { firstAudioAtMs };
      throw e;
    } finally {
      turn.signal.removeEventListener('abort', onTurnAbort);
      if (this.speaking === ac) this.speaking = undefined;
    }
  }

  /** A sample in the voice being edited (or the saved one), with whether anything was heard: see voicePreview.ts. */
  async previewVoice(text: string, tts: Config['speech']['tts'] = this.config.speech.tts): Promise<VoicePreviewResult> {
    this.stopSpeaking();
    const ac = new AbortController();
    this.speaking = ac;
    try {
      return await previewVoice({ text, tts, config: this.config, modelsDir: this.modelsDir, saved: { engine: this.tts, note: this.ttsNote }, sink: this.audio.sink, output: () => this.audio.output, signal: ac.signal });
    } catch (e) {
      // A press (or another preview) cut it off: not a failure of the voice.
      if (ac.signal.aborted) return { spoken: false, voice: tts.voice, warning: 'stopped before the end (push-to-talk or another preview)' };
      throw e;
    } finally {
      if (this.speaking === ac) this.speaking = undefined;
    }
  }

  stopSpeaking(): void {
    const ac = this.speaking;
    this.speaking = undefined;
    if (ac) ac.abort('stopped');
    this.audio.sink.stop();
  }

  async updateConfig(config: Config): Promise<void> {
    const prev = this.config;
    this.config = config;
    this.ptt.setOptions(this.pttOptions());
    this.audio.configure(this.captureSettings());
    // Not awaited: the engine's settings queue must not wait for a model to load, so that a burst
    // of changes coalesces into the last one (reconfigureStt). Statuses tell when it is ready.
    if (this.started && JSON.stringify(prev.speech.stt) !== JSON.stringify(config.speech.stt)) void this.reconfigureStt();
    if (JSON.stringify(prev.speech.tts) !== JSON.stringify(config.speech.tts)) await this.setupTts();
    this.events.onStatus();
  }

  /**
   * The command grammar changed (the pilot's own commands): pocketsphinx is rebuilt with the new
   * JSGF, without a restart; whisper reads its prompt and grammar at every utterance already.
   */
  reloadGrammar(): Promise<void> {
    if (!this.started || this.disposed || (this.stt && this.stt.name !== 'pocketsphinx')) return Promise.resolve();
    this.sttApplied = undefined;
    return this.reconfigureStt();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.pttTimer) clearTimeout(this.pttTimer);
    this.ptt.reset();
    this.speculative.cancel();
    this.stopSpeaking();
    await this.sttRun; // a reconfiguration in flight finishes its engine first (then sees disposed)
    await Promise.all([this.audio.dispose(), this.stt?.dispose(), this.tts?.dispose()]);
  }

  private applyPtt(effects: PttEffect[]): void {
    for (const e of effects) {
      if (e.type === 'bargeIn') {
        this.stopSpeaking();
        this.events.onBargeIn();
      } else if (e.type === 'begin') {
        this.speculative.cancel();
        this.audio.begin();
        this.setListening(true);
      } else if (e.type === 'release' || e.type === 'pause') {
        // Recognise what was said so far: at a pause it is usually all of it, and then the
        // transcript is ready by the time the pilot lets go.
        this.startSpeculation();
      } else if (e.type === 'stuck') {
        this.events.onStuck?.(e.source);
      } else {
        this.setListening(false);
        void this.audio
          .take()
          .then(({ pcm, probs }) => {
            if (pcm.length === 0) return;
            const early = this.speculative.settle({ pcm, probs }, this.config.speech.vad.threshold);
            this.events.onUtterance({ pcm, vadProbs: probs, releasedAtMs: e.releasedAtMs, source: e.source, ...(early ? { early } : {}) });
          })
          .catch(() => undefined); // worker gone (dispose): nothing to deliver
      }
    }
    if (this.ptt.pressed !== this.pressedNow) {
      this.pressedNow = this.ptt.pressed;
      this.events.onPressed?.(this.pressedNow);
    }
    if (this.pttTimer) clearTimeout(this.pttTimer);
    const next = this.ptt.nextDeadlineMs();
    if (next !== undefined && !this.disposed) {
      this.pttTimer = setTimeout(() => this.applyPtt(this.ptt.tick(performance.now())), Math.max(0, next - performance.now()));
    }
  }

  private startSpeculation(): void {
    const stt = this.stt;
    if (!stt) return;
    const threshold = this.config.speech.vad.threshold;
    this.speculative.start(this.audio.peek(), async ({ pcm, probs }, signal) => {
      const speech = trimToSpeech(pcm, probs, { threshold }).pcm;
      if (speech.length === 0) return { text: '' };
      const ctx = createTurnContext({ signal });
      return recognitionOf(await stt.transcribe(speech, ctx));
    });
  }

  /** A reply on the air (a turn's or a callout) counts as much as a running turn: a press barges in on it. */
  private refreshTurnActive(): void {
    this.ptt.turnActive = this.events.turnActive() || this.speaking !== undefined;
  }

  private setListening(on: boolean): void {
    if (on === this.listeningNow) return;
    this.listeningNow = on;
    this.events.onListening(on);
  }

  private pttOptions(): ConstructorParameters<typeof PttMachine>[0] {
    const c = this.config;
    return {
      mode: c.ptt.mode,
      releaseTailMs: c.ptt.releaseTailMs,
      maxUtteranceMs: c.audio.maxUtteranceS * 1000,
      silenceMs: c.speech.vad.silenceMs,
      maxHoldMs: c.ptt.maxHoldS * 1000,
    };
  }

  private captureSettings(): CaptureSettings {
    const c = this.config;
    return {
      inputDevice: c.audio.inputDevice,
      outputDevice: c.audio.outputDevice,
      preRollMs: c.audio.preRollMs,
      maxUtteranceMs: c.audio.maxUtteranceS * 1000,
      vadEngine: c.speech.vad.engine,
      vadAlways: c.ptt.mode === 'voice',
      threshold: c.speech.vad.threshold,
    };
  }

  /**
   * Brings the STT engine to the current settings, one reconfiguration at a time: a change that
   * comes while one runs waits, and only the settings wanted when it is done are applied (50
   * changes in a burst build at most two engines, never two at once). Never rejects.
   */
  private reconfigureStt(): Promise<void> {
    this.sttRun ??= (async () => {
      for (;;) {
        const config = this.config;
        const want = JSON.stringify(config.speech.stt);
        if (this.disposed || want === this.sttApplied) return;
        await this.setupStt(config, want).catch((e: unknown) => {
          this.sttStatus = { state: 'error', detail: `speech recognition failed to start: ${(e as Error).message}` };
        });
        this.events.onStatus();
      }
    })().finally(() => {
      this.sttRun = undefined;
    });
    return this.sttRun;
  }

  private async setupStt(config: Config, want: string): Promise<void> {
    this.sttApplied = want;
    const old = this.stt;
    this.stt = undefined;
    this.sttStatus = { state: 'loading', detail: 'speech recognition: loading' };
    this.events.onStatus();
    await old?.dispose();
    const { engine, status } = await createSttEngine(config, this.modelsDir, this.grammar, this.crashLog);
    this.stt = engine;
    this.sttStatus = status;
  }

  private async setupTts(): Promise<void> {
    await this.tts?.dispose();
    const { engine, note } = await createTts(this.config, this.modelsDir);
    this.tts = engine;
    this.ttsNote = note;
  }
}

function outputText(s: EngineStatus): string {
  return s.state === 'ready' ? s.detail : s.state === 'disabled' ? 'no output device' : s.detail;
}

function holderKey(source: string, client: string | undefined): string {
  return client ? `${source}@${client}` : source;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Levels below this peak are too quiet to recognise reliably (a distant or low-gain mic). */
const QUIET_PEAK_DB = -35;
/** A peak this close to full scale means clipping: the input gain is too high. */
const CLIPPING_PEAK_DB = -0.5;

/** What a microphone test means for the pilot, in one sentence. */
export function judgeMic(r: { device: string; peakDb: number; speech: boolean; digitalSilence: boolean; samples: number; problem?: string }): Pick<MicTestResult, 'verdict' | 'message'> {
  if (r.problem) return { verdict: 'unavailable', message: `The microphone could not be used: ${r.problem}.` };
  if (r.samples === 0 || r.digitalSilence) {
    return { verdict: 'silent', message: `"${r.device}" delivered only digital silence: it may be muted (a switch, an app or the OS privacy setting) or the wrong input is chosen.` };
  }
  if (r.peakDb >= CLIPPING_PEAK_DB) return { verdict: 'clipping', message: `"${r.device}" is clipping (peak ${r.peakDb.toFixed(1)} dBFS): turn its input gain down.` };
  if (r.peakDb < QUIET_PEAK_DB) return { verdict: 'quiet', message: `"${r.device}" is very quiet (peak ${r.peakDb.toFixed(1)} dBFS)${r.speech ? '' : ' and no speech was heard'}: move it closer or turn its gain up.` };
  return { verdict: 'ok', message: r.speech ? `"${r.device}" works: speech heard (peak ${r.peakDb.toFixed(1)} dBFS).` : `"${r.device}" works (peak ${r.peakDb.toFixed(1)} dBFS), but no speech was heard: say something during the test.` };
}

function asSource(s: string): PttSource {
  return s === 'button' || s === 'key' || s === 'joystick' || s === 'vad' ? s : 'api';
}
