import { type EngineCommand } from '../../core/api/common/contract.js';
import { describeZodError } from '../../core/base/common/zodError.js';
import type { SettingsPatch } from '../../core/config/common/configSchema.js';
import type { EngineApi } from '../../core/api/common/engineApi.js';
import type { HotasBindReply, ShellStatus } from '../../renderer/lib/preloadApi.js';
import { invokeChannels, type InvokeChannel } from '../common/channels.js';
import { invokePayloadSchemas, type InvokeArgs } from './ipcSchemas.js';

/** The engine's client id for commands from one window (see EngineApi.releaseClient). */
export function windowClient(webContentsId: number): string {
  return `window${webContentsId}`;
}

/** What every invoke channel answers: the same shape as a WebSocket command reply. */
export interface IpcReply {
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface IpcEventLike {
  sender: { id: number };
}

/** The slice of ipcMain used; ipc.ts passes the real one, tests a fake. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => Promise<IpcReply> | IpcReply): void;
  removeHandler(channel: string): void;
}

export interface IpcDeps {
  engine: Pick<EngineApi, 'state' | 'execute' | 'settings' | 'updateSettings'>;
  /** Only our own windows may call (a navigated-away or foreign frame is refused). */
  isTrustedSender(senderId: number): boolean;
  openSettings(): void;
  setEditLayout(on: boolean): void;
  setInteractive(on: boolean): void;
  gamepadButton(e: InvokeArgs<'input:gamepadButton'>[0]): void;
  captureBinding(): Promise<{ kind: 'key' | 'mouse' | 'joystick'; code: string; label: string } | null>;
  /** The push-to-talk key's and autostart's status (absent: null). */
  shellStatus?(): ShellStatus;
  openPttAction?(): void;
  /** Binds a HOTAS button in the HID process (absent: this build has none). */
  bindHotas?(): Promise<HotasBindReply>;
  log(line: string): void;
}

type Handlers = { [C in InvokeChannel]: (...args: InvokeArgs<C>) => unknown };

/**
 * Registers every invoke channel. Each payload is checked against its schema (the contract's
 * command schema for engine:execute); a bad one is answered with an error and logged, and never
 * reaches the engine. Returns a disposer that removes the handlers.
 */
export function registerIpcHandlers(ipc: IpcMainLike, deps: IpcDeps): { rejected(): number; dispose(): void } {
  let rejected = 0;
  // Built per call: engine:execute tags commands with the calling window, so push-to-talk it
  // holds is released when that window goes away.
  const handlersFor = (senderId: number): Handlers => ({
    [invokeChannels.engineHello]: () => ({ contractVersion: deps.engine.state().contractVersion, state: deps.engine.state() }),
    [invokeChannels.engineExecute]: (command: EngineCommand) => deps.engine.execute(command, { client: windowClient(senderId) }),
    [invokeChannels.settingsGet]: () => deps.engine.settings(),
    [invokeChannels.settingsUpdate]: (patch: SettingsPatch) => deps.engine.updateSettings(patch),
    [invokeChannels.settingsOpen]: () => deps.openSettings(),
    [invokeChannels.overlaySetEditLayout]: (on: boolean) => deps.setEditLayout(on),
    [invokeChannels.overlaySetInteractive]: (on: boolean) => deps.setInteractive(on),
    [invokeChannels.inputGamepadButton]: (e) => deps.gamepadButton(e),
    [invokeChannels.inputCaptureBinding]: () => deps.captureBinding(),
    [invokeChannels.shellStatus]: () => deps.shellStatus?.() ?? null,
    [invokeChannels.inputOpenPttAction]: () => deps.openPttAction?.(),
    [invokeChannels.inputBindHotas]: () => deps.bindHotas?.() ?? { binding: null, note: 'HOTAS input is not available in this build' },
  });

  const channels = Object.keys(handlersFor(0)) as InvokeChannel[];
  for (const channel of channels) {
    ipc.handle(channel, async (event, ...args) => {
      const refuse = (why: string): IpcReply => {
        rejected += 1;
        deps.log(`ipc: refused ${channel} from webContents ${event.sender.id}: ${why}`);
        return { ok: false, error: `${channel}: ${why}` };
      };
      if (!deps.isTrustedSender(event.sender.id)) return refuse('sender is not a Stratus window');
      const parsed = invokePayloadSchemas[channel].safeParse(args);
      if (!parsed.success) return refuse(`invalid payload (${describeZodError(parsed.error)})`);
      try {
        const fn = handlersFor(event.sender.id)[channel] as (...a: unknown[]) => unknown;
        const result = await fn(...(parsed.data as unknown[]));
        return { ok: true, result };
      } catch (e) {
        return { ok: false, error: (e as Error).message };
      }
    });
  }
  return {
    rejected: () => rejected,
    dispose: () => {
      for (const c of channels) ipc.removeHandler(c);
    },
  };
}
