/**
 * The whisper.cpp models Stratus offers to download (ggerganov/whisper.cpp on Hugging Face).
 * SHA-1 values are from whisper.cpp's models/README.md. SHA-256 values are the Hugging Face LFS
 * object ids as published in several independent Nix fetchurl pins (tiny.en and base.en in more
 * than one; small.en in one): they could not be re-downloaded and checked from this machine.
 */
export interface WhisperModelInfo {
  id: 'tiny.en' | 'base.en' | 'small.en';
  file: string;
  /** Approximate download size in MB (whisper.cpp lists MiB: 75 / 142 / 466). */
  sizeMb: number;
  sha256: string;
  sha1: string;
  url: string;
}

const BASE_URL = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main';

export const WHISPER_MODELS: readonly WhisperModelInfo[] = [
  {
    id: 'tiny.en',
    file: 'ggml-tiny.en.bin',
    sizeMb: 75,
    sha256: '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f',
    sha1: 'c78c86eb1a8faa21b369bcd33207cc90d64ae9df',
    url: `${BASE_URL}/ggml-tiny.en.bin`,
  },
  {
    id: 'base.en',
    file: 'ggml-base.en.bin',
    sizeMb: 142,
    sha256: 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002',
    sha1: '137c40403d78fd54d454da0f9bd998f78703390c',
    url: `${BASE_URL}/ggml-base.en.bin`,
  },
  {
    id: 'small.en',
    file: 'ggml-small.en.bin',
    sizeMb: 466,
    sha256: 'c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d',
    sha1: 'db8a495a91d927739e50b3fc1cc4c6b8f6c2d022',
    url: `${BASE_URL}/ggml-small.en.bin`,
  },
];

export function whisperModelInfo(id: string): WhisperModelInfo | undefined {
  return WHISPER_MODELS.find((m) => m.id === id);
}

/** The file name a model id is stored under (custom ids become ggml-<id>.bin). */
export function whisperModelFile(id: string): string {
  return whisperModelInfo(id)?.file ?? `ggml-${id.replace(/[^a-zA-Z0-9._-]/g, '_')}.bin`;
}
