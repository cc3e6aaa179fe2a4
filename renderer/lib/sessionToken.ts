/** What the headless host answers to POST /api/token/rotate. */
export interface RotatedToken {
  token: string;
  overlayUrl: string;
  settingsUrl: string;
}

/** The session token this page was opened with (`?token=`), or '' in the desktop app. */
export function pageToken(search: string): string {
  return new URLSearchParams(search).get('token') ?? '';
}

/**
 * Asks the headless host for a new session token, proving the current one. The old token stops
 * working at once: every page open under it (this one too) is told and must reload with the new URL.
 */
export async function requestTokenRotation(currentToken: string, fetchFn: typeof fetch = fetch): Promise<RotatedToken> {
  const res = await fetchFn('/api/token/rotate', { method: 'POST', headers: { Authorization: `Bearer ${currentToken}` } });
  const body = (await res.json().catch(() => ({}))) as Partial<RotatedToken> & { error?: string };
  if (!res.ok || typeof body.token !== 'string' || typeof body.settingsUrl !== 'string' || typeof body.overlayUrl !== 'string') {
    throw new Error(res.status === 401 ? 'this page has an old token: open the settings URL the host printed' : `the host refused: ${body.error ?? `HTTP ${res.status}`}`);
  }
  return { token: body.token, overlayUrl: body.overlayUrl, settingsUrl: body.settingsUrl };
}
