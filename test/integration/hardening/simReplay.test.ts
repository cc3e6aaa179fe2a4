import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecordingLine } from '../../../core/sim/common/recording.js';
import { emptySimState } from '../../../core/sim/common/simState.js';
import { MAX_TITLE_CHARS } from '../../../core/sim/common/telemetrySanitiser.js';
import { ReplayAdapter } from '../../../core/sim/node/replayAdapter.js';
import { untilPhase } from '../sim/until.js';
import { hasControlChars } from './simText.js';

/**
 * Issue 14, point 7, for recordings: a replayed file is as untrusted as a live sim. Absurd values
 * in it become unknown, junk lines are counted, and the aircraft title is cleaned.
 */

const disposers: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (disposers.length) await disposers.pop()!();
});

describe('replay of a hostile recording', () => {
  it('publishes only plausible values and a clean title', { timeout: 20_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-replay-'));
    disposers.push(() => rmSync(dir, { recursive: true, force: true }));
    const good = { ...emptySimState(), simTimeS: 1, altitudeFt: 3000, verticalSpeedFpm: 500, aircraftTitle: 'Cessna' };
    const bad = { ...good, simTimeS: 1.01, altitudeFt: 1e308, verticalSpeedFpm: -1e308, headingDegMag: 9e15, aircraftTitle: `Evil\u0000\u001b[2J${'x'.repeat(10_000)}` };
    const file = join(dir, 'rec.ndjson');
    writeFileSync(file, encodeRecordingLine(good) + '{"not":"a state"}\n' + 'garbage\n' + encodeRecordingLine(bad));
    const adapter = new ReplayAdapter({ file, speed: 100 });
    disposers.push(() => adapter.dispose());
    const seen: Array<{ alt: number; vs: number; hdg: number; title: string; unknown: string[] }> = [];
    adapter.onState((s) => seen.push({ alt: s.altitudeFt, vs: s.verticalSpeedFpm, hdg: s.headingDegMag, title: s.aircraftTitle, unknown: [...(s.unknownFields ?? [])] }));
    await adapter.start();
    await untilPhase(adapter, 'stopped');
    expect(seen).toHaveLength(2);
    expect(seen[1]!.alt).toBe(3000);
    expect(seen[1]!.vs).toBe(500);
    expect(seen[1]!.hdg).toBe(0);
    expect(seen[1]!.unknown).toEqual(expect.arrayContaining(['altitudeFt', 'verticalSpeedFpm', 'headingDegMag']));
    expect(seen[1]!.title.length).toBeLessThanOrEqual(MAX_TITLE_CHARS);
    expect(hasControlChars(seen[1]!.title)).toBe(false);
    expect(adapter.stats().dropped).toBe(2);
    expect(adapter.stats().rejected).toBe(3);
  });
});
