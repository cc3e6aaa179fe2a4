import { ipcMain } from 'electron';
import { registerIpcHandlers, type IpcDeps } from './ipcHandlers.js';

/** The one place that touches ipcMain: binds the validated handlers to the real IPC. */
export function bindIpc(deps: IpcDeps): ReturnType<typeof registerIpcHandlers> {
  return registerIpcHandlers(ipcMain, deps);
}
