import { configSchema, type Config } from '../../../core/config/common/configSchema.js';
import type { SpeechEvents } from '../../../core/speech/node/speechService.js';

/** A config for speech tests: pocketsphinx, no microphone, silent (paced) output unless overridden. */
export function speechTestConfig(patch: { ptt?: object; audio?: object; speech?: { stt?: object; tts?: object; vad?: object } } = {}): Config {
  return configSchema.parse({
    ptt: { ...patch.ptt },
    audio: { inputDevice: 'none', outputDevice: 'none', ...patch.audio },
    speech: {
      stt: { engine: 'pocketsphinx', ...patch.speech?.stt },
      tts: { radioEffect: false, ...patch.speech?.tts },
      vad: { ...patch.speech?.vad },
    },
  });
}

/** SpeechEvents that record everything, with promises for the next event of each kind. */
export class RecordingEvents implements SpeechEvents {
  utterances: { pcm: Int16Array; releasedAtMs: number; source: string }[] = [];
  stages: string[] = [];
  levels: number[] = [];
  bargeIns = 0;
  statusChanges = 0;
  private waiters: { kind: string; resolve: () => void }[] = [];

  onUtterance(pcm: Int16Array, info: { releasedAtMs: number; source: string }): void {
    this.utterances.push({ pcm, ...info });
    this.fire('utterance');
  }
  onBargeIn(): void {
    this.bargeIns += 1;
    this.fire('bargeIn');
  }
  onStage(stage: 'idle' | 'listening' | 'transcribing' | 'speaking'): void {
    this.stages.push(stage);
    this.fire(`stage:${stage}`);
  }
  onLevel(levelDb: number): void {
    this.levels.push(levelDb);
    this.fire('level');
  }
  onStatus(): void {
    this.statusChanges += 1;
    this.fire('status');
  }

  next(kind: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ kind, resolve }));
  }

  private fire(kind: string): void {
    const ready = this.waiters.filter((w) => w.kind === kind);
    this.waiters = this.waiters.filter((w) => w.kind !== kind);
    for (const w of ready) w.resolve();
  }
}
