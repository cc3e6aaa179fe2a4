import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { EngineCommand, EngineEvent, EngineState } from '../../../core/api/common/contract.js';
import { startPacedMic, type PacedMic, type PacedMicOptions } from '../../peers/pacedMic.js';
import { startHeadlessHost, type HeadlessHost } from './headlessHost.js';

const root = join(import.meta.dirname, '..', '..', '..');
/** Speech engines load in the background after the host serves: pocketsphinx + Silero take ~1 s, more on a loaded CI box. */
const ENGINES_READY_TIMEOUT_MS = 60_000;
/** A push-to-talk turn (recognition, command, readback, spoken reply) ends well within this. */
const TURN_TIMEOUT_MS = 30_000;
/** The Electron bundle under Node prints nothing to wait for; it is ready when its windows exist and the engine answers. */
const BUNDLE_START_TIMEOUT_MS = 45_000;

/** What a test drives: the contract's commands in, state and events out, whichever host runs the engine. */
export interface EngineDriver {
  execute(command: EngineCommand): Promise<unknown>;
  state(): EngineState | undefined;
  /** Resolves with the first state that matches (the current one included). */
  untilState(pred: (s: EngineState) => boolean, timeoutMs: number, what: string): Promise<EngineState>;
  /** Resolves with the first event from now on that matches. */
  nextEvent<T extends EngineEvent>(pred: (e: EngineEvent) => e is T, timeoutMs: number, what: string): Promise<T>;
  close(): Promise<void>;
}

abstract class DriverBase implements EngineDriver {
  protected latest: EngineState | undefined;
  private readonly stateWaiters = new Set<(s: EngineState) => void>();
  private readonly eventWaiters = new Set<(e: EngineEvent) => void>();

  abstract execute(command: EngineCommand): Promise<unknown>;
  abstract close(): Promise<void>;

  state(): EngineState | undefined {
    return this.latest;
  }

  protected gotState(s: EngineState): void {
    this.latest = s;
    for (const w of [...this.stateWaiters]) w(s);
  }

  protected gotEvent(e: EngineEvent): void {
    for (const w of [...this.eventWaiters]) w(e);
  }

  untilState(pred: (s: EngineState) => boolean, timeoutMs: number, what: string): Promise<EngineState> {
    if (this.latest && pred(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.stateWaiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(this.latest?.engines)} stage=${this.latest?.stage}`));
      }, timeoutMs);
      const check = (s: EngineState): void => {
        if (!pred(s)) return;
        clearTimeout(timer);
        this.stateWaiters.delete(check);
        resolve(s);
      };
      this.stateWaiters.add(check);
    });
  }

  nextEvent<T extends EngineEvent>(pred: (e: EngineEvent) => e is T, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.eventWaiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = (e: EngineEvent): void => {
        if (!pred(e)) return;
        clearTimeout(timer);
        this.eventWaiters.delete(check);
        resolve(e);
      };
      this.eventWaiters.add(check);
    });
  }
}

/** The headless host's WebSocket API, as the overlay on a second screen uses it. */
export class WsDriver extends DriverBase {
  private nextId = 1;
  private readonly replies = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(readonly ws: WebSocket) {
    super();
    ws.on('message', (data) => {
      const msg = JSON.parse((data as Buffer).toString('utf8')) as { kind: string; state?: EngineState; event?: EngineEvent; id?: number; ok?: boolean; result?: unknown; error?: string };
      if ((msg.kind === 'hello' || msg.kind === 'state') && msg.state) this.gotState(msg.state);
      else if (msg.kind === 'event' && msg.event) this.gotEvent(msg.event);
      else if (msg.kind === 'reply' && msg.id !== undefined) {
        const r = this.replies.get(msg.id);
        this.replies.delete(msg.id);
        if (msg.ok) r?.resolve(msg.result);
        else r?.reject(new Error(msg.error));
      }
    });
  }

  static async connect(host: HeadlessHost): Promise<WsDriver> {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ws?token=${host.token}`);
    const driver = new WsDriver(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return driver;
  }

  execute(command: EngineCommand): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, command }));
    });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close();
    await closed;
  }
}

/**
 * The built Electron main bundle (out/main/index.js) under Node, with `electron` resolved to
 * test/peers/electronStub: its IPC handlers are driven as the overlay window's preload would.
 */
export class BundleDriver extends DriverBase {
  private nextId = 1;
  private readonly replies = new Map<number, (v: { ok: boolean; result?: unknown; error?: string }) => void>();
  readonly windows: number[] = [];
  stderr = '';

  private constructor(readonly child: ChildProcess) {
    super();
    child.on('message', (raw) => {
      const msg = raw as { windowCreated?: number; send?: string; payload?: unknown; reply?: number; value?: { ok: boolean; result?: unknown; error?: string } };
      if (msg.windowCreated !== undefined) this.windows.push(msg.windowCreated);
      else if (msg.send === 'engine:state' && msg.windowCreated === undefined) this.gotState(msg.payload as EngineState);
      else if (msg.send === 'engine:event') this.gotEvent(msg.payload as EngineEvent);
      else if (msg.reply !== undefined && msg.value) {
        this.replies.get(msg.reply)?.(msg.value);
        this.replies.delete(msg.reply);
      }
    });
  }

  static async start(env: NodeJS.ProcessEnv): Promise<BundleDriver> {
    const child = fork(join(root, 'out', 'main', 'index.js'), [], {
      cwd: root,
      execArgv: ['--import', join(root, 'test', 'peers', 'electronStub', 'register.mjs')],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const driver = new BundleDriver(child);
    child.stderr?.on('data', (d: Buffer) => (driver.stderr += d.toString()));
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`main bundle exited with ${code}: ${driver.stderr.slice(-2000)}`))));
    exited.catch(() => undefined);
    const hello = (async () => {
      const deadline = Date.now() + BUNDLE_START_TIMEOUT_MS;
      for (;;) {
        if (driver.windows.length > 0) {
          const r = await driver.invoke('engine:hello', []).catch(() => undefined);
          if (r?.ok) {
            driver.gotState((r.result as { state: EngineState }).state);
            return driver;
          }
        }
        if (Date.now() > deadline) throw new Error(`main bundle did not start: ${driver.stderr.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 100)); // polling the bundle's readiness (no start-up line to wait for)
      }
    })();
    return Promise.race([hello, exited]);
  }

  /** The overlay window (the first created) calls `channel`, as its preload would. */
  invoke(channel: string, args: unknown[], senderId = this.windows[0] ?? 1): Promise<{ ok: boolean; result?: unknown; error?: string }> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      this.child.send({ invoke: channel, args, senderId, id });
    });
  }

  async execute(command: EngineCommand): Promise<unknown> {
    const r = await this.invoke('engine:execute', [command]);
    if (!r.ok) throw new Error(r.error);
    return r.result;
  }

  /** The overlay's page goes away (crash, close). */
  destroyWindow(webContentsId = this.windows[0] ?? 1): void {
    this.child.send({ destroyWindow: webContentsId });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  }
}

export interface VoiceRig {
  mic: PacedMic;
  dir: string;
  /** The host's config folder (STRATUS_HOME). */
  configDir: string;
  /** The file the dlopen tracer writes ("threadId\tpath" per native addon load). */
  tracePath: string;
  /** The env for a host process: the mic, a private config folder, the tracer. */
  hostEnv(): NodeJS.ProcessEnv;
  writeConfig(config: Record<string, unknown>): void;
  dispose(): Promise<void>;
}

/** A paced microphone, a private config folder and the native-addon tracer, for one host. */
export async function startVoiceRig(micOptions: PacedMicOptions = {}): Promise<VoiceRig> {
  const mic = await startPacedMic(micOptions);
  const dir = mkdtempSync(join(tmpdir(), 'stratus-voice-'));
  mkdirSync(join(dir, 'home'), { recursive: true });
  const tracePath = join(dir, 'dlopen.trace');
  writeFileSync(tracePath, '');
  return {
    mic,
    dir,
    configDir: join(dir, 'home'),
    tracePath,
    hostEnv: () => ({
      ...process.env,
      ...mic.env,
      STRATUS_HOME: join(dir, 'home'),
      STRATUS_CONFIG: join(dir, 'home', 'config.json'),
      STRATUS_DLOPEN_TRACE: tracePath,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(root, 'test', 'peers', 'dlopenTrace.cjs')}`.trim(),
    }),
    writeConfig: (config) => writeFileSync(join(dir, 'home', 'config.json'), JSON.stringify(config, null, 2)),
    dispose: async () => {
      await mic.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Native addons loaded, per process and file: the threads that loaded each (from the tracer's file). */
export function nativeLoadsByThread(tracePath: string): Map<string, Set<number>> {
  const byFile = new Map<string, Set<number>>();
  for (const line of readFileSync(tracePath, 'utf8').split('\n')) {
    const [pid, thread, file] = line.split('\t');
    if (!pid || !thread || !file) continue;
    const key = `${pid} ${file}`;
    const set = byFile.get(key) ?? new Set<number>();
    set.add(Number(thread));
    byFile.set(key, set);
  }
  return byFile;
}

/** Both speech engines and the microphone are up. */
export function speechReady(s: EngineState): boolean {
  return s.engines.audio.state === 'ready' && s.engines.stt.state !== 'loading' && s.engines.vad.state === 'ready' && s.engines.tts.state !== 'loading';
}

export const timeouts = { enginesReady: ENGINES_READY_TIMEOUT_MS, turn: TURN_TIMEOUT_MS };

export interface SpokenTurn {
  turnEnded: Extract<EngineEvent, { type: 'turnEnded' }>;
  intent?: Extract<EngineEvent, { type: 'intent' }>;
  transcript?: string;
  /** Date.now() when pttUp was sent. */
  releasedAtMs: number;
  /** Wall ms from the release to the turn's actionApplied event arriving here. */
  releaseToAppliedMs?: number;
}

/**
 * One push-to-talk turn as a pilot does it: press, speak into the microphone (real time), keep
 * holding through `holdAfterMs` of silence, release, and wait for the turn to end.
 */
export async function pushToTalk(driver: EngineDriver, mic: PacedMic, speech: Int16Array, holdAfterMs: number): Promise<SpokenTurn> {
  await driver.execute({ type: 'pttDown', source: 'api' });
  const tail = new Int16Array(Math.round((holdAfterMs / 1000) * 16000));
  const audio = new Int16Array(speech.length + tail.length);
  audio.set(speech);
  await mic.speak(audio);
  let transcript: string | undefined;
  const isTranscript = (e: EngineEvent): e is Extract<EngineEvent, { type: 'transcript' }> => e.type === 'transcript' && e.kind === 'final';
  const isIntent = (e: EngineEvent): e is Extract<EngineEvent, { type: 'intent' }> => e.type === 'intent';
  const isApplied = (e: EngineEvent): e is Extract<EngineEvent, { type: 'actionApplied' }> => e.type === 'actionApplied';
  const isEnd = (e: EngineEvent): e is Extract<EngineEvent, { type: 'turnEnded' }> => e.type === 'turnEnded';
  const t = driver.nextEvent(isTranscript, TURN_TIMEOUT_MS, 'a transcript').then((e) => (transcript = e.text)).catch(() => undefined);
  const intent = driver.nextEvent(isIntent, TURN_TIMEOUT_MS, 'an intent').catch(() => undefined);
  const applied = driver.nextEvent(isApplied, TURN_TIMEOUT_MS, 'an applied action').then(() => Date.now()).catch(() => undefined);
  const ended = driver.nextEvent(isEnd, TURN_TIMEOUT_MS, 'the end of the turn');
  const releasedAtMs = Date.now();
  await driver.execute({ type: 'pttUp', source: 'api' });
  const turnEnded = await ended;
  await t;
  const appliedAt = await Promise.race([applied, Promise.resolve(undefined)]);
  const i = await Promise.race([intent, Promise.resolve(undefined)]);
  return {
    turnEnded,
    ...(i ? { intent: i } : {}),
    ...(transcript !== undefined ? { transcript } : {}),
    releasedAtMs,
    ...(appliedAt !== undefined ? { releaseToAppliedMs: appliedAt - releasedAtMs } : {}),
  };
}

export { startHeadlessHost };
