import { z } from 'zod';

export const audioDeviceSchema = z.object({ name: z.string(), defaultSampleRateHz: z.number(), hostApi: z.string() });
/** The answer to `audioDevices`: inputs and outputs by name (the settings store names, not ids). */
export const audioDevicesSchema = z.object({
  inputs: z.array(audioDeviceSchema),
  outputs: z.array(audioDeviceSchema),
  /** Why the list is empty, when it is ("no audio hardware", "PortAudio failed to load: ..."). */
  problem: z.string().optional(),
});
export type AudioDevices = z.infer<typeof audioDevicesSchema>;

/** The answer to `micTest`. */
export const micTestResultSchema = z.object({
  /** The input that was recorded ("default input" for the system default). */
  device: z.string(),
  seconds: z.number(),
  peakDb: z.number(),
  rmsDb: z.number(),
  /** The VAD heard speech somewhere in the recording. */
  speech: z.boolean(),
  verdict: z.enum(['ok', 'quiet', 'silent', 'clipping', 'unavailable']),
  /** One sentence for the pilot: what was heard and what to do about it. */
  message: z.string(),
  /** The recording was played through the output device. */
  playedBack: z.boolean(),
});
export type MicTestResult = z.infer<typeof micTestResultSchema>;
