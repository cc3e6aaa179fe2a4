import type { AudioSink } from '../../audio/node/audioOutput.js';
import type { EngineStatus } from '../../base/common/status.js';
import type { Config } from '../../config/common/configSchema.js';
import type { TtsEngine } from '../common/ttsEngine.js';
import { showVoice, type VoicePreviewResult } from '../common/ttsVoices.js';
import { createTts } from './engineSetup.js';
import { speakSentences } from './speaker.js';
import { voiceCatalog } from './ttsVoices.js';

type TtsSettings = Config['speech']['tts'];

export interface PreviewInput {
  text: string;
  /** The voice to preview: the one being edited, which may differ from the saved one. */
  tts: TtsSettings;
  config: Config;
  modelsDir: string;
  /** The engine built for the saved settings (reused when `tts` is the saved voice), and its note. */
  saved: { engine: TtsEngine | undefined; note: string };
  sink: AudioSink;
  /** The output device as the audio worker reports it now. */
  output: () => EngineStatus;
  signal: AbortSignal;
}

/** The settings that change what a voice sounds like (enabled does not: a preview is asked for). */
function sameVoice(a: TtsSettings, b: TtsSettings): boolean {
  return a.engine === b.engine && a.voice === b.voice && a.rateWpm === b.rateWpm;
}

/**
 * Speaks a sample with the voice being edited and says honestly what happened: a voice that is not
 * installed, a voice engine that is not working, or no output device all answer `spoken: false`
 * with the reason (with no output device the text is still synthesised, so the voice is checked).
 */
export async function previewVoice(p: PreviewInput): Promise<VoicePreviewResult> {
  const check = await voiceCatalog.check(p.tts, p.modelsDir);
  if (!check.ok) return { spoken: false, voice: showVoice(p.tts.voice), warning: `${check.reason}: nothing was played` };
  const reuse = sameVoice(p.tts, p.config.speech.tts) && p.saved.engine !== undefined;
  const made = reuse ? undefined : await createTts({ ...p.config, speech: { ...p.config.speech, tts: p.tts } }, p.modelsDir);
  const engine = made?.engine ?? p.saved.engine;
  const note = (made ? made.note : p.saved.note).trim();
  try {
    const status = engine?.status();
    if (!engine || status?.state !== 'ready') return { spoken: false, voice: showVoice(p.tts.voice), warning: `voice not available (${status?.detail ?? 'no voice engine'}): nothing was played` };
    const voice = status.detail;
    const output = p.output();
    if (output.state !== 'ready') {
      await engine.synthesize(p.text, p.signal);
      return { spoken: false, voice, warning: `no output device: nothing was played (${output.detail})` };
    }
    await speakSentences([p.text], engine, p.sink, { radioEffect: p.tts.radioEffect, volume: p.config.audio.volume, signal: p.signal, onFirstAudio: () => {} });
    return { spoken: true, voice, ...(note ? { warning: note } : {}) };
  } finally {
    await made?.engine.dispose();
  }
}
