import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineStatus } from '../../base/common/status.js';
import type { CrashLog } from '../../base/node/crashLog.js';
import type { Config } from '../../config/common/configSchema.js';
import type { SttEngine } from '../common/sttEngine.js';
import type { TtsEngine } from '../common/ttsEngine.js';
import { whisperModelFile, whisperModelInfo } from '../common/whisperModels.js';
import { showVoice } from '../common/ttsVoices.js';
import { listPiperVoices, PiperTts } from './piperTts.js';
import { PocketsphinxEngine } from './pocketsphinxEngine.js';
import { SystemTts } from './systemTts.js';
import { piperVoicesDir, voiceCatalog } from './ttsVoices.js';
import { WhisperEngine } from './whisperEngine.js';

/**
 * Builds the speech engines the config asks for. STT: whisper when its model file is there
 * (resident, in a worker); otherwise pocketsphinx with the intent grammar, with a status that
 * says what to download. TTS: Piper when its voice is installed, else the system voice.
 */
/**
 * What recognition should expect, from the layer that understands the words (intent): a JSGF
 * grammar for pocketsphinx, and a prompt and a GBNF grammar (applied with a moderate penalty, so
 * free speech still comes through) for whisper. Without it, recognition is open.
 */
export interface RecognitionGrammar {
  jsgf(): string;
  whisperPrompt(): string;
  gbnf?(): string;
}

/** STT as configured: whisper when its model is there, else pocketsphinx (which needs the grammar). */
export async function createSttEngine(config: Config, modelsDir: string, grammar?: RecognitionGrammar, crashLog?: CrashLog): Promise<{ engine?: SttEngine; status: EngineStatus }> {
  const s = config.speech.stt;
  let whyNotWhisper = '';
  if (s.engine === 'whisper') {
    const modelPath = s.modelPath ?? join(modelsDir, whisperModelFile(s.whisperModel));
    if (existsSync(modelPath)) {
      const engine = new WhisperEngine({ modelPath, label: `whisper ${s.modelPath ? modelPath : s.whisperModel}`, ...(grammar ? { prompt: () => grammar.whisperPrompt() } : {}), ...(grammar?.gbnf ? { grammar: () => grammar.gbnf!() } : {}), ...(crashLog ? { crashLog } : {}) });
      await engine.start();
      if (engine.status().state === 'ready') return { engine, status: engine.status() };
      whyNotWhisper = engine.status().detail;
      await engine.dispose();
    } else {
      const info = whisperModelInfo(s.whisperModel);
      whyNotWhisper = `no model: download ${s.whisperModel}${info ? ` (${info.sizeMb} MB)` : ''}?`;
    }
  }
  if (!PocketsphinxEngine.isInstalled()) return { status: { state: 'missing', detail: whyNotWhisper || 'pocketsphinx not installed' } };
  if (!grammar) return { status: { state: 'missing', detail: whyNotWhisper || 'pocketsphinx needs the command grammar' } };
  const ps = new PocketsphinxEngine({ jsgf: grammar.jsgf(), ...(crashLog ? { crashLog } : {}) });
  await ps.start();
  const ready = ps.status().state === 'ready';
  if (!ready) await ps.dispose();
  const status: EngineStatus = whyNotWhisper
    ? { state: 'missing', detail: `${whyNotWhisper} Using ${ready ? 'pocketsphinx (grammar) meanwhile' : `nothing: ${ps.status().detail}`}` }
    : ps.status();
  return ready ? { engine: ps, status } : { status };
}

/** The reply voice: Piper when its voice is installed, else the system voice (with a note why). */
export async function createTts(config: Config, modelsDir: string): Promise<{ engine: TtsEngine; note: string }> {
  const t = config.speech.tts;
  let engine: TtsEngine = new SystemTts({ voice: t.voice, rateWpm: t.rateWpm, installed: () => voiceCatalog.systemVoices() });
  let note = '';
  if (t.engine === 'piper') {
    // Only a voice listed in the Piper folder names a file: never a path built from the setting as typed.
    const dir = piperVoicesDir(modelsDir);
    const known = (await listPiperVoices(dir)).voices.includes(t.voice);
    const piper = known ? new PiperTts({ voicePath: join(dir, `${t.voice}.onnx`) }) : undefined;
    await piper?.start();
    if (piper?.status().state === 'ready') engine = piper;
    else {
      note = ` (${piper?.status().detail ?? `no Piper voice ${showVoice(t.voice)} in ${dir}`}; using the system voice)`;
      await piper?.dispose();
    }
  }
  await engine.start();
  return { engine, note };
}
