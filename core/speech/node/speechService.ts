import { join } from 'node:path';
import type { EngineStatus } from '../../api/common/contract.js';
import { AudioFrontEnd } from '../../audio/node/audioFrontEnd.js';
import { NullSink, type AudioSink } from '../../audio/node/audioOutput.js';
import type { AudioDeviceInfo, CaptureSettings } from '../../audio/node/audioProtocol.js';
import type { Config } from '../../config/common/configSchema.js';
import { userConfigDir } from '../../config/node/configStore.js';
import { PttMachine, type PttEffect, type PttSource } from '../common/pttMachine.js';
import type { SttEngine } from '../common/sttEngine.js';
import type { TtsEngine } from '../common/ttsEngine.js';
import { createTurnContext, timeStage, TurnAbortedError, type TurnContext } from '../common/turnContext.js';
import { trimToSpeech } from '../common/vadTrim.js';
import { createSttEngine, createTts } from './engineSetup.js';
import { speakSentences } from './speaker.js';
import { SpeculativeStt, type TimedText } from './speculativeStt.js';

export { decodeWavTo16kMono, WavError } from '../../audio/common/wav.js';

export type SpeechStage = 'idle' | 'listening' | 'transcribing' | 'speaking';

export interface SpeechEvents {
  /** A finished utterance (after the release tail), 16 kHz mono int16; releasedAtMs on performance.now(). */
  onUtterance(pcm: Int16Array, info: { releasedAtMs: number; source: string }): void;
  /** A press while a turn runs or speaks: the owner aborts that turn. */
  onBargeIn(): void;
  onStage(stage: SpeechStage): void;
  /** Input level in dBFS while listening, at most 10 Hz. */
  onLevel(levelDb: number): void;
  /** Any engine status changed: read statuses(). */
  onStatus(): void;
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
  private tts: TtsEngine | undefined;
  private sink: AudioSink = new NullSink();
  private outputStatus = '';
  private speaking: AbortController | undefined;
  private inFlight = 0;
  private externalTurnActive = false;
  /** VAD probabilities the audio worker computed live, keyed by the utterance buffer. */
  private readonly liveProbs = new WeakMap<Int16Array, Float32Array>();
  private readonly speculative = new SpeculativeStt();
  private stage: SpeechStage = 'idle';
  private started = false;
  private disposed = false;

  constructor(
    config: Config,
    private readonly events: SpeechEvents,
    opts: { modelsDir?: string } = {},
  ) {
    this.config = config;
    this.modelsDir = opts.modelsDir ?? join(userConfigDir(), 'models');
    this.ptt = new PttMachine(this.pttOptions());
    this.audio = new AudioFrontEnd({
      onStatus: () => this.events.onStatus(),
      onLevel: (db) => this.events.onLevel(db),
      onVad: (speech) => this.applyPtt(this.ptt.vad(speech, performance.now())),
      onError: () => undefined,
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all([
      this.audio.start(this.captureSettings()).catch((e: unknown) => {
        this.audio.audio = { state: 'error', detail: `audio worker failed: ${(e as Error).message}` };
      }),
      this.setupStt(),
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
      tts: this.config.speech.tts.enabled ? { ...tts, detail: `${tts.detail}${this.outputStatus}` } : { state: 'disabled', detail: 'spoken replies off' },
    };
  }

  /** Utterances whose transcript came from recognition during the release tail, and those redone. */
  get speculation(): { used: number; discarded: number } {
    return { used: this.speculative.used, discarded: this.speculative.discarded };
  }

  /** Audio devices PortAudio sees (for the settings UI); empty when PortAudio is unavailable. */
  async listDevices(): Promise<AudioDeviceInfo[]> {
    return this.audio.devices().catch(() => []);
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

  /** Lets the owner mark a turn as running between transcribe() and speak() (thinking, acting). */
  setTurnActive(active: boolean): void {
    this.externalTurnActive = active;
    this.ptt.turnActive = this.turnActive();
  }

  pttDown(source: string): void {
    this.ptt.turnActive = this.turnActive();
    this.applyPtt(this.ptt.down(asSource(source), performance.now()));
  }

  pttUp(source: string): void {
    this.applyPtt(this.ptt.up(asSource(source), performance.now()));
  }

  async transcribe(pcm: Int16Array, turn: TurnContext): Promise<{ text: string }> {
    if (turn.signal.aborted) throw new TurnAbortedError(turn.signal.reason);
    this.inFlight += 1;
    this.setStage('transcribing');
    try {
      const early = this.speculative.take(pcm, turn.signal);
      if (early) return await this.takeSpeculative(early, turn);
      const speech = await timeStage(turn, 'vad', async () => {
        const probs = this.liveProbs.get(pcm) ?? (await this.audio.analyse(pcm).catch(() => undefined));
        if (!probs) return pcm; // no VAD available: recognise everything
        return trimToSpeech(pcm, probs, { threshold: this.config.speech.vad.threshold }).pcm;
      });
      if (turn.signal.aborted) throw new TurnAbortedError(turn.signal.reason);
      if (speech.length === 0) return { text: '' };
      const stt = this.stt;
      if (!stt) throw new Error(`no speech recognition: ${this.sttStatus.detail}`);
      const t = await timeStage(turn, 'stt', () => stt.transcribe(speech, turn));
      return { text: t.text };
    } finally {
      this.inFlight -= 1;
      if (this.stage === 'transcribing') this.setStage(this.ptt.listening ? 'listening' : 'idle');
    }
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
    this.inFlight += 1;
    this.setStage('speaking');
    let firstAudioAtMs: number | undefined;
    try {
      await timeStage(turn, 'tts', (mark) =>
        speakSentences(sentences, tts, this.sink, {
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
      this.inFlight -= 1;
      if (this.speaking === ac) this.speaking = undefined;
      if (this.stage === 'speaking') this.setStage(this.ptt.listening ? 'listening' : 'idle');
    }
  }

  stopSpeaking(): void {
    const ac = this.speaking;
    this.speaking = undefined;
    if (ac) ac.abort('stopped');
    this.sink.stop();
  }

  async updateConfig(config: Config): Promise<void> {
    const prev = this.config;
    this.config = config;
    this.ptt.setOptions(this.pttOptions());
    this.audio.configure(this.captureSettings());
    if (JSON.stringify(prev.speech.stt) !== JSON.stringify(config.speech.stt)) await this.setupStt();
    if (JSON.stringify(prev.speech.tts) !== JSON.stringify(config.speech.tts) || prev.audio.outputDevice !== config.audio.outputDevice) await this.setupTts();
    this.events.onStatus();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.pttTimer) clearTimeout(this.pttTimer);
    this.ptt.reset();
    this.speculative.cancel();
    this.stopSpeaking();
    await Promise.all([this.audio.dispose(), this.stt?.dispose(), this.tts?.dispose(), this.sink.dispose()]);
  }

  private turnActive(): boolean {
    return this.externalTurnActive || this.inFlight > 0;
  }

  private applyPtt(effects: PttEffect[]): void {
    for (const e of effects) {
      if (e.type === 'bargeIn') {
        this.stopSpeaking();
        this.events.onBargeIn();
      } else if (e.type === 'begin') {
        this.speculative.cancel();
        this.audio.begin();
        this.setStage('listening');
      } else if (e.type === 'release') {
        this.startSpeculation();
      } else {
        this.setStage(this.inFlight > 0 ? this.stage : 'idle');
        void this.audio
          .take()
          .then(({ pcm, probs }) => {
            if (pcm.length === 0) return;
            this.liveProbs.set(pcm, probs);
            this.speculative.settle({ pcm, probs }, this.config.speech.vad.threshold);
            this.events.onUtterance(pcm, { releasedAtMs: e.releasedAtMs, source: e.source });
          })
          .catch(() => undefined); // worker gone (dispose): nothing to deliver
      }
    }
    if (this.pttTimer) clearTimeout(this.pttTimer);
    const next = this.ptt.nextDeadlineMs();
    if (next !== undefined && !this.disposed) {
      this.pttTimer = setTimeout(() => this.applyPtt(this.ptt.tick(performance.now())), Math.max(0, next - performance.now()));
    }
  }

  /**
   * A transcript recognised during the release tail (the VAD found the tail silent). Its metrics
   * keep the real timing, mapped onto the turn's clock: recognition may have started before the
   * turn (at the release) and finished before this call.
   */
  private async takeSpeculative(early: Promise<TimedText>, turn: TurnContext): Promise<{ text: string }> {
    const base = { turnId: turn.turnId };
    const offsetMs = performance.now() - turn.now();
    turn.metrics.record({ ...base, stage: 'vad', startedAt: turn.now(), durationMs: 0, cancelled: false });
    const waitFrom = turn.now();
    try {
      const r = await early;
      turn.metrics.record({ ...base, stage: 'stt', startedAt: r.startedAtMs - offsetMs, durationMs: r.finishedAtMs - r.startedAtMs, cancelled: false });
      return { text: r.text };
    } catch (e) {
      turn.metrics.record({ ...base, stage: 'stt', startedAt: waitFrom, durationMs: turn.now() - waitFrom, cancelled: true });
      throw e;
    }
  }

  private startSpeculation(): void {
    const stt = this.stt;
    if (!stt) return;
    const threshold = this.config.speech.vad.threshold;
    this.speculative.start(this.audio.peek(), async ({ pcm, probs }, signal) => {
      const speech = trimToSpeech(pcm, probs, { threshold }).pcm;
      if (speech.length === 0) return '';
      const ctx = createTurnContext({ signal });
      return (await stt.transcribe(speech, ctx)).text;
    });
  }

  private setStage(stage: SpeechStage): void {
    if (stage === this.stage) return;
    this.stage = stage;
    this.events.onStage(stage);
  }

  private pttOptions(): ConstructorParameters<typeof PttMachine>[0] {
    const c = this.config;
    return { mode: c.ptt.mode, releaseTailMs: c.ptt.releaseTailMs, maxUtteranceMs: c.audio.maxUtteranceS * 1000, silenceMs: c.speech.vad.silenceMs };
  }

  private captureSettings(): CaptureSettings {
    const c = this.config;
    return {
      inputDevice: c.audio.inputDevice,
      preRollMs: c.audio.preRollMs,
      maxUtteranceMs: c.audio.maxUtteranceS * 1000,
      vadEngine: c.speech.vad.engine,
      vadAlways: c.ptt.mode === 'voice',
      threshold: c.speech.vad.threshold,
    };
  }

  private async setupStt(): Promise<void> {
    const old = this.stt;
    this.stt = undefined;
    await old?.dispose();
    const { engine, status } = await createSttEngine(this.config, this.modelsDir);
    this.stt = engine;
    this.sttStatus = status;
  }

  private async setupTts(): Promise<void> {
    await this.tts?.dispose();
    await this.sink.dispose();
    const { engine, sink, outputNote } = await createTts(this.config, this.modelsDir);
    this.tts = engine;
    this.sink = sink;
    this.outputStatus = outputNote;
  }
}

function asSource(s: string): PttSource {
  return s === 'button' || s === 'key' || s === 'joystick' || s === 'vad' ? s : 'api';
}
