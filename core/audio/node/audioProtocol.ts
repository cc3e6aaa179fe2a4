import type { EngineStatus } from '../../base/common/status.js';

export interface AudioDeviceInfo {
  id: number;
  name: string;
  maxInputChannels: number;
  maxOutputChannels: number;
  defaultSampleRate: number;
  hostApi: string;
}

export interface CaptureSettings {
  /** Device name (matched case-insensitively, exact first, then substring); null = system default; 'none' = no capture. */
  inputDevice: string | null;
  /** Output device for spoken replies, same matching; 'none' = no output (replies are timed but silent). */
  outputDevice: string | null;
  preRollMs: number;
  maxUtteranceMs: number;
  vadEngine: 'silero' | 'energy';
  /** Run VAD on every frame even when not listening (voice-activated mode). */
  vadAlways: boolean;
  threshold: number;
}

/** What the audio worker found when it measured a recording (the settings' microphone test). */
export interface MicMeasurement {
  device: string;
  samples: number;
  peakDb: number;
  rmsDb: number;
  speech: boolean;
  /** The whole recording was exact zeros: the device delivers digital silence. */
  digitalSilence: boolean;
  /** The input could not be opened at all (reason in `problem`). */
  problem?: string;
}

/** Main -> audio worker. */
export type AudioRequest =
  | { type: 'configure'; settings: CaptureSettings }
  | { type: 'begin' }
  /** Push-to-talk is up: stop listening (the utterance stays in the ring until `take`). */
  | { type: 'end' }
  | { type: 'take'; id: number }
  /** Like take, but listening continues (speculative recognition during a pause or the release tail). */
  | { type: 'peek'; id: number }
  | { type: 'analyse'; id: number; pcm: Int16Array }
  | { type: 'listDevices'; id: number }
  /** Records `ms` of microphone audio (level events flow meanwhile); answers `micMeasured`, optionally plays it back. */
  | { type: 'micTest'; id: number; ms: number; playback: boolean }
  /** Level events for the next `ms` even when not listening (the settings window's meter renews it while open). */
  | { type: 'monitor'; ms: number }
  /** One block of reply audio; answered with `played` once the output took it (or was stopped). */
  | { type: 'play'; id: number; samples: Float32Array; sampleRateHz: number }
  /** Answered with `drained` once everything played so far has been heard (or stop). */
  | { type: 'drain'; id: number }
  /** Silence the output at once; pending plays and drains are answered. */
  | { type: 'stopOutput' }
  | { type: 'dispose' };

/** Audio worker -> main. */
export type AudioEvent =
  | { type: 'ready' }
  | { type: 'status'; audio: EngineStatus; vad: EngineStatus; output: EngineStatus }
  | { type: 'level'; levelDb: number; capturedSamples: number }
  | { type: 'vad'; speech: boolean; sampleIndex: number }
  | { type: 'utterance'; id: number; pcm: Int16Array; probs: Float32Array }
  | { type: 'analysed'; id: number; probs: Float32Array }
  | { type: 'devices'; id: number; devices: AudioDeviceInfo[]; problem?: string }
  | { type: 'micMeasured'; id: number; result: MicMeasurement; playedBack: boolean }
  | { type: 'played'; id: number }
  | { type: 'drained'; id: number }
  /** An error; with `id` it answers that request. */
  | { type: 'error'; id?: number; message: string }
  | { type: 'disposed' };
