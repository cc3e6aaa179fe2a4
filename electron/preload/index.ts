import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CommandReply, StratusPreloadApi, Unsubscribe } from '../../renderer/lib/preloadApi.js';
import { invokeChannels, pushChannels, type InvokeChannel, type PushChannel } from '../common/channels.js';

/**
 * The only bridge between a Stratus window and main: `window.stratus`, split by domain. It
 * forwards; main validates every payload against the contract. ipcRenderer itself never leaves
 * this file.
 */
function call(channel: InvokeChannel, ...args: unknown[]): Promise<CommandReply> {
  return ipcRenderer.invoke(channel, ...args) as Promise<CommandReply>;
}

async function value<T>(channel: InvokeChannel, ...args: unknown[]): Promise<T> {
  const reply = await call(channel, ...args);
  if (!reply.ok) throw new Error(reply.error ?? `${channel} failed`);
  return reply.result as T;
}

function subscribe<T>(channel: PushChannel, listener: (payload: T) => void): Unsubscribe {
  const wrapped = (_e: IpcRendererEvent, payload: T): void => listener(payload);
  ipcRenderer.on(channel, wrapped);
  return () => {
    ipcRenderer.removeListener(channel, wrapped);
  };
}

async function execute(command: Parameters<StratusPreloadApi['engine']['execute']>[0]): Promise<CommandReply> {
  return call(invokeChannels.engineExecute, command);
}

const api: StratusPreloadApi = {
  host: 'electron',
  engine: {
    hello: () => value(invokeChannels.engineHello),
    onState: (l) => subscribe(pushChannels.state, l),
    onEvent: (l) => subscribe(pushChannels.event, l),
    execute,
  },
  speech: {
    pttDown: (source) => execute({ type: 'pttDown', source }),
    pttUp: (source) => execute({ type: 'pttUp', source }),
    text: (text) => execute({ type: 'text', text }),
    cancel: () => execute({ type: 'cancel' }),
  },
  sim: {
    onTelemetry: (l) => subscribe<{ sim?: unknown; telemetry?: unknown }>(pushChannels.state, (s) => l({ sim: s.sim, telemetry: s.telemetry })),
  },
  settings: {
    get: () => value(invokeChannels.settingsGet),
    update: (patch) => call(invokeChannels.settingsUpdate, patch),
    open: () => value(invokeChannels.settingsOpen),
  },
  overlay: {
    onEditLayout: (l) => subscribe(pushChannels.editLayout, l),
    onInteract: (l) => subscribe(pushChannels.interact, l),
    setEditLayout: (on) => value(invokeChannels.overlaySetEditLayout, on),
    setInteractive: (on) => value(invokeChannels.overlaySetInteractive, on),
  },
  input: {
    gamepadButton: (e) => value(invokeChannels.inputGamepadButton, e),
    captureBinding: () => value(invokeChannels.inputCaptureBinding),
    status: () => value(invokeChannels.shellStatus),
    openPttAction: () => value(invokeChannels.inputOpenPttAction),
    onStatus: (l) => subscribe(pushChannels.shellStatus, l),
    bindHotas: () => value(invokeChannels.inputBindHotas),
  },
};

contextBridge.exposeInMainWorld('stratus', api);
