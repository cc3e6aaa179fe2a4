import { readFile } from 'node:fs/promises';
import { parseArgs, readArgs, UsageError, type CliIo } from '../cliArgs.js';
import { loadProfiles, selectProfile } from '../../../sim/node/loadProfiles.js';
import { ConfigStore, defaultConfigPath } from '../../../config/node/configStore.js';
import { parseRecordingText } from '../../../sim/common/recording.js';
import { formatReplayEvent, ReplayRunner } from '../../../copilot/common/replay.js';

export type ReplayCliIo = CliIo;

const USAGE = 'usage: stratus replay RECORDING [--speed N] [--profile ID] [--minimums FT] [--config FILE]';

/**
 * `stratus replay RECORDING [--speed N]`: runs a FlightGear CSV or Stratus NDJSON recording
 * through phase detection and callouts without audio, printing one line per phase change and
 * callout (`t=136.0 callout rotate`). `--speed 0` (the default) runs as fast as possible; N > 0
 * paces the frames by sim time at N times real time. `--profile` picks an aircraft profile by id
 * (default: selected from the recording's aircraft title). Exit 0, 1 on an unreadable or empty
 * recording, 2 on usage errors.
 */
export async function runReplayCli(args: string[], io: ReplayCliIo, signal?: AbortSignal): Promise<number> {
  const opts = readArgs(io, 'replay', USAGE, () => {
    const { flags, positional } = parseArgs(args, { speed: { value: true }, profile: { value: true }, minimums: { value: true }, config: { value: true } });
    if (positional.length !== 1) throw new UsageError(positional.length ? `replay takes one recording (got ${positional.length})` : 'replay needs a recording file');
    const speed = flags.speed === undefined ? 0 : Number(flags.speed);
    if (!Number.isFinite(speed) || speed < 0 || speed > 1000) throw new UsageError('--speed must be a number 0-1000 (0 = as fast as possible)');
    const minimumsAglFt = flags.minimums === undefined ? undefined : Number(flags.minimums);
    if (minimumsAglFt !== undefined && (!Number.isFinite(minimumsAglFt) || minimumsAglFt < 0 || minimumsAglFt > 5000)) {
      throw new UsageError('--minimums must be feet above ground, 0-5000');
    }
    return { file: positional[0]!, speed, profileId: typeof flags.profile === 'string' ? flags.profile : undefined, minimumsAglFt, configPath: typeof flags.config === 'string' ? flags.config : undefined };
  });
  if (!opts) return 2;
  const { file, speed, profileId, minimumsAglFt, configPath } = opts;

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    io.err(`stratus replay: cannot read ${file}: ${(e as Error).message}`);
    return 1;
  }
  const recording = parseRecordingText(text);
  if (recording.states.length === 0) {
    io.err(`stratus replay: ${file}: no usable frames (${recording.dropped} malformed lines dropped)`);
    return 1;
  }
  const profiles = await loadProfiles(undefined, (w) => io.err(`stratus replay: ${w}`));
  let profile = selectProfile(recording.states[0]!.aircraftTitle, profiles);
  if (profileId) {
    const chosen = profiles.find((p) => p.id === profileId);
    if (!chosen) {
      io.err(`stratus replay: unknown profile "${profileId}" (have: ${profiles.map((p) => p.id).join(', ')})`);
      return 2;
    }
    profile = chosen;
  }

  // The settings' per-callout switches hold here too: a callout switched off is not called in the replay.
  const loaded = await new ConfigStore(configPath ?? defaultConfigPath()).load();
  for (const w of loaded.warnings) io.err(`warning: ${w.message}`);
  const rules = loaded.config.callouts.rules;
  const off = Object.keys(rules).filter((id) => rules[id] === false);
  if (off.length > 0) io.err(`callouts switched off in settings (not called): ${off.join(', ')}`);
  const runner = new ReplayRunner(profile, { enabled: true, muted: false, rules, ...(minimumsAglFt !== undefined ? { minimumsAglFt } : {}) });
  let prevTimeS: number | undefined;
  for (const state of recording.states) {
    if (signal?.aborted) return 130;
    if (speed > 0 && prevTimeS !== undefined && state.simTimeS > prevTimeS) await pace(((state.simTimeS - prevTimeS) * 1000) / speed, signal);
    prevTimeS = state.simTimeS;
    for (const e of runner.step(state)) io.out(formatReplayEvent(e));
  }
  io.err(`replayed ${recording.states.length} frames of ${file} (${recording.format}, profile ${profile.id}, ${recording.dropped} malformed lines dropped)`);
  return 0;
}

/** Waits between frames when replaying in real time; ends early on abort. */
function pace(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
