import { dirname, join } from 'node:path';
import type { CommandResult, EngineCommand, EngineEvent, EngineState, ResultOf, SettingsUpdateResult, Warning } from './api/common/contract.js';
import type { CommandOrigin, EngineApi, Unsubscribe } from './api/common/engineApi.js';
import { EngineStateStore } from './api/common/engineStateStore.js';
import type { Config, SettingsPatch } from './config/common/configSchema.js';
import { changedSettings, pendingRestart, sectionsOf } from './config/common/settingsEffects.js';
import { ConfigError, ConfigStore, defaultConfigPath, userConfigDir } from './config/node/configStore.js';
import { hostCrashLog } from './config/node/hostLog.js';
import { defaultSecretsPath, FileSecretStore } from './config/node/fileSecretStore.js';
import { redactSecrets } from './config/common/redact.js';
import type { SecretVault } from './config/common/secrets.js';
import { CopilotHub } from './copilot/node/copilotHub.js';
import { packageVersion } from './config/node/paths.js';
import { Emitter } from './base/common/emitter.js';
import type { AircraftProfile } from './sim/common/aircraftProfile.js';
import { loadAllProfiles, saveUserProfile, userProfilesDir, type ProfileSource } from './custom/node/profileStore.js';
import type { SimLinkOptions } from './sim/node/simLink.js';
import { SwitchingSimLink } from './sim/node/switchingSimLink.js';
import { TurnRunner, type SpeechPort } from './turn/common/turnRunner.js';
import { HISTORY_MAX_ENTRIES } from './turn/common/turnHistory.js';
import { buildGbnf, buildJsgf, whisperPrompt } from './intent/common/grammarExport.js';
import { WavDecoder } from './audio/node/wavDecoder.js';
import type { Utterance } from './speech/common/utterance.js';
import { ModelService } from './speech/node/modelService.js';
import { SpeechService } from './speech/node/speechService.js';
import { SPEECH_OUTPUT_FAILED, SPEECH_OUTPUT_WARNING_ID, SynthesisError, speechFailureLogLine } from './speech/common/ttsErrors.js';
import { VOICE_WARNING_ID, voiceCatalog, voiceStartWarning, voiceUpdateProblem } from './speech/node/ttsVoices.js';
import type { Callout } from './copilot/common/calloutEngine.js';
import { CUSTOM_FILE_NAME, CustomCommandStore } from './custom/node/customStore.js';
import { noKeyPresser, withCustomRunner, type KeyPresser } from './custom/common/customRunner.js';
import type { CustomChangeResult } from './custom/common/customApi.js';

export interface EngineOptions {
  /** Config file; default the user's config folder (or STRATUS_CONFIG). */
  configPath?: string;
  /** Overrides config sim.kind for this run (CLI --sim). */
  sim?: string;
  env?: NodeJS.ProcessEnv;
  /** Open audio devices and speech engines (false for `stratus cmd`). Default true. */
  speech?: boolean;
  /**
   * Recognition and spoken replies through this port instead of the speech service, which is then
   * not started (engine tests script what was heard: core/turn/testing/scriptedSpeech.ts). Hosts never set it.
   */
  speechPort?: SpeechPort;
  log?: (line: string) => void;
  /**
   * Where the language-model API key is kept: the desktop app passes the OS keychain
   * (electron/main/secrets.ts); default a 0600 file in the user's config folder.
   */
  secrets?: SecretVault;
  /** Warnings from before the engine (the crash-loop guard's safe mode), shown with the config's. */
  startWarnings?: Warning[];
  /** Presses keys for the pilot's own commands (the desktop app's hook process); default: refused with the reason. */
  keys?: KeyPresser;
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
  const rawLog = options.log ?? (() => {});
  // Secrets never leave in a log line (URL credentials, key-like parameters, bearer tokens).
  const log = (line: string): void => rawLog(redactSecrets(line));
  const secrets = options.secrets ?? new FileSecretStore(defaultSecretsPath(userConfigDir(env)));
  const configPath = options.configPath ?? defaultConfigPath(env);
  const store = new ConfigStore(configPath, env, undefined, { secrets });
  const loaded = await store.load();
  const warnings = [...(options.startWarnings ?? []), ...loaded.warnings];
  // Shipped profiles, with the pilot's edited copies (beside the config file) over them.
  const { profiles, sources: profileSources } = await loadAllProfiles(userProfilesDir(configPath), (message) => warnings.push({ id: 'profiles', level: 'warning', message }));
  // The pilot's own commands live beside the config file (so --config brings its own).
  const custom = new CustomCommandStore(join(dirname(configPath), CUSTOM_FILE_NAME));
  for (const message of await custom.load()) warnings.push({ id: 'custom-commands', level: 'warning', message });
  const engine = new StratusEngine(store, warnings, profiles, { ...options, secrets }, log, custom, { dir: userProfilesDir(configPath), sources: profileSources });
  await engine.start();
  for (const w of engine.state().warnings) log(`warning: ${w.message}`);
  return engine;
}

class StratusEngine implements Engine {
  private readonly events = new Emitter<EngineEvent>();
  private readonly stateStore: EngineStateStore;
  private readonly runner: TurnRunner;
  /** Replaced in place when sim settings change: the turn runner and the copilot keep this one object. */
  private readonly sim: SwitchingSimLink;
  /** The CLI's --sim holds until a settings update chooses another simulator. */
  private simKindFromOptions = true;
  /** Settings updates apply one at a time, so each one's changes and event describe a settled step. */
  private settingsQueue: Promise<unknown> = Promise.resolve();
  /** The settings this run started with (taken at the first update): what restart-needed settings are compared with. */
  private settingsAtStart: Config | undefined;
  private copilot: CopilotHub | undefined;
  private speech: SpeechService | undefined;
  /** Audio devices and speech engines load in the background; the host serves meanwhile. */
  private speechReady: Promise<void> = Promise.resolve();
  private readonly models: ModelService;
  /** Uploaded WAVs are decoded in a worker thread (started on first use), never on the host's thread. */
  private readonly wavDecoder = new WavDecoder();
  private readonly disposers: Array<() => void | Promise<void>> = [];
  private firstState: Promise<void>;
  private disposed = false;

  constructor(
    private readonly store: ConfigStore,
    warnings: Warning[],
    private readonly profiles: AircraftProfile[],
    private readonly options: EngineOptions,
    private readonly log: (line: string) => void,
    private readonly custom: CustomCommandStore,
    private readonly userProfiles: { dir: string; sources: Map<string, ProfileSource> },
  ) {
    const cfg = store.config;
    this.stateStore = new EngineStateStore(
      packageVersion(),
      { showTextInput: cfg.overlay.showTextInput, calloutsMuted: cfg.callouts.muted || !cfg.callouts.enabled },
      { mode: cfg.ptt.mode, pressed: false },
    );
    for (const w of warnings) this.stateStore.warn({ ...w, message: redactSecrets(w.message) });
    this.models = new ModelService(this.modelsDir(), (e) => this.events.emit(e), async (id) => {
      await this.updateSettings({ speech: { stt: { engine: 'whisper', whisperModel: id, modelPath: null } } });
    }, async (fallback) => {
      await this.updateSettings({ speech: { stt: { ...fallback, modelPath: null } } });
    });
    this.sim = this.createSim(cfg);
    this.firstState = this.attachSim();
    this.runner = new TurnRunner({
      // A pilot's own command runs its steps for the connected sim (key presses through the host).
      sim: () => ({ adapter: withCustomRunner(this.sim, () => this.options.keys ?? noKeyPresser), profile: this.sim.profile() }),
      grammar: () => this.custom.grammar(),
      emit: (e) => this.events.emit(e),
      stage: (s) => this.stateStore.stage(s),
      speech: () => this.options.speechPort ?? this.speech,
      ask: (question, ctx) => this.copilot!.ask(question, ctx),
      llmUnavailable: () => (this.copilot ? this.copilot.llmUnavailable() : 'the copilot is starting'),
      checklist: () => this.copilot?.checklistPort,
      setCallouts: async (on) => {
        await this.updateSettings({ callouts: { muted: !on } });
      },
      strictness: () => this.store.config.speech.strictness,
      speechOutcome: (failure) => this.speechOutcome(failure),
      now: () => performance.now(),
      historyChanged: (entry) => this.events.emit({ type: 'historyUpdated', entry }),
    });
    this.events.on((e) => {
      if (e.type === 'warning') this.stateStore.warn({ ...e.warning, message: redactSecrets(e.warning.message) });
      else this.stateStore.trustEvent(e);
    });
  }

  /** Whisper models live beside the config, in the user's config folder. */
  private modelsDir(): string {
    return join(userConfigDir(this.options.env ?? process.env), 'models');
  }

  /** Starts the parts that load files, open devices or probe servers. */
  async start(): Promise<void> {
    const cfg = this.store.config;
    if (this.options.speech !== false && !this.options.speechPort) {
      await this.custom.loadDictionary();
      const speech = new SpeechService(cfg, {
        onUtterance: (utterance) => void this.runVoice(utterance),
        onBargeIn: () => this.runner.cancel('barge-in'),
        onListening: (on) => this.runner.setListening(on),
        turnActive: () => this.runner.busy,
        onLevel: (levelDb) => this.stateStore.level(levelDb),
        onStatus: () => this.stateStore.engines(speech.statuses()),
        onPressed: (pressed) => this.stateStore.ptt({ ...this.state().ptt, pressed }),
        onStuck: (source) =>
          this.stateStore.warn({
            id: 'ptt-stuck',
            level: 'warning',
            message: `Push-to-talk (${source}) was held for ${this.store.config.ptt.maxHoldS} s and has been released: a stuck key or a lost connection?`,
          }),
      }, { modelsDir: this.modelsDir(), crashLog: hostCrashLog(this.options.env ?? process.env), grammar: {
        // Built-in and custom phrases alike; rebuilt when the pilot's commands change (below).
        jsgf: () => buildJsgf({ rules: this.custom.rules(), isKnownWord: this.custom.isKnownWord }),
        whisperPrompt: () => whisperPrompt(this.custom.rules()),
        gbnf: () => buildGbnf(this.custom.rules()),
      } });
      this.disposers.push(this.custom.onChange(() => void speech.reloadGrammar()));
      this.speech = speech;
      // In the background (listing SAPI voices can take seconds); the voice itself falls back in systemTts.ts.
      void voiceStartWarning(cfg.speech.tts, this.modelsDir()).then((w) => {
        if (!w) return;
        this.stateStore.warn(w);
        this.log(`warning: ${w.message}`);
      });
      this.speechReady = speech.start().then(
        () => this.stateStore.engines(speech.statuses()),
        (e: unknown) => this.log(`speech failed to start: ${(e as Error).message}`),
      );
      this.disposers.push(async () => {
        await this.speechReady;
        await speech.dispose();
      });
    } else {
      const off = { state: 'disabled' as const, detail: this.options.speechPort ? 'scripted speech' : 'speech is off for this run' };
      this.stateStore.engines({ audio: off, vad: off, stt: off, tts: off });
    }
    this.copilot = await CopilotHub.create(
      {
        config: cfg,
        emit: (e) => this.events.emit(e),
        onStatus: (llm) => this.stateStore.engines({ llm }),
        speakCallout: (c) => this.speakCallout(c),
        ...(this.options.secrets ? { secrets: this.options.secrets } : {}),
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

  private createSim(cfg: Config): SwitchingSimLink {
    return new SwitchingSimLink(this.simLinkOptions(cfg));
  }

  /** The link these settings ask for: the sim section and aircraft profile, with the CLI's --sim kind while it holds. */
  private simLinkOptions(cfg: Config): SimLinkOptions {
    const kind = ((this.simKindFromOptions && this.options.sim) || cfg.sim.kind) as Config['sim']['kind'];
    return {
      sim: { ...cfg.sim, kind },
      profiles: this.profiles,
      profileId: cfg.aircraft.profile,
      onWarning: (message) => this.stateStore.warn({ id: 'sim', level: 'warning', message }),
    };
  }

  /**
   * New sim or aircraft settings reach the running link: when what the link uses changed, it is
   * replaced (old closed, new started; writes meanwhile wait or are refused with the reason).
   * Choosing a simulator in settings ends the CLI's --sim for this run.
   */
  private async applySim(previous: Config, next: Config): Promise<void> {
    if (next.sim.kind !== previous.sim.kind) this.simKindFromOptions = false;
    const options = this.simLinkOptions(next);
    if (!this.sim.differs(options)) return;
    this.log(`sim: switching to ${options.sim.kind}`);
    this.stateStore.clearWarning('sim');
    // Another sim is another flight: callouts and phase start again instead of reading the jump
    // from the old sim's state to the new one's as flight (a "positive rate" on switching).
    this.copilot?.newFlight();
    await this.sim.switchTo(options);
    this.copilot?.newFlight();
    this.publishSim();
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

  execute<C extends EngineCommand>(command: C, origin?: CommandOrigin): Promise<ResultOf<C>> {
    return this.dispatch(command, origin) as Promise<ResultOf<C>>;
  }

  /** One command; what each case returns must be one of the contract's command results. */
  private async dispatch(command: EngineCommand, origin?: CommandOrigin): Promise<ResultOf<EngineCommand>> {
    switch (command.type) {
      case 'text':
        return this.runText(command.text);
      case 'cancel':
        this.runner.cancel('cancelled by the pilot');
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
          if (down) this.runner.cancel('barge-in');
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
      case 'micMonitor':
        if (!this.speech) throw new Error('speech is off in this engine');
        await this.speechReady;
        this.speech.monitorLevel(command.seconds * 1000);
        return this.state();
      case 'settingsUpdate':
        return this.applySettings(command.patch);
      case 'modelList':
        return this.models.list(this.store.config.speech.stt);
      case 'modelDownload':
        await this.models.download(command.id, command.url);
        return this.models.list(this.store.config.speech.stt);
      case 'modelCancel':
        this.models.cancel(command.id);
        return this.models.list(this.store.config.speech.stt);
      case 'modelDelete':
        return this.models.delete(command.id, () => this.store.config.speech.stt, command.confirm);
      case 'voiceList':
        return voiceCatalog.all(this.modelsDir());
      case 'voicePreview': {
        if (!this.speech) throw new Error('speech is off in this engine');
        await this.speechReady;
        // The voice being edited when the page sends it; a failure says only the plain reason (never the synthesiser's output).
        const text = command.text ?? 'Stratus radio check. Heading two seven zero, climbing flight level one two zero.';
        return this.speech.previewVoice(text, command.tts).catch(() => {
          throw new SynthesisError(SPEECH_OUTPUT_FAILED);
        });
      }
      case 'historyList':
        return { entries: this.runner.history.list(), limit: HISTORY_MAX_ENTRIES };
      case 'historyUndo':
        try {
          return await this.runner.undoFromHistory(command.turnId);
        } finally {
          this.publishSim();
        }
      case 'customList':
        return this.custom.listing();
      case 'customSave':
        return this.customChange(await this.custom.put(command.command));
      case 'customDelete':
        return this.customChange(await this.custom.remove(command.id));
      case 'customImport':
        return this.customChange(await this.custom.importText(command.text));
      case 'customExport':
        return { text: this.custom.exportText(command.all), fileName: CUSTOM_FILE_NAME };
      case 'profileList':
        return this.profileList();
      case 'profileSave': {
        const r = await saveUserProfile(this.userProfiles.dir, command.profile);
        if (!r.ok) return { ok: false, problems: r.problems, list: this.profileList(), note: '' };
        // In place: the sim link reads this list when it (re)starts and picks a profile.
        const at = this.profiles.findIndex((p) => p.id === r.profile.id);
        if (at >= 0) this.profiles.splice(at, 1, r.profile);
        else this.profiles.push(r.profile);
        this.userProfiles.sources.set(r.profile.id, 'user');
        return { ok: true, problems: [], list: this.profileList(), note: `Saved your copy of ${r.profile.name}: it is used from the next start of the sim link (restart, or change the simulator).` };
      }
    }
  }

  private profileList(): { profiles: Array<{ profile: AircraftProfile; source: ProfileSource }>; dir: string } {
    return { profiles: this.profiles.map((profile) => ({ profile, source: this.userProfiles.sources.get(profile.id) ?? 'shipped' })), dir: this.userProfiles.dir };
  }

  private customChange(r: { ok: boolean; problems?: Array<{ id: string; reason: string }> }): CustomChangeResult {
    if (r.ok) this.stateStore.clearWarning('custom-commands');
    return { ok: r.ok, problems: r.problems ?? [], listing: this.custom.listing() };
  }

  releaseClient(client: string): void {
    this.speech?.releaseClient(client);
  }

  runText(text: string, signal?: AbortSignal): Promise<CommandResult> {
    return this.turn(() => this.runner.run({ kind: 'text', text }, signal ? { signal } : {}));
  }

  /**
   * A WAV file as if spoken: its header checked (a bad or too long file throws WavError before any
   * sample is read), decoded to 16 kHz mono in a worker thread, and run as a voice turn.
   */
  async runUtterance(wav: Uint8Array, signal?: AbortSignal): Promise<CommandResult> {
    const pcm = await this.wavDecoder.decode(wav, { maxDurationS: this.store.config.audio.maxUtteranceS, setting: 'audio.maxUtteranceS' });
    if (!this.speech && !this.options.speechPort) throw new Error('speech is off in this engine (started without audio)');
    await this.speechReady;
    return this.runVoice({ pcm, releasedAtMs: performance.now(), source: 'api' }, signal);
  }

  /** One push-to-talk utterance through the turn runner. */
  private runVoice(utterance: Utterance, signal?: AbortSignal): Promise<CommandResult> {
    return this.turn(() => this.runner.run({ kind: 'voice', utterance }, signal ? { signal } : {}));
  }

  private async turn(run: () => Promise<CommandResult>): Promise<CommandResult> {
    try {
      return await run();
    } finally {
      // What the command changed shows at once, not at the next state notification.
      this.publishSim();
    }
  }

  /** A reply or callout could not be spoken: the detail to the log, a plain warning to the pilot; cleared once one is spoken. */
  private speechOutcome(failure: unknown): void {
    if (failure === undefined) {
      this.stateStore.clearWarning(SPEECH_OUTPUT_WARNING_ID);
      return;
    }
    this.log(speechFailureLogLine(failure));
    this.stateStore.warn({ id: SPEECH_OUTPUT_WARNING_ID, level: 'warning', message: SPEECH_OUTPUT_FAILED });
  }

  /** Callouts are spoken between turns; a warning cuts in over anything. */
  private speakCallout(c: Callout): void {
    this.runner.announce(c.text, { interrupts: c.interrupts }).catch((e: unknown) => this.log(`callout not spoken: ${(e as Error).message}`));
  }

  settings(): Config {
    return this.store.config;
  }

  async updateSettings(patch: SettingsPatch): Promise<Config> {
    return (await this.applySettings(patch)).settings;
  }

  /**
   * Validates and saves an update (throws with the reason, changing nothing), applies every
   * changed setting the running engine uses (settingsEffects.ts says how, and which wait for a
   * restart), then tells every UI once with settingsChanged.
   */
  private applySettings(patch: SettingsPatch): Promise<SettingsUpdateResult> {
    const run = async (): Promise<SettingsUpdateResult> => {
      const previous = this.store.config;
      this.settingsAtStart ??= previous;
      // The voice reaches a child process: only an installed one (core/speech/node/ttsVoices.ts).
      const voiceProblem = await voiceUpdateProblem(patch, previous.speech.tts, this.modelsDir());
      if (voiceProblem) throw new ConfigError(voiceProblem);
      const next = await this.store.update(patch);
      if (typeof patch.llm === 'object' && patch.llm !== null && typeof patch.llm.apiKey === 'string' && patch.llm.apiKey !== '') {
        this.log(`llm: API key stored in ${this.store.secretsWhere ?? 'the secret store'}; never in ${this.store.path}`);
      }
      if (JSON.stringify(next.speech.tts) !== JSON.stringify(previous.speech.tts)) {
        this.stateStore.clearWarning(VOICE_WARNING_ID);
        this.stateStore.clearWarning(SPEECH_OUTPUT_WARNING_ID);
      }
      const changed = changedSettings(previous, next);
      const restartNeeded = pendingRestart(this.settingsAtStart, next);
      // A replaced API key changes no visible setting (llm.apiKeySet stays true): re-check the model with it all the same.
      const newKey = typeof patch.llm === 'object' && patch.llm !== null && 'apiKey' in patch.llm;
      if (newKey && changed.length === 0) this.copilot?.configure(next, previous, true);
      if (changed.length > 0) {
        this.copilot?.configure(next, previous);
        await this.speech?.updateConfig(next);
        this.stateStore.ui({ showTextInput: next.overlay.showTextInput, calloutsMuted: next.callouts.muted || !next.callouts.enabled });
        this.stateStore.ptt({ ...this.state().ptt, mode: next.ptt.mode });
        await this.applySim(previous, next).catch((e: unknown) =>
          this.stateStore.warn({ id: 'sim', level: 'warning', message: `The new sim settings did not start: ${(e as Error).message}` }),
        );
        this.events.emit({ type: 'settingsChanged', settings: next, changed, restartNeeded, sections: sectionsOf(changed) });
      }
      return { settings: next, changed, restartNeeded, overridden: this.store.heldByEnvironment(patch) };
    };
    const result = this.settingsQueue.then(run, run);
    this.settingsQueue = result.catch(() => undefined);
    return result;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.runner.dispose();
    await this.wavDecoder.dispose();
    this.models.dispose();
    for (const d of this.disposers.splice(0).reverse()) await d();
    await this.sim.dispose();
    this.events.clear();
  }
}
