import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../e2e/helpers/browser.js';
import { rendererBuilt, startHeadlessHost } from '../e2e/helpers/headlessHost.js';
import { below, type BenchResult } from './harness.js';

/** How long the overlay is watched: long enough to average over GC and throttle phases. */
const MEASURE_WINDOW_MS = 30_000;
const rendererAssets = join(import.meta.dirname, '..', '..', 'out', 'renderer', 'assets');

/** The JS a page loads: its entry plus the chunks it imports (read from the built HTML). */
function pageJsGzipBytes(html: string): number {
  const page = readFileSync(join(rendererAssets, '..', html), 'utf8');
  const files = new Set([...page.matchAll(/(?:src|href)="\.?\/?assets\/([^"]+\.js)"/g)].map((m) => m[1]!));
  return [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(rendererAssets, f)), { level: 9 }).length, 0);
}

function metric(metrics: { name: string; value: number }[], name: string): number {
  return metrics.find((m) => m.name === name)?.value ?? Number.NaN;
}

/**
 * Overlay cost: the built overlay in Chromium against the headless host with the demo sim at
 * 20 Hz (state to the UI throttled to 10 Hz), no speech. Main-thread busy time from CDP
 * Performance.getMetrics (TaskDuration delta over wall time), plus the renderer's JS size.
 */
export default async function run(): Promise<BenchResult[]> {
  if (!rendererBuilt()) throw new Error('out/renderer is missing: run `npm run build` first');
  const allJs = readdirSync(rendererAssets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + gzipSync(readFileSync(join(rendererAssets, f)), { level: 9 }).length, 0);
  const overlayJs = pageJsGzipBytes('index.html');

  const host = await startHeadlessHost([], undefined, { STRATUS_SIM_DEMORATEHZ: '20', STRATUS_SPEECH_TTS_ENABLED: 'false' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 400, height: 520 } });
    await page.goto(host.overlayUrl);
    await page.locator('main.overlay[data-link="connected"]').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    const before = (await cdp.send('Performance.getMetrics')).metrics;
    const simStart = Number(await page.getByTestId('telemetry').getAttribute('data-sim-time-s'));
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, MEASURE_WINDOW_MS)); // the measurement window itself
    const after = (await cdp.send('Performance.getMetrics')).metrics;
    const wallS = (performance.now() - t0) / 1000;
    const simEnd = Number(await page.getByTestId('telemetry').getAttribute('data-sim-time-s'));
    const busyPct = ((metric(after, 'TaskDuration') - metric(before, 'TaskDuration')) / wallS) * 100;
    const scriptPct = ((metric(after, 'ScriptDuration') - metric(before, 'ScriptDuration')) / wallS) * 100;
    const layouts = metric(after, 'LayoutCount') - metric(before, 'LayoutCount');
    return [
      below('overlay main-thread busy (demo 20 Hz, idle pilot)', busyPct, '%', 2, `script ${scriptPct.toFixed(2)} %, ${layouts} layouts in ${wallS.toFixed(1)} s, sim advanced ${simEnd - simStart} s`),
      below('overlay page JS gzipped', overlayJs / 1024, 'KB', 150),
      below('renderer JS gzipped (overlay + settings)', allJs / 1024, 'KB', 150),
    ];
  } finally {
    await browser.close();
    await host.dispose();
  }
}
