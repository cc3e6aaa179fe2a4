import type { EngineState } from '../../core/api/common/contract.js';
import { redactSecrets } from '../../core/config/common/redact.js';

/** Log lines in a diagnostics report: enough to show what led up to a problem, short enough to paste into a forum post. */
export const DIAGNOSTICS_LOG_LINES = 100;

export interface DiagnosticsInput {
  appVersion: string;
  platform: string;
  arch: string;
  osRelease: string;
  /** process.versions: electron, node, chrome (absent ones are printed as "?"). */
  versions: Partial<Record<'electron' | 'node' | 'chrome', string>>;
  state: EngineState;
  logFile: string;
  /** The one log folder (main.log, crash.log): where a bug report's full logs are. */
  logDir?: string;
  /** The last log lines, oldest first. */
  logTail: readonly string[];
  /** Settings that matter for display problems (hardware acceleration, overlay interact mode). */
  extra?: Record<string, string>;
}

/**
 * The text "Copy diagnostics" puts on the clipboard: versions, OS, engine and sim status and the
 * log's tail. Redacted as a whole (keys, tokens, URL passwords) because the pilot will paste it
 * somewhere public. Pure.
 */
export function diagnosticsText(d: DiagnosticsInput): string {
  const s = d.state;
  const lines = [
    `Stratus ${d.appVersion} diagnostics`,
    `OS: ${d.platform} ${d.osRelease} (${d.arch})`,
    `Electron ${d.versions.electron ?? '?'} · Node ${d.versions.node ?? '?'} · Chrome ${d.versions.chrome ?? '?'}`,
    `Sim: ${s.sim.kind} ${s.sim.phase}${s.sim.detail ? ` (${s.sim.detail})` : ''} · packets ${s.sim.packets.received} received, ${s.sim.packets.dropped} dropped`,
    `Stage: ${s.stage} · push-to-talk ${s.ptt.mode}`,
    ...Object.entries(s.engines).map(([name, e]) => `Engine ${name}: ${e.state}${e.detail ? ` — ${e.detail}` : ''}`),
    ...s.warnings.map((w) => `Warning ${w.id}: ${w.message}`),
    ...Object.entries(d.extra ?? {}).map(([k, v]) => `${k}: ${v}`),
    ...(d.logDir ? [`Logs folder: ${d.logDir} (main.log, crash.log)`] : []),
    `Log file: ${d.logFile}`,
    `--- last ${Math.min(DIAGNOSTICS_LOG_LINES, d.logTail.length)} log lines ---`,
    ...d.logTail.slice(-DIAGNOSTICS_LOG_LINES),
  ];
  return redactSecrets(lines.join('\n')) + '\n';
}
