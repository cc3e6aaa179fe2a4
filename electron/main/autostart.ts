import type { AppLike } from './shellTypes.js';

/** What the Settings toggle "Start with the system" can do in this build. */
export type AutostartSupport = { supported: true } | { supported: false; reason: string };

/**
 * Registers (or removes) Stratus as a login item, only for an installed/packaged build: under
 * `npm start` the executable is bare Electron, which would start without the app. The Windows
 * portable exe runs from a temporary unpack folder, so its own path (PORTABLE_EXECUTABLE_FILE,
 * set by electron-builder's portable launcher) is registered instead of process.execPath.
 */
export function applyAutostart(
  app: Pick<AppLike, 'isPackaged' | 'setLoginItemSettings'>,
  o: { enabled: boolean; minimised: boolean; execPath: string | undefined; env: Readonly<Record<string, string | undefined>> },
): AutostartSupport {
  if (!app.isPackaged) return { supported: false, reason: 'start with the system works only in the installed app' };
  const path = o.env.PORTABLE_EXECUTABLE_FILE ?? o.execPath;
  app.setLoginItemSettings({ openAtLogin: o.enabled, ...(path ? { path } : {}), args: o.minimised ? ['--minimised'] : [] });
  return { supported: true };
}
