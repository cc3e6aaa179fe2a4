import { describe, expect, it, vi } from 'vitest';

// onnxruntime-node's native binding fails to load on this "machine" (a missing VC++ runtime, a
// wrong glibc): importing it throws, as require() of a broken add-on does.
vi.mock('onnxruntime-node', () => {
  throw new Error('onnxruntime_binding.node: cannot open shared object file');
});

describe('SileroVad without a loadable onnxruntime', () => {
  it('imports fine (the audio worker starts) and reports the load failure from load(), for the energy-VAD fallback', async () => {
    const { SileroVad } = await import('./sileroVad.js');
    // vitest wraps the factory's error in its own message; the prefix is what the status shows.
    await expect(SileroVad.load()).rejects.toThrow(/^onnxruntime-node failed to load: /);
    // A second try imports again rather than caching the failure for the life of the worker.
    await expect(SileroVad.load()).rejects.toThrow(/^onnxruntime-node failed to load: /);
  });
});
