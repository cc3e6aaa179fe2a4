import type { TrayStatus } from './trayMenu.js';

/**
 * The tray icon file (in assets/icons, written by electron/build/generateIcons.ts) for a status on
 * an OS, at the size that OS draws: Windows' notification area 16 px, Linux panels 22 px, each
 * with a `@2x` file beside it that Electron picks on high-DPI screens. macOS gets a template
 * image (black + alpha; the name ending in `Template` tells Electron) so the menu bar tints it
 * for light and dark mode: a template has no colour, so there the status shows in the tooltip
 * and menu, and only "disconnected" has its own (crossed-out) image.
 */
export function trayIconFileFor(status: TrayStatus, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return status === 'disconnected' ? 'trayDisconnectedTemplate.png' : 'trayTemplate.png';
  return `tray-${status}-${platform === 'win32' ? 16 : 22}.png`;
}
