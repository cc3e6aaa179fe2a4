import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineStatus } from '../../base/common/status.js';
import { RestartBackoff } from '../../base/common/restartBackoff.js';
import type { CrashLog } from '../../base/node/crashLog.js';
import { classifyPocketsphinxLine } from '../common/pocketsphinxOutput.js';
import { cleanTranscript, type SttEngine, type Transcript } from '../common/sttEngine.js';
import { TurnAbortedError, type TurnContext } from '../../base/common/turnContext.js';

/** Debian's binary and acoustic model (packages pocketsphinx + pocketsphinx-en-us). */
export const POCKETSPHINX_BIN = 'pocketsphinx_continuous';
export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us/en-us';

/** Process start + model load takes ~0.3 s; 15 s covers a cold disk on a busy machine. */
const START_TIMEOUT_MS = 15_000;
/** Silence fed after each utterance: longer than -vad_postspeech so the recogniser closes it. */
const TRAILING_SILENCE_MS = 650;
/** The recogniser's own end-of-speech hangover; pauses inside an utterance are trimmed below it. */
const VAD_POSTSPEECH_FRAMES = 45;
/**
 * A null hypothesis prints nothing after the end marker; the hypothesis, when there is one, is
 * written microseconds after the marker into the same pipe. 80 ms only delays the no-speech case.
 */
const NULL_HYPOTHESIS_GRACE_MS = 80;
/** Fallback when the recogniser's VAD never opened (too quiet): give up after this plus 0.5x audio. */
const NO_SPEECH_DEADLINE_MS = 1500;

interface Pending {
  resolve: (text: string) => void;
  seq: number;
  hyps: string[];
  sawEnd: boolean;
  grace?: NodeJS.Timeout;
  deadline?: NodeJS.Timeout;
}

export interface PocketsphinxOptions {
  /** JSGF grammar text (public rule = what the pilot may say). */
  jsgf: string;
  binary?: string;
  extraArgs?: string[];
  /** Where an unexpected exit is recorded (the user's data folder). */
  crashLog?: CrashLog;
}

/**
 * pocketsphinx as one resident child process fed raw s16le 16 kHz audio on stdin; each request's
 * audio is followed by silence so the recogniser ends the utterance and prints its hypothesis.
 * Requests are serialised; an aborted request's hypothesis is still consumed (and dropped) so
 * results never shift onto the next request.
 */
/** A crashed recogniser restarts after this, doubling per crash in a row up to the max. */
const RESTART_BASE_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A process that ran this long before dying counts as healthy: the backoff starts again. */
const HEALTHY_RUN_MS = 60_000;

export class PocketsphinxEngine implements SttEngine {
  readonly name = 'pocketsphinx';
  private proc: ChildProcessWithoutNullStreams | undefined;
  private state: EngineStatus = { state: 'loading', detail: 'pocketsphinx en-us: starting' };
  private queue: Pending[] = [];
  private seq = 0;
  private buffered = '';
  private starting: Promise<void> | undefined;
  private tmpDir: string | undefined;
  private disposed = false;
  private loads = 0;
  /** The process this engine runs now; an exit of any other is old news. */
  private current: ChildProcessWithoutNullStreams | undefined;
  private readonly backoff = new RestartBackoff({ baseMs: RESTART_BASE_MS, maxMs: RESTART_MAX_MS, healthyRunMs: HEALTHY_RUN_MS });
  private restartTimer: NodeJS.Timeout | undefined;
  /** Hypotheses that arrived with no request waiting (counted, dropped). */
  droppedLines = 0;

  constructor(private readonly opts: PocketsphinxOptions) {}

  static isInstalled(): boolean {
    return existsSync(POCKETSPHINX_MODEL_DIR) && (process.env.PATH ?? '').split(':').some((d) => existsSync(join(d, POCKETSPHINX_BIN)));
  }

  get loadCount(): number {
    return this.loads;
  }

  status(): EngineStatus {
    return this.state;
  }

  start(): Promise<void> {
    this.starting ??= this.spawnProcess().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async spawnProcess(): Promise<void> {
    if (this.proc) return;
    if (!PocketsphinxEngine.isInstalled()) {
      this.state = { state: 'missing', detail: 'pocketsphinx not installed (Debian: apt install pocketsphinx pocketsphinx-en-us)' };
      return;
    }
    this.tmpDir ??= await mkdtemp(join(tmpdir(), 'stratus-ps-'));
    const gram = join(this.tmpDir, 'commands.gram');
    await writeFile(gram, this.opts.jsgf);
    // -dither: digital silence (exact zeros, as from some drivers and the fake test mic) throws
    // off the recogniser's noise estimate and it hears nothing; half-bit noise fixes that. A fixed
    // seed keeps results repeatable.
    const args = ['-infile', '/dev/stdin', '-jsgf', gram, '-vad_postspeech', String(VAD_POSTSPEECH_FRAMES), '-dither', 'yes', '-seed', '1', ...(this.opts.extraArgs ?? [])];
    // stdin of a Node child is a socket, which pocketsphinx cannot open as /dev/stdin: `cat` turns
    // it into a pipe. 2>&1 merges the log (end markers) with the hypotheses in one ordered stream.
    const proc = spawn('sh', ['-c', `cat | exec ${this.opts.binary ?? POCKETSPHINX_BIN} "$@" 2>&1`, 'sh', ...args], { stdio: 'pipe', detached: true });
    this.proc = proc;
    this.current = proc;
    const startedAt = performance.now();
    this.loads += 1;
    proc.stdin.on('error', () => undefined); // EPIPE after the process died: handled by 'exit'
    let lastError = '';
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pocketsphinx did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      proc.stdout.setEncoding('utf8');
      proc.stdout.on('data', (chunk: string) => {
        this.buffered += chunk;
        let nl: number;
        while ((nl = this.buffered.indexOf('\n')) >= 0) {
          const line = this.buffered.slice(0, nl);
          this.buffered = this.buffered.slice(nl + 1);
          const c = classifyPocketsphinxLine(line);
          if (c.kind === 'ready') {
            clearTimeout(timer);
            resolve();
          } else if (c.kind === 'error') lastError = c.message;
          else if (c.kind === 'utteranceEnd') this.onUtteranceEnd();
          else if (c.kind === 'hypothesis') this.onHypothesis(c.text);
        }
      });
      proc.on('exit', (code, signal) => {
        clearTimeout(timer);
        this.proc = undefined;
        for (const p of this.queue.splice(0)) this.finish(p);
        reject(new Error(lastError || `pocketsphinx exited with ${code}`));
        if (this.disposed || proc !== this.current) return;
        const why = `pocketsphinx exited (${code ?? signal ?? 'signal'})${lastError ? `: ${lastError}` : ''}`;
        this.opts.crashLog?.write('pocketsphinx', why);
        // Come back by itself, later while it keeps failing (a broken install must not spin).
        const delayMs = this.backoff.next(performance.now() - startedAt);
        this.state = { state: 'error', detail: `${why}; restarting in ${(delayMs / 1000).toFixed(1)} s` };
        this.restartTimer = setTimeout(() => {
          this.restartTimer = undefined;
          if (!this.disposed) void this.start();
        }, delayMs);
      });
    });
    try {
      await ready;
      this.state = { state: 'ready', detail: 'pocketsphinx en-us (grammar)' };
    } catch (e) {
      this.current = undefined; // failed to start: not a crash to restart from
      if (this.restartTimer) clearTimeout(this.restartTimer);
      this.state = { state: 'error', detail: `pocketsphinx failed to start: ${(e as Error).message}` };
      killGroup(proc);
    }
  }

  async transcribe(pcm: Int16Array, ctx: TurnContext): Promise<Transcript> {
    if (ctx.signal.aborted) throw new TurnAbortedError(ctx.signal.reason);
    if (!this.proc) await this.start();
    const proc = this.proc;
    if (!proc) throw new Error(this.state.detail);
    const pending: Pending = { resolve: () => undefined, seq: ++this.seq, hyps: [], sawEnd: false };
    const text = new Promise<string>((resolve) => {
      pending.resolve = resolve;
    });
    this.queue.push(pending);
    const silence = Buffer.alloc(Math.round((TRAILING_SILENCE_MS / 1000) * 16000) * 2);
    proc.stdin.write(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
    proc.stdin.write(silence);
    pending.deadline = setTimeout(() => this.finish(pending), NO_SPEECH_DEADLINE_MS + (pcm.length / 16) * 0.5 + TRAILING_SILENCE_MS);
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = (): void => reject(new TurnAbortedError(ctx.signal.reason));
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      void text.finally(() => ctx.signal.removeEventListener('abort', onAbort));
    });
    const result = await Promise.race([text, aborted]);
    return { kind: 'final', text: cleanTranscript(result), turnId: ctx.turnId, engine: 'pocketsphinx' };
  }

  private onUtteranceEnd(): void {
    const p = this.queue[0];
    if (!p) return;
    // A second segment of the same request (a long pause): keep collecting until the grace ends.
    p.sawEnd = true;
    if (p.grace) clearTimeout(p.grace);
    p.grace = setTimeout(() => this.finish(p), NULL_HYPOTHESIS_GRACE_MS);
  }

  private onHypothesis(text: string): void {
    const p = this.queue[0];
    if (!p || !p.sawEnd) {
      this.droppedLines += 1;
      return;
    }
    p.hyps.push(text);
    this.finish(p);
  }

  private finish(p: Pending): void {
    if (p.grace) clearTimeout(p.grace);
    if (p.deadline) clearTimeout(p.deadline);
    const i = this.queue.indexOf(p);
    if (i >= 0) this.queue.splice(i, 1);
    p.resolve(p.hyps.join(' '));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const proc = this.proc;
    this.proc = undefined;
    for (const p of this.queue.splice(0)) this.finish(p);
    if (proc) {
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.stdin.end();
      const kill = setTimeout(() => killGroup(proc), 1000);
      await exited;
      clearTimeout(kill);
    }
    if (this.tmpDir) await rm(this.tmpDir, { recursive: true, force: true });
    this.state = { state: 'disabled', detail: 'pocketsphinx stopped' };
  }
}

/** The shell, cat and pocketsphinx share a process group (detached): end them together. */
function killGroup(proc: ChildProcessWithoutNullStreams): void {
  try {
    if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
  } catch {
    proc.kill('SIGKILL');
  }
}
