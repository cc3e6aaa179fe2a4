import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWavTo16kMono } from '../../../core/audio/common/wav.js';

/** The two espeak-ng voices that pocketsphinx recognises digits best from (shared recipes). */
export const TEST_VOICES = [
  { voice: 'en-us+f2', wpm: 140 },
  { voice: 'en-us+m3', wpm: 170 },
] as const;

export function espeakAvailable(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Speaks `text` with espeak-ng into `dir` (cached by name) and returns it as 16 kHz mono int16. */
export function speak(dir: string, text: string, voice: string, wpm: number): Int16Array {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${voice}-${wpm}-${text.replace(/[^a-z0-9]+/gi, '_')}.wav`);
  if (!existsSync(file)) writeFileSync(file, execFileSync('espeak-ng', ['-v', voice, '-s', String(wpm), '--stdout', text]));
  return decodeWavTo16kMono(readFileSync(file));
}

export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round((ms / 1000) * 16000));
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Corpus lines (utterance, expected) copied into test/fixtures/audio/corpus-sample.tsv. */
export function corpusSample(): { utterance: string; expected: string }[] {
  const text = readFileSync(new URL('../../fixtures/audio/corpus-sample.tsv', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [utterance = '', expected = ''] = l.split('\t');
      return { utterance, expected };
    });
}
