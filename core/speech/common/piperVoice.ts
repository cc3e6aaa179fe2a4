import { z } from 'zod';

/** The `<voice>.onnx.json` file that comes with every Piper voice (fields Stratus uses). */
export const piperConfigSchema = z.object({
  audio: z.object({ sample_rate: z.number().int().min(8000).max(48000) }),
  espeak: z.object({ voice: z.string().min(1) }).prefault({ voice: 'en-us' }),
  inference: z
    .object({ noise_scale: z.number().default(0.667), length_scale: z.number().default(1), noise_w: z.number().default(0.8) })
    .prefault({}),
  num_speakers: z.number().int().min(1).default(1),
  phoneme_id_map: z.record(z.string(), z.array(z.number().int().min(0))),
});
export type PiperConfig = z.infer<typeof piperConfigSchema>;

const PAD = '_';
const BOS = '^';
const EOS = '$';

/**
 * Piper's phoneme ids: BOS, then every phoneme (Unicode code point) followed by the pad id, then
 * EOS. Phonemes the voice does not know are skipped and counted.
 */
export function phonemesToIds(phonemes: string, map: PiperConfig['phoneme_id_map']): { ids: number[]; unknown: number } {
  const pad = map[PAD] ?? [0];
  const ids: number[] = [...(map[BOS] ?? []), ...pad];
  let unknown = 0;
  for (const ch of phonemes) {
    const id = map[ch];
    if (!id) {
      unknown += 1;
      continue;
    }
    ids.push(...id, ...pad);
  }
  ids.push(...(map[EOS] ?? []));
  return { ids, unknown };
}

/**
 * Joins espeak-ng's IPA output (one line per clause) with the clause punctuation of the original
 * text, as Piper's own phonemizer does (",", ".", "?", "!" carry prosody in Piper voices).
 */
export function joinClauses(ipaLines: string[], text: string): string {
  const marks = [...text.matchAll(/[,.;:?!]/g)].map((m) => m[0]);
  return ipaLines
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l, i) => `${l}${marks[i] ?? ''}`)
    .join(' ');
}
