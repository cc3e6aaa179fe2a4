/**
 * The whisper.cpp binding (@fugood/whisper.node, prebuilt per platform). Kept behind this small
 * interface so the engine does not depend on the package's types and a missing prebuilt becomes
 * a clear status instead of a crash.
 */
export interface WhisperJob {
  stop: () => Promise<void>;
  promise: Promise<{ result: string; isAborted: boolean }>;
}

export interface WhisperContextLike {
  transcribeData(
    audio: ArrayBuffer,
    options: { language?: string; maxThreads?: number; prompt?: string; temperature?: number },
  ): WhisperJob;
  release(): Promise<void>;
}

export interface WhisperBinding {
  initWhisper(options: { filePath: string; useGpu?: boolean }): Promise<WhisperContextLike>;
}

/**
 * The package ships TypeScript sources as its types (lib/index.ts, CommonJS-flavoured), which a
 * strict ESM project cannot type-check; the specifier is kept out of static resolution and the
 * small interface above is the contract instead.
 */
const WHISPER_PACKAGE: string = '@fugood/whisper.node';

export async function loadWhisperBinding(): Promise<WhisperBinding> {
  const mod = (await import(WHISPER_PACKAGE)) as Partial<WhisperBinding> & { default?: WhisperBinding };
  const binding = typeof mod.initWhisper === 'function' ? (mod as WhisperBinding) : mod.default;
  if (!binding) throw new Error('@fugood/whisper.node has no initWhisper export');
  return binding;
}
