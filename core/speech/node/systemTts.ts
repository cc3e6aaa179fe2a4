import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineStatus } from '../../base/common/status.js';
import { parseWav } from '../../audio/common/wav.js';
import type { SynthesizedAudio, TtsEngine } from '../common/ttsEngine.js';
import { TurnAbortedError } from '../../base/common/turnContext.js';

export interface SystemTtsOptions {
  voice: string;
  rateWpm: number;
  platform?: NodeJS.Platform;
}

/** A sentence takes espeak-ng ~20-60 ms; 10 s means the synthesiser hung. */
const SYNTH_TIMEOUT_MS = 10_000;

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

  constructor(private opts: SystemTtsOptions) {
    this.platform = opts.platform ?? process.platform;
    this.name = this.platform === 'win32' ? 'SAPI' : this.platform === 'darwin' ? 'say' : 'espeak-ng';
  }

  status(): EngineStatus {
    return this.state;
  }

  setVoice(voice: string, rateWpm: number): void {
    this.opts = { ...this.opts, voice, rateWpm };
  }

  async start(): Promise<void> {
    const probe = this.platform === 'win32' ? ['powershell', ['-NoProfile', '-Command', 'exit 0']] : this.platform === 'darwin' ? ['say', ['-v', '?']] : ['espeak-ng', ['--version']];
    // Asynchronous: PowerShell can take a second to start, and the engine is serving meanwhile.
    const status = await new Promise<number | null>((resolve) => {
      const child = spawn(probe[0] as string, probe[1] as string[], { stdio: 'ignore', timeout: 10_000 });
      child.once('error', () => resolve(null));
      child.once('exit', (code) => resolve(code));
    });
    this.state =
      status === 0
        ? { state: 'ready', detail: `${this.name} (${this.opts.voice}, ${this.opts.rateWpm} wpm)` }
        : { state: 'missing', detail: `${this.name} not available${this.platform === 'linux' ? ' (apt install espeak-ng)' : ''}` };
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
    return runToBuffer('espeak-ng', ['-v', this.opts.voice, '-s', String(this.opts.rateWpm), '--stdout', '--', text], signal);
  }

  private async say(text: string, signal: AbortSignal): Promise<Uint8Array> {
    const dir = await mkdtemp(join(tmpdir(), 'stratus-say-'));
    try {
      const out = join(dir, 'out.wav');
      const voice = /^[a-z]{2}(-[a-z]{2})?\+/.test(this.opts.voice) ? [] : ['-v', this.opts.voice];
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
        else reject(new Error('SAPI produced no audio'));
      });
      ps.stdin.write(`${Buffer.from(text, 'utf8').toString('base64')}\n`);
    });
  }

  async dispose(): Promise<void> {
    this.ps?.kill();
    this.ps = undefined;
  }
}

/** Runs a command, collects stdout; kills it on abort or after SYNTH_TIMEOUT_MS. */
export function runToBuffer(cmd: string, args: string[], signal: AbortSignal): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), SYNTH_TIMEOUT_MS);
    const onAbort = (): void => {
      child.kill('SIGKILL');
    };
    signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) reject(new TurnAbortedError(signal.reason));
      else if (code === 0) resolve(new Uint8Array(Buffer.concat(chunks)));
      else reject(new Error(`${cmd} failed (${code ?? 'killed'}): ${stderr.trim().slice(0, 200)}`));
    });
  });
}
