import { readFileSync } from 'node:fs';
import type { AppLike } from './shellTypes.js';

/**
 * Settings Electron needs before the app is ready, read straight from the settings file (the
 * engine, which validates and repairs it, starts only after ready). Anything unreadable counts
 * as "not set": these only turn things off, and a broken file is reported by the engine later.
 */
export interface EarlySettings {
  disableHardwareAcceleration: boolean;
}

export function readEarlySettings(configPath: string): EarlySettings {
  try {
    const raw = JSON.parse(readFileSync(configPath, 'utf8')) as { app?: { disableHardwareAcceleration?: unknown } } | null;
    return { disableHardwareAcceleration: raw?.app?.disableHardwareAcceleration === true };
  } catch {
    return { disableHardwareAcceleration: false };
  }
}

/** Applies the early settings; must run before app ready (index.ts calls it at load). */
export function applyEarlySettings(app: Pick<AppLike, 'disableHardwareAcceleration'>, configPath: string, log: (line: string) => void): EarlySettings {
  const early = readEarlySettings(configPath);
  if (early.disableHardwareAcceleration) {
    app.disableHardwareAcceleration();
    log('hardware acceleration is off (setting app.disableHardwareAcceleration)');
  }
  return early;
}
