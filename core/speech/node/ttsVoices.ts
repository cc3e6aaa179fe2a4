import { join } from 'node:path';
import type { Warning } from '../../base/common/status.js';
import type { Config } from '../../config/common/configSchema.js';
import { checkVoice, DEFAULT_VOICE, showVoice, type InstalledVoices, type VoiceCheck, type VoiceList } from '../common/ttsVoices.js';
import { listPiperVoices } from './piperTts.js';
import { listSystemVoices } from './systemTts.js';

/** A missing voice is listed again at most this often: a voice installed while running is found, a stream of bad updates costs nothing. */
const RELIST_MIN_MS = 30_000;

type TtsSettings = Pick<Config['speech']['tts'], 'engine' | 'voice'>;

/** The Piper voices folder inside the models folder. */
export function piperVoicesDir(modelsDir: string): string {
  return join(modelsDir, 'piper');
}

/**
 * The installed voices, listed once and cached (espeak-ng takes ~50 ms, PowerShell seconds): a
 * voice not in the cached list makes one fresh listing, at most every RELIST_MIN_MS.
 */
export class VoiceCatalog {
  private system: { at: number; list: Promise<InstalledVoices> } | undefined;

  constructor(
    private readonly listSystem: () => Promise<InstalledVoices> = () => listSystemVoices(),
    private readonly listPiper: (dir: string) => Promise<InstalledVoices> = listPiperVoices,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The system synthesiser's voices (cached). */
  systemVoices(): Promise<InstalledVoices> {
    if (!this.system) this.system = { at: this.now(), list: this.listSystem() };
    return this.system.list;
  }

  /** Every voice the settings may name: the system synthesiser's (cached) and the Piper voices in the models folder. */
  async all(modelsDir: string): Promise<VoiceList> {
    return { system: await this.systemVoices(), piper: await this.listPiper(piperVoicesDir(modelsDir)) };
  }

  /** Whether these TTS settings name an installed voice (Piper: one of its voices, or the system voice it falls back to). */
  async check(tts: TtsSettings, modelsDir: string): Promise<VoiceCheck> {
    let result = await this.checkOnce(tts, modelsDir);
    if (!result.ok && this.system && this.now() - this.system.at >= RELIST_MIN_MS) {
      this.system = undefined;
      result = await this.checkOnce(tts, modelsDir);
    }
    return result;
  }

  private async checkOnce(tts: TtsSettings, modelsDir: string): Promise<VoiceCheck> {
    const system = await this.systemVoices();
    // Piper's folder is read each time: a readdir, and a voice just downloaded is there.
    const engines = tts.engine === 'piper' ? [await this.listPiper(piperVoicesDir(modelsDir)), system] : [system];
    return checkVoice(tts.voice, engines);
  }
}

/** The process's catalogue: the engine's settings check and the synthesiser share one listing. */
export const voiceCatalog = new VoiceCatalog();

/** The warning a started engine shows when the saved voice is not installed. */
export const VOICE_WARNING_ID = 'tts-voice';

/**
 * A settings update that names another voice or engine is checked against the installed voices:
 * the reason to refuse it, or undefined. An update that leaves both as they are is not checked
 * (a settings form saves every field).
 */
export async function voiceUpdateProblem(patch: unknown, current: TtsSettings, modelsDir: string, catalog = voiceCatalog): Promise<string | undefined> {
  const tts = (patch as { speech?: { tts?: { voice?: unknown; engine?: unknown } } } | undefined)?.speech?.tts;
  if (typeof tts !== 'object' || tts === null) return undefined;
  // Anything else is not a string or a known engine: the schema refuses it with its own reason.
  const voice = typeof tts.voice === 'string' ? tts.voice : current.voice;
  const engine = tts.engine === 'piper' || tts.engine === 'system' ? tts.engine : current.engine;
  if (voice === current.voice && engine === current.engine) return undefined;
  const r = await catalog.check({ voice, engine }, modelsDir);
  return r.ok ? undefined : r.reason;
}

/** At start: a saved voice that is not installed is spoken with the default voice, and the pilot is told. */
export async function voiceStartWarning(tts: TtsSettings, modelsDir: string, catalog = voiceCatalog): Promise<Warning | undefined> {
  const r = await catalog.check(tts, modelsDir);
  if (r.ok) return undefined;
  return {
    id: VOICE_WARNING_ID,
    level: 'warning',
    message: `The saved voice ${showVoice(tts.voice)} is not installed: speaking with the default voice (${DEFAULT_VOICE}). Choose another voice in Settings.`,
  };
}
