/**
 * The input-hook utility process (out/main/hookProcess.js), started by HookProcessHost through
 * Electron's utilityProcess.fork. uiohook-napi's start() may abort or hang: here that ends only
 * this process, and the main process falls back to global shortcuts. Speaks hookProtocol.ts.
 */
import type { HookMessage, KeyTapRequest } from './hookProtocol.js';

interface ParentPortLike {
  postMessage(message: unknown): void;
  on?(event: 'message', listener: (e: { data: unknown }) => void): unknown;
}

interface UiohookLike {
  uIOhook: {
    on(event: 'keydown' | 'keyup', listener: (e: { keycode: number }) => void): unknown;
    on(event: 'mousedown' | 'mouseup', listener: (e: { button: unknown }) => void): unknown;
    start(): void;
    keyTap(key: number, modifiers?: number[]): void;
  };
  UiohookKey: Readonly<Record<string, number>>;
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
function post(m: HookMessage): void {
  if (parentPort) parentPort.postMessage(m);
  else process.send?.(m);
}

async function main(): Promise<void> {
  let mod: UiohookLike;
  try {
    mod = await import('uiohook-napi');
  } catch (e) {
    post({ type: 'error', message: `uiohook-napi did not load (${(e as Error).message})` });
    return;
  }
  const key = (pressed: boolean) => (e: { keycode: number }) => post({ type: 'input', kind: 'key', code: e.keycode, pressed });
  const mouse = (pressed: boolean) => (e: { button: unknown }) => post({ type: 'input', kind: 'mouse', code: Number(e.button), pressed });
  mod.uIOhook.on('keydown', key(true));
  mod.uIOhook.on('keyup', key(false));
  mod.uIOhook.on('mousedown', mouse(true));
  mod.uIOhook.on('mouseup', mouse(false));
  try {
    mod.uIOhook.start();
  } catch (e) {
    post({ type: 'error', message: `the input hook did not start (${(e as Error).message})` });
    return;
  }
  post({ type: 'ready', keys: { ...mod.UiohookKey } });
  // A pilot's own command presses a key (hookProtocol.ts KeyTapRequest): numbers only, checked here again.
  parentPort?.on?.('message', (e) => {
    const r = e.data as Partial<KeyTapRequest> | null;
    if (r?.type !== 'keyTap' || typeof r.id !== 'number' || typeof r.key !== 'number' || !Array.isArray(r.modifiers) || !r.modifiers.every((k) => typeof k === 'number')) return;
    try {
      mod.uIOhook.keyTap(r.key, r.modifiers);
      post({ type: 'keyTapped', id: r.id });
    } catch (err) {
      post({ type: 'keyTapped', id: r.id, error: (err as Error).message });
    }
  });
}

void main();
