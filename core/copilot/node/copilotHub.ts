import type { CopilotEvent } from '../common/copilotEvents.js';
import type { EngineStatus } from '../../base/common/status.js';
import type { Config } from '../../config/common/configSchema.js';
import type { Intent } from '../../intent/common/intents.js';
import type { AircraftProfile } from '../../sim/common/aircraftProfile.js';
import type { SimState } from '../../sim/common/simState.js';
import type { AskContext as PipelineAskContext, ChecklistPort } from '../common/copilotPort.js';
import { CalloutEngine, type Callout } from '../common/calloutEngine.js';
import { ChecklistRunner, type ChecklistReply } from '../common/checklistRunner.js';
import type { ChecklistName } from '../common/checklistSchema.js';
import type { SecretStore } from '../common/llmTypes.js';
import { redactSecrets } from '../../config/common/redact.js';
import { Copilot } from './copilot.js';
import { loadChecklists } from './loadChecklists.js';

/** How often an unreachable or missing model is probed again, so starting Ollama later just works. */
const LLM_RECHECK_MS = 30_000; // cheap GET on loopback; the pilot sees the status change within 30 s
/** `ready()` waits at most this long for the first model status (a remote host may not answer). */
const FIRST_STATUS_WAIT_MS = 2000;

export interface CopilotHubOptions {
  config: Config;
  emit: (event: CopilotEvent) => void;
  onStatus: (llm: EngineStatus) => void;
  /** Speaks a callout; absent when there is no voice. `interrupts` = a warning cutting in. */
  speakCallout?: (callout: Callout) => void;
  secrets?: SecretStore;
  /** Probe the model now and then, and warm it up (the app and headless host; not one-shot CLI runs). */
  monitorLlm: boolean;
}

/**
 * The copilot side of the engine: the language model, callouts on every telemetry frame, and the
 * checklist runner, behind the small ports the turn pipeline uses.
 */
export class CopilotHub {
  private copilot: Copilot;
  private readonly callouts: CalloutEngine;
  private checklists: ChecklistRunner;
  private llmStatus: EngineStatus = { state: 'loading', detail: 'checking the language model' };
  private firstStatus: Promise<void>;
  private recheck: ReturnType<typeof setInterval> | undefined;
  private readonly statusAbort = new AbortController();
  readonly checklistPort: ChecklistPort;

  private readonly checklistsLoaded: Promise<void>;

  private constructor(
    private readonly opts: CopilotHubOptions,
    warn: (message: string) => void,
  ) {
    const { config } = opts;
    this.copilot = new Copilot(config.llm, opts.secrets ? { secrets: opts.secrets } : {});
    this.callouts = new CalloutEngine(config.callouts);
    // Checklists parse in the background (YAML is slow when cold); the engine serves meanwhile.
    this.checklists = new ChecklistRunner([]);
    this.checklistsLoaded = loadChecklists().then(({ sets, errors }) => {
      for (const e of errors) warn(`checklists: ${e}`);
      this.checklists = new ChecklistRunner(sets);
    });
    this.checklistPort = {
      active: () => this.checklists.active !== undefined,
      start: (name) => this.publish(this.checklists.start(name as ChecklistName)),
      handle: (intent, state) => {
        if (intent.kind !== 'checklist') return 'That is not a checklist response.';
        return this.publish(this.checklists.handle(intent, state));
      },
    };
    this.firstStatus = this.refreshStatus(opts.monitorLlm);
    if (opts.monitorLlm) {
      this.recheck = setInterval(() => {
        if (this.llmStatus.state !== 'ready') void this.refreshStatus(true);
      }, LLM_RECHECK_MS);
      this.recheck.unref?.();
    }
  }

  static async create(opts: CopilotHubOptions, warn: (message: string) => void): Promise<CopilotHub> {
    return new CopilotHub(opts, warn);
  }

  /** Resolves once the first model status is known, or after a short wait. */
  ready(): Promise<void> {
    const status = Promise.race([this.firstStatus, new Promise<void>((r) => setTimeout(r, FIRST_STATUS_WAIT_MS).unref?.())]);
    return Promise.all([status, this.checklistsLoaded]).then(() => undefined);
  }

  status(): EngineStatus {
    return this.llmStatus;
  }

  /** Why a question cannot go to the model right now, or undefined when it can (or might). */
  llmUnavailable(): string | undefined {
    const s = this.llmStatus;
    return s.state === 'ready' || s.state === 'loading' ? undefined : s.detail;
  }

  ask(question: string, ctx: PipelineAskContext): AsyncIterable<string> {
    const checklist = this.checklists.active;
    return this.copilot.ask(question, {
      ...ctx,
      phase: this.callouts.phase,
      ...(checklist ? { checklist } : {}),
      executeIntent: (intent: Intent) => ctx.executeIntent(intent),
    });
  }

  /** Every telemetry frame: callouts (spoken and shown) and checklist verification. */
  onSimState(state: SimState, profile: AircraftProfile): void {
    this.checklists.setProfile(profile);
    for (const c of this.callouts.evaluate(state, profile)) {
      this.opts.emit({ type: 'callout', id: c.id, text: c.text, priority: c.priority, simTimeS: c.simTimeS });
      this.opts.speakCallout?.(c);
    }
  }

  get phase(): string {
    return this.callouts.phase;
  }

  /** The sim changed (another sim, another flight): phase detection and callout latches start over. */
  newFlight(): void {
    this.callouts.reset();
  }

  /** New settings: callouts switch at once; a changed model endpoint (or `newKey`: a new API key) gets a new client. */
  configure(config: Config, previous: Config, newKey = false): void {
    this.callouts.configure(config.callouts);
    if (newKey || JSON.stringify(config.llm) !== JSON.stringify(previous.llm)) {
      void this.copilot.dispose();
      this.copilot = new Copilot(config.llm, this.opts.secrets ? { secrets: this.opts.secrets } : {});
      this.llmStatus = { state: 'loading', detail: 'checking the language model' };
      this.opts.onStatus(this.llmStatus);
      void this.refreshStatus(this.opts.monitorLlm);
    }
  }

  async dispose(): Promise<void> {
    if (this.recheck) clearInterval(this.recheck);
    this.statusAbort.abort();
    await this.copilot.dispose();
  }

  private publish(reply: ChecklistReply): string {
    if (reply.progress) this.opts.emit(reply.progress);
    return reply.text;
  }

  /**
   * Probes the model and publishes the status. Never rejects: it runs from timers and settings
   * changes, where a throw would end the process; any failure becomes the status the pilot sees.
   */
  private async refreshStatus(warm: boolean): Promise<void> {
    const copilot = this.copilot;
    let status: EngineStatus;
    try {
      status = warm ? await copilot.warmUp(this.statusAbort.signal) : await copilot.status(this.statusAbort.signal);
    } catch (err) {
      status = { state: 'error', detail: `cannot reach the language model: ${err instanceof Error ? err.message : String(err)}` };
    }
    if (copilot !== this.copilot || this.statusAbort.signal.aborted) return;
    this.llmStatus = { ...status, detail: redactSecrets(status.detail) };
    this.opts.onStatus(this.llmStatus);
  }
}
