import type { EngineStatus } from '../../api/common/contract.js';

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
  preRollMs: number;
  maxUtteranceMs: number;
  vadEngine: 'silero' | 'energy';
  /** Run VAD on every frame even when not listening (voice-activated mode). */
  vadAlways: boolean;
  threshold: number;
}

/** Main -> audio worker. */
export type AudioRequest =
  | { type: 'configure'; settings: CaptureSettings }
  | { type: 'begin' }
  | { type: 'take'; id: number }
  /** Like take, but listening continues (speculative recognition during the release tail). */
  | { type: 'peek'; id: number }
  | { type: 'analyse'; id: number; pcm: Int16Array }
  | { type: 'listDevices'; id: number }
  | { type: 'dispose' };

/** Audio worker -> main. */
export type AudioEvent =
  | { type: 'ready' }
  | { type: 'status'; audio: EngineStatus; vad: EngineStatus }
  | { type: 'level'; levelDb: number; capturedSamples: number }
  | { type: 'vad'; speech: boolean; sampleIndex: number }
  | { type: 'utterance'; id: number; pcm: Int16Array; probs: Float32Array }
  | { type: 'analysed'; id: number; probs: Float32Array }
  | { type: 'devices'; id: number; devices: AudioDeviceInfo[] }
  | { type: 'error'; message: string }
  | { type: 'disposed' };
