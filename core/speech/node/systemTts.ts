import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineStatus } from '../../base/common/status.js';
import { parseWav } from '../../audio/common/wav.js';
import type { SynthesizedAudio, TtsEngine } from '../common/ttsEngine.js';
import { SynthesisError } from '../common/ttsErrors.js';
import { DEFAULT_VOICE, hasVoice, parseEspeakVoices, parseSayVoices, parseVoiceLines, showVoice, voiceShapeProblem, type InstalledVoices } from '../common/ttsVoices.js';
import { TurnAbortedError } from '../../base/common/turnContext.js';

export interface SystemTtsOptions {
  voice: string;
  rateWpm: number;
  platform?: NodeJS.Platform;
  /** The installed voices (cached: ttsVoices.ts); default lists them now. */
  installed?: () => Promise<InstalledVoices>;
}

/** A sentence takes espeak-ng ~20-60 ms; 10 s means the synthesiser hung. */
const SYNTH_TIMEOUT_MS = 10_000;
/** Listing voices takes espeak-ng ~50 ms and PowerShell a second or two when cold; longer means it hung. */
const LIST_TIMEOUT_MS = 15_000;
/** A child's stderr kept for the log: the first part says what went wrong. */
const MAX_STDERR_CHARS = 2_000;
/** A voice listing larger than this is not a listing (espeak-ng's is ~12 KB). */
const MAX_LISTING_BYTES = 1_000_000;

/**
 * The always-available voice: espeak-ng on Linux (WAV on stdout), `say` on macOS (to a temp
 * WAV), SAPI through one resident PowerShell on Windows (base64 WAV per line). One process per
 * sentence on Linux/macOS is cheap and makes abort a kill.
 */
export class SystemTts implements TtsEngine {
  readonly name: string;
  private state: EngineStatus = { state: 'loading', detail: 'system voice: checking' };
  private readonly platform: NodeJS.Platform;
  private ps: ChildProcessWithoutNullStreams | undefined;
  private psLines: ((line: string) => void)[] = [];

  /** The voice passed to the synthesiser: the configured one once it is found installed, else the default. */
  private voice = DEFAULT_VOICE;

  constructor(private readonly opts: SystemTtsOptions) {
    this.platform = opts.platform ?? process.platform;
    this.name = systemTtsName(this.platform);
  }

  status(): EngineStatus {
    return this.state;
  }

  async start(): Promise<void> {
    const probe = this.platform === 'win32' ? ['powershell', ['-NoProfile', '-Command', 'exit 0']] : this.platform === 'darwin' ? ['say', ['-v', '?']] : ['espeak-ng', ['--version']];
    // Asynchronous: PowerShell can take a second to start, and the engine is serving meanwhile.
    const status = await new Promise<number | null>((resolve) => {
      const child = spawn(probe[0] as string, probe[1] as string[], { stdio: 'ignore', timeout: 10_000 });
      child.once('error', () => resolve(null));
      child.once('exit', (code) => resolve(code));
    });
    if (status !== 0) {
      this.state = { state: 'missing', detail: `${this.name} not available${this.platform === 'linux' ? ' (apt install espeak-ng)' : ''}` };
      return;
    }
    // Only an installed voice reaches the synthesiser; another (a config edited by hand) falls back to the default.
    const installed = await (this.opts.installed ?? (() => listSystemVoices(this.platform)))();
    const found = hasVoice(this.opts.voice, installed);
    this.voice = found ? this.opts.voice : DEFAULT_VOICE;
    const note = found ? '' : `; ${showVoice(this.opts.voice)} is not installed, using ${DEFAULT_VOICE}`;
    this.state = { state: 'ready', detail: `${this.name} (${this.voice}, ${this.opts.rateWpm} wpm${note})` };
  }

  async synthesize(text: string, signal: AbortSignal): Promise<SynthesizedAudio> {
    if (signal.aborted) throw new TurnAbortedError(signal.reason);
    const bytes =
      this.platform === 'win32' ? await this.sapi(text, signal) : this.platform === 'darwin' ? await this.say(text, signal) : await this.espeak(text, signal);
    const wav = parseWav(bytes);
    return { samples: wav.mono, sampleRateHz: wav.sampleRateHz };
  }

  private espeak(text: string, signal: AbortSignal): Promise<Uint8Array> {
    // '--' ends options so text starting with '-' is spoken, not parsed.
    return runToBuffer('espeak-ng', ['-v', safeVoiceArg(this.voice), '-s', String(this.opts.rateWpm), '--stdout', '--', text], signal);
  }

  private async say(text: string, signal: AbortSignal): Promise<Uint8Array> {
    const dir = await mkdtemp(join(tmpdir(), 'stratus-say-'));
    try {
      const out = join(dir, 'out.wav');
      // The default (espeak-ng's name) means the system's default voice here.
      const voice = this.voice === DEFAULT_VOICE ? [] : ['-v', safeVoiceArg(this.voice)];
      await runToBuffer('say', [...voice, '-r', String(this.opts.rateWpm), '-o', out, '--data-format=LEI16@22050', '--', text], signal);
      return new Uint8Array(await readFile(out));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private sapi(text: string, signal: AbortSignal): Promise<Uint8Array> {
    if (!this.ps) {
      // Reads base64 UTF-8 lines, answers each with one base64 WAV line.
      const script = [
        'Add-Type -AssemblyName System.Speech',
        '$s = New-Object System.Speech.Synthesis.SpeechSynthesizer',
        // An installed voice by name, passed as base64 so no name can be read as script.
        ...(this.voice === DEFAULT_VOICE
          ? []
          : [`try { $s.SelectVoice([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from(safeVoiceArg(this.voice), 'utf8').toString('base64')}'))) } catch { }`]),
        `$s.Rate = ${Math.max(-10, Math.min(10, Math.round((this.opts.rateWpm - 175) / 20)))}`,
        'while ($null -ne ($line = [Console]::In.ReadLine())) {',
        '  $t = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($line))',
        '  $m = New-Object System.IO.MemoryStream; $s.SetOutputToWaveStream($m); $s.Speak($t); $s.SetOutputToNull()',
        '  [Console]::Out.WriteLine([Convert]::ToBase64String($m.ToArray())); [Console]::Out.Flush() }',
      ].join('\n');
      const ps = spawn('powershell', ['-NoProfile', '-NonInteractive', '-Command', script], { stdio: 'pipe' });
      let buf = '';
      ps.stdout.setEncoding('utf8');
      ps.stdout.on('data', (c: string) => {
        buf += c;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          this.psLines.shift()?.(line);
        }
      });
      ps.on('exit', () => {
        this.ps = undefined;
        for (const w of this.psLines.splice(0)) w('');
      });
      this.ps = ps;
    }
    const ps = this.ps;
    return new Promise<Uint8Array>((resolve, reject) => {
      const onAbort = (): void => {
        ps.kill(); // the only way to interrupt SAPI mid-sentence; restarted on next use
        reject(new TurnAbortedError(signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.psLines.push((line) => {
        signal.removeEventListener('abort', onAbort);
        if (line) resolve(new Uint8Array(Buffer.from(line, 'base64')));
        else reject(new SynthesisError('SAPI produced no audio'));
      });
      ps.stdin.write(`${Buffer.from(text, 'utf8').toString('base64')}\n`);
    });
  }

  async dispose(): Promise<void> {
    this.ps?.kill();
    this.ps = undefined;
  }
}

/** The synthesiser's name on this platform (and of its voice list). */
export function systemTtsName(platform: NodeJS.Platform): 'SAPI' | 'say' | 'espeak-ng' {
  return platform === 'win32' ? 'SAPI' : platform === 'darwin' ? 'say' : 'espeak-ng';
}

/** A voice as a child's argument: checked once more here, so a path or an option never reaches a process whatever the caller did. */
function safeVoiceArg(voice: string): string {
  if (voiceShapeProblem(voice)) throw new SynthesisError('the voice is not a voice name');
  return voice;
}

/**
 * The voices the system synthesiser has installed: espeak-ng's languages and variants
 * (`--voices`, `--voices=variant`), `say -v ?` on macOS, SAPI's installed voices on Windows.
 * Never throws: a synthesiser that is missing gives an empty list with the reason.
 */
export async function listSystemVoices(platform: NodeJS.Platform = process.platform): Promise<InstalledVoices> {
  const engine = systemTtsName(platform);
  const run = async (cmd: string, args: string[]): Promise<string> => {
    const bytes = await runToBuffer(cmd, args, AbortSignal.timeout(LIST_TIMEOUT_MS), MAX_LISTING_BYTES);
    return new TextDecoder().decode(bytes);
  };
  try {
    if (platform === 'win32') {
      const script = 'Add-Type -AssemblyName System.Speech; (New-Object System.Speech.Synthesis.SpeechSynthesizer).GetInstalledVoices() | ForEach-Object { $_.VoiceInfo.Name }';
      return { engine, voices: parseVoiceLines(await run('powershell', ['-NoProfile', '-NonInteractive', '-Command', script])), variants: [] };
    }
    if (platform === 'darwin') return { engine, voices: parseSayVoices(await run('say', ['-v', '?'])), variants: [] };
    const [languages, variants] = await Promise.all([run('espeak-ng', ['--voices']), run('espeak-ng', ['--voices=variant'])]);
    return { engine, voices: parseEspeakVoices(languages, 'languages'), variants: parseEspeakVoices(variants, 'variants') };
  } catch (e) {
    return { engine, voices: [], variants: [], problem: `${engine} could not list its voices (${(e as Error).message})` };
  }
}

/**
 * Runs a command, collects stdout; kills it on abort, after SYNTH_TIMEOUT_MS or past `maxBytes`.
 * A failure is a SynthesisError whose message is plain; what the process printed is its `detail`
 * (for the log: it may quote any file the process read).
 */
export function runToBuffer(cmd: string, args: string[], signal: AbortSignal, maxBytes = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), SYNTH_TIMEOUT_MS);
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes > maxBytes) child.kill('SIGKILL');
      else chunks.push(c);
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < MAX_STDERR_CHARS) stderr += c.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      reject(new SynthesisError(`${cmd} could not be started${e.code ? ` (${e.code})` : ''}`, e.message));
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted && signal.reason instanceof Error && signal.reason.name === 'TimeoutError') reject(new SynthesisError(`${cmd} did not answer in time`));
      else if (signal.aborted) reject(new TurnAbortedError(signal.reason));
      else if (code === 0 && bytes <= maxBytes) resolve(new Uint8Array(Buffer.concat(chunks)));
      else reject(new SynthesisError(`${cmd} failed (${code !== null ? `exit ${code}` : `killed by ${sig ?? 'a signal'}`})`, stderr.slice(0, MAX_STDERR_CHARS)));
    });
  });
}
