/** The page of System Settings where the user grants Accessibility (what uiohook needs on macOS). */
export const MACOS_ACCESSIBILITY_URL = 'x-apple.systempreferences:com.apple.preference.security?Privacy_Accessibility';

export type HookAvailability = { ok: true } | { ok: false; reason: string; action?: { label: string; url: string } };

/**
 * Whether the global input hook can start here at all. uiohook's start() aborts or hangs its
 * process where it has nothing to hook: macOS without Accessibility permission, Linux without an
 * X display. Checked before the hook process is started, so the status says why.
 */
export function hookAvailability(o: {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Electron's systemPreferences.isTrustedAccessibilityClient (macOS only). */
  isTrustedAccessibilityClient?: (prompt: boolean) => boolean;
}): HookAvailability {
  if (o.platform === 'darwin' && o.isTrustedAccessibilityClient && !o.isTrustedAccessibilityClient(false)) {
    return {
      ok: false,
      reason: 'push-to-talk key unavailable: grant Accessibility to Stratus',
      action: { label: 'Open Accessibility settings', url: MACOS_ACCESSIBILITY_URL },
    };
  }
  if (o.platform === 'linux' && !o.env.DISPLAY) {
    return {
      ok: false,
      reason: o.env.WAYLAND_DISPLAY
        ? 'push-to-talk key unavailable: Wayland-only session (no X display to hook; start Stratus with XWayland, DISPLAY set)'
        : 'push-to-talk key unavailable: no X display (DISPLAY is not set)',
    };
  }
  return { ok: true };
}
