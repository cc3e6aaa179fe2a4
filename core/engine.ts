import { join } from 'node:path';
import type { AudioDevices, CommandResult, EngineCommand, EngineEvent, EngineState, MicTestResult, ModelEntry, Warning } from './api/common/contract.js';
import type { CommandOrigin, EngineApi, Unsubscribe } from './api/common/engineApi.js';
import { CrashLog } from './base/node/crashLog.js';
import { EngineStateStore } from './api/common/engineStateStore.js';
import type { Config } from './config/common/configSchema.js';
import { ConfigStore, defaultConfigPath, userConfigDir } from './config/node/configStore.js';
import { CopilotHub } from './copilot/node/copilotHub.js';
import { packageVersion } from './config/node/paths.js';
import { Emitter } from './base/common/emitter.js';
import type { AircraftProfile } from './sim/common/aircraftProfile.js';
import { loadProfiles } from './sim/node/loadProfiles.js';
import { createSimLink, type SimLink } from './sim/node/simLink.js';
import { createTurnContext } from './base/common/turnContext.js';
import { TurnPipeline } from './turn/common/turnPipeline.js';
import { ModelService } from './speech/node/modelService.js';
import { decodeWavTo16kMono, SpeechService, WavError } from './speech/node/speechService.js';
import type { Callout } from './copilot/common/calloutEngine.js';

export interface EngineOptions {
  /** Config file; default the user's config folder (or STRATUS_CONFIG). */
  configPath?: string;
  /** Overrides config sim.kind for this run (CLI --sim). */
  sim?: string;
  env?: NodeJS.ProcessEnv;
  /** Open audio devices and speech engines (false for `stratus cmd`). Default true. */
  speech?: boolean;
  log?: (line: string) => void;
}

/** The engine as the hosts see it: the contract plus a few host conveniences. */
export interface Engine extends EngineApi {
  config(): Config;
  /** Resolves once the sim has produced its first state. */
  ready(): Promise<void>;
}

/**
 * The composition root: builds config, sim, intent pipeline, speech and copilot, wires them and
 * exposes the contract. Everything it starts is released by `dispose()`.
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => {});
  const store = new ConfigStore(options.configPath ?? defaultConfigPath(env), env);
  const loaded = await store.load();
  const warnings = [...loaded.warnings];
  const profiles = await loadProfiles(undefined, (message) => warnings.push({ id: 'profiles', level: 'warning', message }));
  const engine = new StratusEngine(store, warnings, profiles, options, log);
  await engine.start();
  for (const w of engine.state().warnings) log(`warning: ${w.message}`);
  return engine;
}

class StratusEngine implements Engine {
  private readonly events = new Emitter<EngineEvent>();
  private readonly stateStore: EngineStateStore;
  private readonly pipeline: TurnPipeline;
  private readonly sim: SimLink;
  private copilot: CopilotHub | undefined;
  private speech: SpeechService | undefined;
  /** Audio devices and speech engines load in the background; the host serves meanwhile. */
  private speechReady: Promise<void> = Promise.resolve();
  private readonly models: ModelService;
  private readonly disposers: Array<() => void | Promise<void>> = [];
  private firstState: Promise<void>;
  private disposed = false;

  constructor(
    private readonly store: ConfigStore,
    warnings: Warning[],
    private readonly profiles: AircraftProfile[],
    private readonly options: EngineOptions,
    private readonly log: (line: string) => void,
  ) {
    const cfg = store.config;
    this.stateStore = new EngineStateStore(
      packageVersion(),
      { showTextInput: cfg.overlay.showTextInput, calloutsMuted: cfg.callouts.muted || !cfg.callouts.enabled },
      { mode: cfg.ptt.mode, pressed: false },
    );
    for (const w of warnings) this.stateStore.warn(w);
    this.models = new ModelService(this.modelsDir(), (e) => this.events.emit(e), async (id) => {
      await this.updateSettings({ speech: { stt: { engine: 'whisper', whisperModel: id, modelPath: null } } });
    });
    this.sim = this.createSim(cfg);
    this.firstState = this.attachSim();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the checklist getter below needs the engine
    const engine = this;
    this.pipeline = new TurnPipeline({
      sim: () => ({ adapter: this.sim, profile: this.sim.profile() }),
      emit: (e) => this.events.emit(e),
      stage: (s) => this.stateStore.stage(s),
      ask: (question, ctx) => this.copilot!.ask(question, ctx),
      get speak() {
        const speech = engine.speech;
        return speech ? (sentences: AsyncIterable<string>, turn: Parameters<SpeechService['speak']>[1]) => speech.speak(sentences, turn) : undefined;
      },
      stopSpeaking: () => this.speech?.stopSpeaking(),
      llmUnavailable: () => (this.copilot ? this.copilot.llmUnavailable() : 'the copilot is starting'),
      get checklist() {
        return engine.copilot?.checklistPort;
      },
      setCallouts: async (on) => {
        await this.updateSettings({ callouts: { muted: !on } });
      },
      now: () => performance.now(),
    });
    this.events.on((e) => {
      if (e.type === 'warning') this.stateStore.warn(e.warning);
    });
  }

  /** Whisper models live beside the config, in the user's config folder. */
  private modelsDir(): string {
    return join(userConfigDir(this.options.env ?? process.env), 'models');
  }

  /** Starts the parts that load files, open devices or probe servers. */
  async start(): Promise<void> {
    const cfg = this.store.config;
    if (this.options.speech !== false) {
      const speech = new SpeechService(cfg, {
        onUtterance: (pcm, info) => void this.runVoice(pcm, info.releasedAtMs),
        onBargeIn: () => this.pipeline.cancel('barge-in'),
        onStage: (stage) => this.stateStore.stage(stage),
        onLevel: (levelDb) => this.stateStore.level(levelDb),
        onStatus: () => this.stateStore.engines(speech.statuses()),
        onPressed: (pressed) => this.stateStore.ptt({ ...this.state().ptt, pressed }),
        onStuck: (source) =>
          this.stateStore.warn({
            id: 'ptt-stuck',
            level: 'warning',
            message: `Push-to-talk (${source}) was held for ${this.store.config.ptt.maxHoldS} s and has been released: a stuck key or a lost connection?`,
          }),
      }, { modelsDir: this.modelsDir(), crashLog: new CrashLog(userConfigDir(this.options.env ?? process.env)) });
      this.speech = speech;
      this.speechReady = speech.start().then(
        () => this.stateStore.engines(speech.statuses()),
        (e: unknown) => this.log(`speech failed to start: ${(e as Error).message}`),
      );
      this.disposers.push(async () => {
        await this.speechReady;
        await speech.dispose();
      });
    } else {
      const off = { state: 'disabled' as const, detail: 'speech is off for this run' };
      this.stateStore.engines({ audio: off, vad: off, stt: off, tts: off });
    }
    this.copilot = await CopilotHub.create(
      {
        config: cfg,
        emit: (e) => this.events.emit(e),
        onStatus: (llm) => this.stateStore.engines({ llm }),
        speakCallout: (c) => this.speakCallout(c),
        monitorLlm: this.options.speech !== false,
      },
      (message) => this.stateStore.warn({ id: 'checklists', level: 'warning', message }),
    );
    this.stateStore.engines({ llm: this.copilot.status() });
    const copilot = this.copilot;
    this.disposers.push(
      this.sim.onState((s) => copilot.onSimState(s, this.sim.profile())),
      () => copilot.dispose(),
    );
  }

  private createSim(cfg: Config): SimLink {
    const kind = (this.options.sim ?? cfg.sim.kind) as Config['sim']['kind'];
    return createSimLink({
      sim: { ...cfg.sim, kind },
      profiles: this.profiles,
      profileId: cfg.aircraft.profile,
      onWarning: (message) => this.stateStore.warn({ id: 'sim', level: 'warning', message }),
    });
  }

  private async attachSim(): Promise<void> {
    const sim = this.sim;
    let resolveFirst: () => void = () => {};
    const first = new Promise<void>((r) => (resolveFirst = r));
    this.disposers.push(
      sim.onState(() => {
        this.publishSim();
        resolveFirst();
      }),
      sim.onConnection(() => this.publishSim()),
    );
    await sim.start();
    return first;
  }

  /** The sim's newest state (read from the snapshot) into the published engine state. */
  private publishSim(): void {
    this.stateStore.sim(this.sim.state(), this.sim.connection(), this.sim.stats());
  }

  async ready(): Promise<void> {
    await Promise.all([this.firstState, this.copilot?.ready(), this.speechReady]);
  }

  config(): Config {
    return this.store.config;
  }

  state(): EngineState {
    return this.stateStore.state;
  }

  onState(listener: (state: EngineState) => void): Unsubscribe {
    return this.stateStore.on(listener);
  }

  onEvent(listener: (event: EngineEvent) => void): Unsubscribe {
    return this.events.on(listener);
  }

  async execute(command: EngineCommand, origin?: CommandOrigin): Promise<CommandResult | EngineState | Config | ModelEntry[] | AudioDevices | MicTestResult | null> {
    switch (command.type) {
      case 'text':
        return this.runText(command.text);
      case 'cancel':
        this.pipeline.cancel('cancelled by the pilot');
        return this.state();
      case 'pttDown':
      case 'pttUp': {
        const down = command.type === 'pttDown';
        if (this.speech) {
          await this.speechReady;
          if (down) this.speech.pttDown(command.source, origin?.client);
          else this.speech.pttUp(command.source, origin?.client);
        } else {
          this.stateStore.ptt({ ...this.state().ptt, pressed: down });
          if (down) this.pipeline.cancel('barge-in');
        }
        return this.state();
      }
      case 'audioDevices':
        if (!this.speech) return { inputs: [], outputs: [], problem: 'speech is off in this engine' };
        await this.speechReady;
        return this.speech.listDevices();
      case 'micTest':
        if (!this.speech) throw new Error('speech is off in this engine');
        await this.speechReady;
        return this.speech.micTest(command.seconds, command.playback);
      case 'settingsUpdate':
        return this.updateSettings(command.patch);
      case 'modelList':
        return this.models.list(this.store.config.speech.stt);
      case 'modelDownload':
        await this.models.download(command.id, command.url);
        return this.models.list(this.store.config.speech.stt);
      case 'modelCancel':
        this.models.cancel(command.id);
        return this.models.list(this.store.config.speech.stt);
      case 'voicePreview': {
        if (!this.speech) throw new Error('speech is off in this engine');
        await this.speechReady;
        await this.speech.speak([command.text ?? 'Stratus radio check. Heading two seven zero, climbing flight level one two zero.'], createTurnContext());
        return this.state();
      }
    }
  }

  releaseClient(client: string): void {
    this.speech?.releaseClient(client);
  }

  runText(text: string, signal?: AbortSignal): Promise<CommandResult> {
    return this.turn(() => this.pipeline.run('text', async () => text, signal ? { signal } : {}));
  }

  /** A WAV file as if spoken: decoded to 16 kHz mono (bad files throw WavError) and run as a voice turn. */
  async runUtterance(wav: Uint8Array, signal?: AbortSignal): Promise<CommandResult> {
    const pcm = decodeWavTo16kMono(wav);
    const seconds = pcm.length / 16000;
    const maxS = this.store.config.audio.maxUtteranceS;
    if (seconds > maxS) {
      throw new WavError(`the recording is ${seconds.toFixed(1)} s long; one utterance may be at most ${maxS} s (setting audio.maxUtteranceS)`);
    }
    if (!this.speech) throw new Error('speech is off in this engine (started without audio)');
    await this.speechReady;
    return this.runVoice(pcm, performance.now(), signal);
  }

  /** One push-to-talk utterance through recognition and the command path. */
  private runVoice(pcm: Int16Array, releasedAt: number, signal?: AbortSignal): Promise<CommandResult> {
    const speech = this.speech!;
    return this.turn(() =>
      this.pipeline.run('voice', async (turn) => (await speech.transcribe(pcm, turn)).text, { releasedAt, ...(signal ? { signal } : {}) }),
    );
  }

  /** Tells push-to-talk a turn is running, so a press during it barges in. */
  private async turn(run: () => Promise<CommandResult>): Promise<CommandResult> {
    this.speech?.setTurnActive(true);
    try {
      return await run();
    } finally {
      this.speech?.setTurnActive(this.pipeline.busy);
      // What the command changed shows at once, not at the next state notification.
      this.publishSim();
    }
  }

  /** Callouts are spoken between turns; a warning cuts in over anything. */
  private speakCallout(c: Callout): void {
    const speech = this.speech;
    if (!speech || (this.pipeline.busy && !c.interrupts)) return;
    speech.speak([c.text], createTurnContext()).catch((e: unknown) => this.log(`callout not spoken: ${(e as Error).message}`));
  }

  settings(): Config {
    return this.store.config;
  }

  async updateSettings(patch: unknown): Promise<Config> {
    const previous = this.store.config;
    const next = await this.store.update(patch);
    this.copilot?.configure(next, previous);
    await this.speech?.updateConfig(next);
    this.stateStore.ui({ showTextInput: next.overlay.showTextInput, calloutsMuted: next.callouts.muted || !next.callouts.enabled });
    this.stateStore.ptt({ ...this.state().ptt, mode: next.ptt.mode });
    return next;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.pipeline.cancel('shutting down');
    this.models.dispose();
    for (const d of this.disposers.splice(0).reverse()) await d();
    await this.sim.dispose();
    this.events.clear();
  }
}
