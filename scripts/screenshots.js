/* global document -- the functions passed to page.evaluate run in the browser page */
// `npm run screenshots`: screenshots of every screen into assets/screenshots/<screen>-<size>.png,
// from the built headless host (`node bin/stratus.js headless --sim demo`) in Chromium.
// Build first (`npm run build`). The two overlay states the host cannot reach on a machine
// without a microphone and speech (listening, a spoken command asked back) are rendered by the
// same built overlay fed from the contract test peer (test/e2e/helpers/contractPeer.ts).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'assets', 'screenshots');
/** The host prints its URLs once the sim and server are up; well under this on a loaded box. */
const HOST_START_TIMEOUT_MS = 60_000;
/** A step (a reply, a checklist card, a page load) shows within this, or the script says which did not. */
const STEP_TIMEOUT_MS = 20_000;
/** The sizes the README shows: a full-HD screen and a small tablet strip. */
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 480, height: 320 },
];
/** The overlay is transparent: shot over a bright sky-like scene, the hard case for legibility. */
const SCENE = 'linear-gradient(180deg, #6f9fd8 0%, #bcd6ee 55%, #e9eef2 100%)';

if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  console.error('screenshots: out/renderer is missing; run `npm run build` first');
  process.exit(1);
}

/** Starts the headless host with its own config folder; resolves with its printed URLs. */
async function startHost(configDir) {
  const child = spawn(process.execPath, [join(root, 'bin', 'stratus.js'), 'headless', '--sim', 'demo', '--port', '0'], {
    cwd: root,
    env: { ...process.env, STRATUS_HOME: configDir, STRATUS_CONFIG: join(configDir, 'config.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d.toString()));
  const urls = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless host did not start in time; stderr: ${stderr}`)), HOST_START_TIMEOUT_MS);
    let overlay = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      overlay = /Overlay: (\S+)/.exec(line)?.[1] ?? overlay;
      const settings = /Settings: (\S+)/.exec(line)?.[1];
      if (overlay && settings) {
        clearTimeout(timer);
        resolve({ overlay, settings });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`headless host exited with ${code}; stderr: ${stderr}`));
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { ...urls, origin: new URL(urls.overlay).origin, token: new URL(urls.overlay).searchParams.get('token'), stop };
}

const written = [];
async function shoot(page, screen, size) {
  const file = join(outDir, `${screen}-${size.width}x${size.height}.png`);
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  await page.screenshot({ path: file });
  written.push(file);
}

async function overlayPage(browser, url, size) {
  const page = await browser.newPage({ viewport: size });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.goto(url);
  await page.evaluate((bg) => {
    document.documentElement.style.background = bg;
    document.documentElement.style.minHeight = '100%';
  }, SCENE);
  return page;
}

async function type(page, text) {
  const input = page.getByTestId('text-input');
  await input.fill(text);
  await input.press('Enter');
}

/** Overlay states the demo host reaches by typed commands, a settings page per section, and a wrong token. */
async function hostScreens(browser, host, size) {
  const page = await overlayPage(browser, host.overlay, size);
  await page.locator('main.overlay[data-link="connected"]').waitFor();
  await page.getByTestId('telemetry').waitFor();
  await shoot(page, 'overlay-idle', size);
  await type(page, 'heading two seven zero');
  await page.getByTestId('reply').waitFor();
  await shoot(page, 'overlay-reply', size);
  await page.getByTestId('undo-chance').waitFor();
  await shoot(page, 'overlay-undo', size);
  await type(page, 'before takeoff checklist');
  await page.getByTestId('checklist').waitFor();
  await shoot(page, 'overlay-checklist', size);
  await page.getByTestId('warnings').waitFor();
  await shoot(page, 'overlay-warnings', size);
  await page.close();

  const wrong = await overlayPage(browser, `${host.origin}/?token=not-the-token`, size);
  await wrong.locator('main.overlay[data-link="unauthorized"]').waitFor();
  await shoot(wrong, 'overlay-wrong-token', size);
  await wrong.close();

  const settings = await browser.newPage({ viewport: size });
  settings.setDefaultTimeout(STEP_TIMEOUT_MS);
  await settings.goto(host.settings);
  await settings.locator('main[data-loaded="true"]').waitFor();
  await shoot(settings, 'settings', size);
  for (const id of await settings.locator('main fieldset[id]').evaluateAll((els) => els.map((e) => e.id))) {
    await settings.locator(`fieldset[id="${id}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shoot(settings, `settings-${id}`, size);
  }
  await settings.close();
}

/** Listening and a spoken command asked back: the built overlay, fed by the contract test peer. */
async function peerScreens(browser, size) {
  const { tsImport } = await import('tsx/esm/api');
  const { ContractPeer, cruiseState } = await tsImport('../test/e2e/helpers/contractPeer.ts', import.meta.url);
  const peer = await ContractPeer.start(cruiseState());
  try {
    const page = await overlayPage(browser, peer.url, size);
    await page.locator('main.overlay[data-link="connected"]').waitFor();
    peer.setState((s) => ({ ...s, stage: 'listening', ptt: { ...s.ptt, pressed: true }, levelDb: -18 }));
    await page.getByTestId('level-meter').waitFor();
    await shoot(page, 'overlay-listening', size);
    peer.setState((s) => ({
      ...s,
      stage: 'idle',
      ptt: { ...s.ptt, pressed: false },
      trust: { confirmation: { turnId: 'c1', notation: 'set gear up', question: 'Confirm gear up?', expiresAt: Date.now() + 60_000 }, undo: null },
    }));
    await page.getByTestId('confirmation').waitFor();
    await shoot(page, 'overlay-confirm', size);
    await page.close();
  } finally {
    await peer.dispose();
  }
}

const configDir = mkdtempSync(join(tmpdir(), 'stratus-screenshots-'));
// A config with one setting the schema refuses: the host starts on defaults and warns (the warnings screen).
writeFileSync(join(configDir, 'config.json'), JSON.stringify({ audio: { inputDevice: 'none', outputDevice: 'none' }, overlay: { opacity: 7 } }));
mkdirSync(outDir, { recursive: true });
let host;
let browser;
let status = 0;
try {
  host = await startHost(configDir);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run'] });
  for (const size of SIZES) {
    await hostScreens(browser, host, size);
    await peerScreens(browser, size);
  }
  for (const f of written) console.log(f.slice(root.length + 1));
  console.log(`${written.length} screenshots in ${outDir.slice(root.length + 1)}/`);
} catch (e) {
  console.error(`screenshots: ${e.message}`);
  status = 1;
} finally {
  await browser?.close();
  await host?.stop();
  rmSync(configDir, { recursive: true, force: true });
}
process.exit(status);
