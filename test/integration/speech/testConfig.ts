import { configSchema, type Config } from '../../../core/config/common/configSchema.js';
import { buildJsgf, whisperPrompt } from '../../../core/intent/common/grammarExport.js';
import type { Utterance } from '../../../core/speech/common/utterance.js';
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

/** The command grammar the engine gives speech (pocketsphinx needs it; it biases whisper). */
export const commandGrammar = { jsgf: buildJsgf, whisperPrompt };

/** SpeechEvents that record everything, with promises for the next event of each kind. */
export class RecordingEvents implements SpeechEvents {
  utterances: Utterance[] = [];
  /** What turnActive() answers: set by tests that play the turn runner's part. */
  active = false;
  stages: string[] = [];
  levels: number[] = [];
  bargeIns = 0;
  statusChanges = 0;
  private waiters: { kind: string; resolve: () => void }[] = [];

  onUtterance(utterance: Utterance): void {
    this.utterances.push(utterance);
    this.fire('utterance');
  }
  turnActive(): boolean {
    return this.active;
  }
  onBargeIn(): void {
    this.bargeIns += 1;
    this.fire('bargeIn');
  }
  onListening(listening: boolean): void {
    const stage = listening ? 'listening' : 'idle';
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
