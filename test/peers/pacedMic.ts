import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWavTo16kMono } from '../../core/audio/common/wav.js';

/**
 * A microphone with a real clock, for end-to-end tests (recipe: /work/shared/recipes/paced-mic).
 *
 * Each call starts a private PulseAudio daemon in a temp HOME (nothing shared with the machine or
 * other tests) with a pipe source `mic` (16 kHz mono s16le, the default source) and a null sink
 * `speaker` (the default sink). A pacer child process (`pacer.js`) writes 20 ms chunks into the
 * pipe at real-time pace, digital silence (or low noise) between utterances, so capture through
 * PortAudio/ALSA takes real time, unlike ALSA's clockless `file` device (`fakeAlsa.ts`).
 *
 * A process started with `{ ...process.env, ...mic.env }` sees, through PortAudio's ALSA host API,
 * the devices `default` and `pulse` (both this daemon: the temp HOME's ~/.asoundrc routes ALSA
 * `default` to PulseAudio), and parecord/paplay/pactl reach it too.
 */
export interface PacedMic {
  /**
   * The variables to give the process under test: HOME (its ~/.asoundrc routes ALSA `default` to
   * PulseAudio), XDG_RUNTIME_DIR, XDG_CONFIG_HOME (the auth cookie) and PULSE_SERVER (also turns
   * off client autospawn). Merge over the caller's env; PATH is not included.
   */
  readonly env: Readonly<Record<string, string>>;
  /** How long startPacedMic took: daemon answering and the pacer writing (~0.3 s here). */
  readonly startupMs: number;
  /**
   * Queues `audio` on the mic: 16 kHz mono samples, or a WAV file as bytes or a path (any rate and
   * channel count, converted). Utterances play back to back in call order; the last 20 ms chunk is
   * padded with the idle fill. Resolves once the last chunk has been written to the pipe, with the
   * wall clock (`Date.now()`, epoch ms, comparable across processes) right after the write of the
   * first and of the last chunk. Whoever records sees the audio after its own buffering latency.
   */
  speak(audio: Int16Array | Uint8Array | string): Promise<SpokenUtterance>;
  /**
   * Starts recording what is played to the default sink (`speaker.monitor`, via parec) as 16 kHz
   * mono. Resolves once audio is flowing, so nothing played after that is missed.
   */
  recordSpeaker(): Promise<SpeakerRecording>;
  /** Stops the pacer, recorders and the daemon (`pulseaudio -k`, then SIGKILL) and removes the temp dir. Idempotent. */
  dispose(): Promise<void>;
}

export interface SpokenUtterance {
  /** `Date.now()` after the utterance's first chunk went into the pipe. */
  startedAtMs: number;
  /** `Date.now()` after its last chunk went into the pipe. */
  endedAtMs: number;
}

export interface SpeakerRecording {
  /** Ends the recording and returns what the speaker played since it started (16 kHz mono). */
  stop(): Promise<Int16Array>;
}

export interface PacedMicOptions {
  /** Peak amplitude of white noise written between utterances instead of digital silence (0..32767; default 0). */
  noiseAmplitude?: number;
}

/** The mic's and the speaker recording's format. */
export const PACED_MIC_RATE_HZ = 16_000;

const READY_TIMEOUT_MS = 10_000; // the daemon is up in ~0.1–0.2 s here; 10 s covers a loaded CI machine
const READY_POLL_MS = 25; // `pactl info` answers in a few ms; poll often so startup stays short
const EXIT_TIMEOUT_MS = 5_000; // `pulseaudio -k` and SIGTERM end our children in < 100 ms; after this, SIGKILL
const LOG_TAIL_CHARS = 2_000; // enough of the daemon's log or a child's stderr to say why it failed

const PACER_SCRIPT = fileURLToPath(new URL('./pacer.js', import.meta.url));

/** What this machine lacks for a paced mic (a sentence for a skip message), or undefined when it has it all. */
export function pacedMicUnavailableReason(): string | undefined {
  const missing = ['pulseaudio', 'pactl', 'parec'].filter((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status !== 0);
  if (missing.length) return `missing ${missing.join(', ')} (Debian: pulseaudio pulseaudio-utils)`;
  if (!hasAlsaPulsePlugin()) return 'missing the ALSA PulseAudio plugin (Debian: libasound2-plugins)';
  return undefined;
}

/** True when the paced mic can start here: PulseAudio, its tools and the ALSA plugin; tests skip otherwise. */
export function pacedMicAvailable(): boolean {
  return pacedMicUnavailableReason() === undefined;
}

function hasAlsaPulsePlugin(): boolean {
  const libDirs = ['/usr/lib', '/usr/lib64', ...safeList('/usr/lib').map((d) => join('/usr/lib', d))];
  return libDirs.some((d) => existsSync(join(d, 'alsa-lib', 'libasound_module_pcm_pulse.so')));
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

type PacerMessage = { type: 'ready' } | ({ type: 'spoken'; id: number } & SpokenUtterance) | { type: 'error'; message: string };

/** Children of mics not yet disposed, killed if the test process exits without disposing them. */
const live = new Set<{ children: ChildProcess[]; dir: string }>();
process.once('exit', () => {
  for (const m of live) {
    for (const child of m.children) child.kill('SIGKILL');
    rmSync(m.dir, { recursive: true, force: true });
  }
});

export async function startPacedMic(options: PacedMicOptions = {}): Promise<PacedMic> {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-pacedmic-')); // mode 700
  const xdg = join(dir, 'xdg');
  mkdirSync(xdg, { mode: 0o700 });
  const fifo = join(dir, 'mic.fifo');
  const logFile = join(dir, 'pulseaudio.log');
  const env = {
    HOME: dir,
    XDG_RUNTIME_DIR: xdg,
    XDG_CONFIG_HOME: join(dir, '.config'),
    PULSE_SERVER: `unix:${join(xdg, 'pulse', 'native')}`,
  };
  const childEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env };
  writeFileSync(join(dir, '.asoundrc'), 'pcm.!default { type pulse }\nctl.!default { type pulse }\n');
  writeFileSync(join(dir, 'default.pa'), defaultPa(fifo));

  const entry = { children: [] as ChildProcess[], dir };
  live.add(entry);
  const started = Date.now();
  // --daemonize=no keeps the daemon our child (we hold its pid); -n -F: only our script, no
  // hardware detection; --exit-idle-time=-1: stay up between clients; as root PulseAudio only warns.
  const pulse = spawn('pulseaudio', ['--daemonize=no', '-n', '-F', join(dir, 'default.pa'), '--exit-idle-time=-1', '--realtime=no', '--high-priority=no', `--log-target=file:${logFile}`], { env: childEnv, stdio: 'ignore' });
  // The pacer retries opening the FIFO until PulseAudio has created it, so both start at once. It
  // gets the daemon's pid to end it if this process dies without dispose().
  const pacer = spawn(process.execPath, [PACER_SCRIPT, fifo, String(pulse.pid ?? 0), String(options.noiseAmplitude ?? 0)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced', // Int16Array crosses the IPC channel as is
  });
  entry.children.push(pulse, pacer);

  let disposing: Promise<void> | undefined;
  let pacerStderr = '';
  pacer.stderr?.on('data', (d: Buffer) => (pacerStderr = tail(pacerStderr + d.toString())));
  const pending = new Map<number, { resolve: (u: SpokenUtterance) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let pacerFailure: Error | undefined;
  const failAll = (err: Error): void => {
    pacerFailure ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const pacerReady = new Promise<void>((resolve, reject) => {
    pacer.on('message', (msg: PacerMessage) => {
      if (msg.type === 'ready') resolve();
      else if (msg.type === 'spoken') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        p?.resolve({ startedAtMs: msg.startedAtMs, endedAtMs: msg.endedAtMs });
      } else failAll(new Error(msg.message));
    });
    const onEnd = (why: string): void => {
      const err = new Error(`paced mic: pacer ${why}${disposing ? '' : `\n${pacerStderr}`}`);
      failAll(err);
      reject(err);
    };
    pacer.once('exit', (code, signal) => onEnd(`exited (${signal ?? code})`));
    pacer.once('error', (err) => onEnd(`failed: ${err.message}`));
  });
  // Rejections after startup surface through speak(); this keeps a late one from going unhandled.
  pacerReady.catch(() => undefined);

  const recorders = new Set<ChildProcess>();
  const dispose = (): Promise<void> =>
    (disposing ??= (async () => {
      failAll(new Error('paced mic disposed'));
      for (const r of recorders) r.kill('SIGTERM');
      await Promise.all([...recorders].map((r) => endChild(r)));
      if (pacer.connected) pacer.send({ type: 'stop' });
      else pacer.kill('SIGTERM');
      await endChild(pacer);
      await new Promise<void>((resolve) => execFile('pulseaudio', ['-k'], { env: childEnv }, () => resolve()));
      await endChild(pulse);
      live.delete(entry);
      rmSync(dir, { recursive: true, force: true });
    })());

  try {
    await waitForPulse(pulse, childEnv, () => tail(readOr(logFile)));
    await withTimeout(pacerReady, READY_TIMEOUT_MS, () => `paced mic: pacer not writing to ${fifo} within ${READY_TIMEOUT_MS} ms\n${pacerStderr}`);
  } catch (err) {
    await dispose();
    throw err;
  }

  return {
    env,
    startupMs: Date.now() - started,
    speak(audio) {
      if (pacerFailure) return Promise.reject(pacerFailure);
      const pcm = typeof audio === 'string' ? decodeWavTo16kMono(readFileSync(audio)) : audio instanceof Int16Array ? audio : decodeWavTo16kMono(audio);
      if (!pacer.connected) return Promise.reject(new Error('paced mic: pacer is gone'));
      const id = nextId++;
      return new Promise<SpokenUtterance>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        pacer.send({ type: 'speak', id, pcm });
      });
    },
    recordSpeaker() {
      const args = ['-d', 'speaker.monitor', '--raw', '--format=s16le', `--rate=${PACED_MIC_RATE_HZ}`, '--channels=1', '--latency-msec=20'];
      const rec = spawn('parec', args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      recorders.add(rec);
      const chunks: Buffer[] = [];
      let stderr = '';
      rec.stderr.on('data', (d: Buffer) => (stderr = tail(stderr + d.toString())));
      return new Promise<SpeakerRecording>((resolve, reject) => {
        // The null sink renders silence while nothing plays, so the first bytes mean the stream runs.
        rec.stdout.once('data', () => resolve({ stop }));
        rec.stdout.on('data', (d: Buffer) => chunks.push(d));
        rec.once('exit', (code, signal) => reject(new Error(`parec exited (${signal ?? code}) before recording\n${stderr}`)));
        rec.once('error', reject);
        async function stop(): Promise<Int16Array> {
          rec.kill('SIGTERM');
          await endChild(rec);
          recorders.delete(rec);
          const bytes = Buffer.concat(chunks);
          const pcm = new Int16Array(bytes.length >> 1);
          for (let i = 0; i < pcm.length; i++) pcm[i] = bytes.readInt16LE(i * 2);
          return pcm;
        }
      });
    },
    dispose,
  };
}

/**
 * Null sink `speaker`, pipe source `mic`, both defaults, and two loopbacks into a `drain` sink:
 * - mic -> drain keeps the mic source running while no client records: an idle pipe source does
 *   not read its FIFO, so the pipe would fill with ~2 s of stale silence that the next recorder
 *   gets first (speech late by up to 2 s).
 * - speaker.monitor -> drain (20 ms) keeps the idle null sink rendering in small blocks; otherwise
 *   it sleeps in ~2 s blocks and a new monitor recorder waits that long for its first audio. The
 *   suspend/resume restarts the sink's timer, which was armed for a long block at load time.
 */
function defaultPa(fifo: string): string {
  return [
    'load-module module-native-protocol-unix',
    'load-module module-null-sink sink_name=speaker rate=48000',
    `load-module module-pipe-source source_name=mic file="${fifo}" format=s16le rate=${PACED_MIC_RATE_HZ} channels=1`,
    `load-module module-null-sink sink_name=drain rate=${PACED_MIC_RATE_HZ} channels=1`,
    'load-module module-loopback source=mic sink=drain source_dont_move=true sink_dont_move=true',
    'load-module module-loopback source=speaker.monitor sink=drain latency_msec=20 source_dont_move=true sink_dont_move=true',
    'suspend-sink speaker 1',
    'suspend-sink speaker 0',
    'set-default-source mic',
    'set-default-sink speaker',
    '',
  ].join('\n');
}

/** Polls `pactl info` until the daemon answers; fails early with its log if it exits. */
async function waitForPulse(pulse: ChildProcess, env: Record<string, string>, logTail: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: string | undefined;
  pulse.once('exit', (code, signal) => (exited = String(signal ?? code)));
  pulse.once('error', (err) => (exited = err.message));
  for (;;) {
    if (exited !== undefined) throw new Error(`paced mic: pulseaudio exited (${exited}) during startup\n${logTail()}`);
    const ok = await new Promise<boolean>((resolve) => execFile('pactl', ['info'], { env }, (err) => resolve(!err)));
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`paced mic: pulseaudio not answering within ${READY_TIMEOUT_MS} ms\n${logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
}

/** Waits for `child` to exit; SIGKILL if it is still running after EXIT_TIMEOUT_MS. */
async function endChild(child: ChildProcess): Promise<void> {
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
  const waitExit = (ms: number): Promise<boolean> =>
    exited()
      ? Promise.resolve(true)
      : new Promise((resolve) => {
          const timer = setTimeout(() => resolve(false), ms);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve(true);
          });
        });
  if (await waitExit(EXIT_TIMEOUT_MS)) return;
  child.kill('SIGKILL');
  await waitExit(EXIT_TIMEOUT_MS);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function tail(text: string): string {
  return text.length > LOG_TAIL_CHARS ? text.slice(-LOG_TAIL_CHARS) : text;
}
