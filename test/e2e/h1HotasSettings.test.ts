import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../core/config/common/configSchema.js';
import { launchChromium, watchConsole } from './helpers/browser.js';
import { ContractPeer, cruiseState } from './helpers/contractPeer.js';
import { rendererBuilt } from './helpers/headlessHost.js';

const built = rendererBuilt();
if (!built) console.warn('HOTAS settings e2e skipped: out/renderer is missing; run `npm run build` first');

const BOUND = { vendorId: 0x046d, productId: 0xc215, product: 'Logitech Extreme 3D', serialNumber: '', button: 2, rawBit: null, label: 'Logitech Extreme 3D (046d:c215) button 2' };

/**
 * The Settings page in the desktop app (the preload API faked as Electron exposes it): the
 * push-to-talk key's and HOTAS status are live (main pushes them), and "Bind HOTAS button" asks
 * main, whose HID process answers whatever window has focus.
 */
describe.skipIf(!built)('HOTAS binding and live push-to-talk status in Settings', () => {
  let peer: ContractPeer;
  let browser: Browser;
  beforeAll(async () => {
    peer = await ContractPeer.start(cruiseState());
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await peer?.dispose();
  });

  it('shows pushed status changes, binds a stick button from main, and clears it', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
    const watch = watchConsole(page);
    await page.addInitScript(
      ({ state, settings, bound }) => {
        const none = () => () => undefined;
        const ok = () => Promise.resolve({ ok: true });
        const w = window as unknown as { stratus: unknown; pushStatus?: (s: unknown) => void; binds: number };
        w.binds = 0;
        w.stratus = {
          engine: { hello: () => Promise.resolve({ contractVersion: state.contractVersion, state }), onState: none, onEvent: none, execute: ok },
          speech: { pttDown: ok, pttUp: ok, text: ok, cancel: ok },
          sim: { onTelemetry: none },
          settings: { get: () => Promise.resolve(settings), update: ok, open: () => Promise.resolve() },
          overlay: { onEditLayout: none, onInteract: none, setEditLayout: () => Promise.resolve(), setInteractive: () => Promise.resolve() },
          input: {
            gamepadButton: () => Promise.resolve(),
            captureBinding: () => Promise.resolve(null),
            status: () => Promise.resolve({ pttKey: { state: 'running' }, autostart: { supported: false }, hotas: { state: 'starting' } }),
            openPttAction: () => Promise.resolve(),
            onStatus: (l: (s: unknown) => void) => {
              w.pushStatus = l;
              return () => undefined;
            },
            bindHotas: () => {
              w.binds += 1;
              return Promise.resolve({ binding: bound, note: 'Logitech Extreme 3D (046d:c215): found from its report descriptor' });
            },
          },
        };
      },
      { state: peer.state, settings: configSchema.parse({}), bound: BOUND },
    );
    await page.goto(peer.settingsUrl);
    await page.locator('main[data-loaded="true"]').waitFor();
    const hint = page.getByTestId('ptt-hotas-status');
    const bind = page.getByTestId('ptt-hotas-bind');
    await expect.poll(() => hint.textContent()).toContain('Looking for joysticks');
    expect(await bind.isDisabled()).toBe(true);
    expect(await page.getByTestId('ptt-key-status').count()).toBe(0);

    // Main pushes: the hook died, and the HID process is up.
    await page.evaluate(() => {
      const w = window as unknown as { pushStatus: (s: unknown) => void };
      w.pushStatus({ pttKey: { state: 'unavailable', reason: 'push-to-talk key unavailable: the input hook process ended (code 134)' }, autostart: { supported: false }, hotas: { state: 'running', source: 'node-hid (hidraw)', watch: { state: 'idle' } } });
    });
    await expect.poll(() => page.getByTestId('ptt-key-status').textContent()).toContain('the input hook process ended (code 134)');
    await expect.poll(() => bind.isDisabled()).toBe(false);

    await bind.click();
    await expect.poll(() => page.getByTestId('ptt-hotas').textContent()).toBe(BOUND.label);
    expect(await page.getByTestId('ptt-hotas-note').textContent()).toContain('found from its report descriptor');
    expect(await page.evaluate(() => (window as unknown as { binds: number }).binds)).toBe(1);

    await page.evaluate(() => {
      const w = window as unknown as { pushStatus: (s: unknown) => void };
      w.pushStatus({ pttKey: { state: 'running' }, autostart: { supported: false }, hotas: { state: 'running', source: 'node-hid (hidraw)', watch: { state: 'watching', device: 'Logitech Extreme 3D (046d:c215)', raw: false } } });
    });
    await expect.poll(() => hint.textContent()).toContain('Listening to Logitech Extreme 3D (046d:c215), also while the sim has focus');
    expect(await page.getByTestId('ptt-key-status').count()).toBe(0);

    await page.getByTestId('ptt-hotas-clear').click();
    await expect.poll(() => page.getByTestId('ptt-hotas').textContent()).toBe('Not set');
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
