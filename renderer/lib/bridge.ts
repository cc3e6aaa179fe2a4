import type { EngineEvent } from '../../core/api/common/contract.js';
import { EngineStore } from './engineStore.svelte.js';
import type { StratusPreloadApi } from './preloadApi.js';
import { PreloadTransport } from './preloadTransport.js';
import type { CommandReply, EngineCommandInput, Transport, Unsubscribe } from './transport.js';
import { WsTransport, endpointsFromLocation } from './wsTransport.js';

declare global {
  interface Window {
    stratus?: StratusPreloadApi;
  }
}

/** Desktop-only abilities; absent in the headless host (a browser tab cannot do these). */
export interface DesktopAbilities {
  openSettings(): Promise<void>;
  onEditLayout(listener: (editing: boolean) => void): Unsubscribe;
  onInteract(listener: (on: boolean) => void): Unsubscribe;
  setEditLayout(editing: boolean): Promise<void>;
  setInteractive(on: boolean): Promise<void>;
  gamepadButton(event: { gamepadIndex: number; button: number; pressed: boolean; gamepadId?: string }): Promise<void>;
  captureBinding: StratusPreloadApi['input']['captureBinding'];
  shellStatus: StratusPreloadApi['input']['status'];
  openPttAction: StratusPreloadApi['input']['openPttAction'];
  onShellStatus: StratusPreloadApi['input']['onStatus'];
  bindHotas: StratusPreloadApi['input']['bindHotas'];
}

/**
 * The one way the UI reaches the engine. It never knows which host it runs in: the Electron
 * preload (`window.stratus`) or the headless WebSocket (token from the page URL).
 */
export interface Bridge {
  readonly host: 'electron' | 'headless';
  readonly store: EngineStore;
  onEvent(listener: (event: EngineEvent) => void): Unsubscribe;
  sendCommand(command: EngineCommandInput): Promise<CommandReply>;
  getSettings(): Promise<unknown>;
  readonly desktop: DesktopAbilities | null;
  dispose(): void;
}

export function createBridgeFrom(transport: Transport, desktop: DesktopAbilities | null): Bridge {
  const store = new EngineStore();
  const listeners = new Set<(event: EngineEvent) => void>();
  transport.start({
    state: (s) => store.setState(s),
    event: (e) => {
      for (const l of listeners) l(e);
    },
    link: (status, reason) => store.setLink(status, reason),
    rejected: (reason) => {
      store.countRejected();
      console.warn(`stratus: dropped a message that does not match the contract: ${reason}`);
    },
  });
  return {
    host: transport.host,
    store,
    desktop,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    sendCommand: (command) => transport.send(command),
    getSettings: () => transport.getSettings(),
    dispose() {
      listeners.clear();
      transport.dispose();
    },
  };
}

/** Picks the host: preload API when Electron put one there, else the WebSocket of the page's origin. */
export function createBridge(win: Window = window): Bridge {
  const api = win.stratus;
  if (api) {
    return createBridgeFrom(new PreloadTransport(api), {
      openSettings: () => api.settings.open(),
      onEditLayout: (l) => api.overlay.onEditLayout(l),
      onInteract: (l) => api.overlay.onInteract(l),
      setEditLayout: (on) => api.overlay.setEditLayout(on),
      setInteractive: (on) => api.overlay.setInteractive(on),
      gamepadButton: (e) => api.input.gamepadButton(e),
      captureBinding: () => api.input.captureBinding(),
      shellStatus: () => api.input.status(),
      openPttAction: () => api.input.openPttAction(),
      onShellStatus: (l) => api.input.onStatus(l),
      bindHotas: () => api.input.bindHotas(),
    });
  }
  const { wsUrl, token } = endpointsFromLocation(win.location);
  return createBridgeFrom(new WsTransport(wsUrl, token), null);
}
