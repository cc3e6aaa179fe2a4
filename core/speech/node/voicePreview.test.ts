import { describe, expect, it } from 'vitest';
import type { AudioSink } from '../../audio/node/audioOutput.js';
import type { EngineStatus } from '../../base/common/status.js';
import { defaultConfig } from '../../config/common/configSchema.js';
import type { TtsEngine } from '../common/ttsEngine.js';
import { previewVoice, type PreviewInput } from './voicePreview.js';

/** A voice engine that makes 0.1 s of a tone per sentence and counts what it was asked. */
function fakeTts(): TtsEngine & { said: string[] } {
  const said: string[] = [];
  return {
    name: 'fake',
    said,
    status: (): EngineStatus => ({ state: 'ready', detail: 'fake voice (en-us+m3, 175 wpm)' }),
    start: async () => {},
    synthesize: async (text: string) => {
      said.push(text);
      return { samples: new Float32Array(1600).fill(0.1), sampleRateHz: 16000 };
    },
    dispose: async () => {},
  };
}

function fakeSink(): AudioSink & { played: number } {
  const sink = {
    name: 'fake sink',
    played: 0,
    play: async (samples: Float32Array) => {
      sink.played += samples.length;
    },
    drain: async () => {},
    stop: () => {},
    dispose: async () => {},
  };
  return sink;
}

function input(output: EngineStatus, over: Partial<PreviewInput> = {}): PreviewInput & { tts: PreviewInput['tts'] } {
  const config = defaultConfig();
  return { text: 'radio check', tts: config.speech.tts, config, modelsDir: '/nonexistent-models', saved: { engine: fakeTts(), note: '' }, sink: fakeSink(), output: () => output, signal: new AbortController().signal, ...over };
}

describe('previewVoice', () => {
  it('plays through a working output and says so', async () => {
    const p = input({ state: 'ready', detail: 'USB Audio CODEC' });
    const r = await previewVoice(p);
    expect(r).toEqual({ spoken: true, voice: 'fake voice (en-us+m3, 175 wpm)' });
    expect((p.sink as ReturnType<typeof fakeSink>).played).toBeGreaterThan(0);
  });

  it('with no output device: synthesises (the voice is checked) but says nothing was played', async () => {
    const p = input({ state: 'disabled', detail: 'no output device chosen' });
    const r = await previewVoice(p);
    expect(r).toEqual({ spoken: false, voice: 'fake voice (en-us+m3, 175 wpm)', warning: 'no output device: nothing was played (no output device chosen)' });
    expect((p.saved.engine as ReturnType<typeof fakeTts>).said).toEqual(['radio check']);
    expect((p.sink as ReturnType<typeof fakeSink>).played).toBe(0);
  });

  it('a voice that is not installed is refused with the reason, and nothing is spoken', async () => {
    const config = defaultConfig();
    const p = input({ state: 'ready', detail: 'USB Audio CODEC' }, { tts: { ...config.speech.tts, engine: 'piper', voice: 'en_US-nobody-medium' } });
    const r = await previewVoice(p);
    expect(r.spoken).toBe(false);
    expect(r.warning).toMatch(/en_US-nobody-medium.*nothing was played$/);
    expect((p.sink as ReturnType<typeof fakeSink>).played).toBe(0);
  });
});
