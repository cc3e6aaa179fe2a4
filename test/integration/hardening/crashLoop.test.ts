import { createServer, type Server } from 'node:net';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineStateSchema } from '../../../core/api/common/contract.js';
import { CLI_TEST_TIMEOUT_MS, removeHome, runCliToExit, startCli, tempHome, type CliHost } from './cliHost.js';

/**
 * A real start-up failure that survives every other fix: the saved headless port is taken by
 * another program, so each start exits at once ("cannot listen"). Two such starts in a row with
 * the same settings, and the third starts in safe mode with that area back to defaults.
 */
let host: CliHost | undefined;
let home: string | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await new Promise<void>((r) => (blocker ? blocker.close(() => r()) : r()));
  blocker = undefined;
  if (home) removeHome(home);
  home = undefined;
});

async function takenPort(): Promise<number> {
  blocker = createServer();
  await new Promise<void>((r) => blocker!.listen(0, '127.0.0.1', r));
  return (blocker.address() as { port: number }).port;
}

describe('crash-loop guard: two quick failed starts with the same settings, then safe mode', () => {
  it('starts the third time in safe mode, with the offending area at defaults and a warning naming it', async () => {
    home = tempHome();
    const port = await takenPort();
    const settings = { host: { port }, overlay: { opacity: 0.5 } };
    writeFileSync(join(home, 'config.json'), JSON.stringify(settings));
    for (let i = 0; i < 2; i++) {
      const r = await runCliToExit({ home });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/cannot listen/);
    }
    host = await startCli({ home });
    const state = engineStateSchema.parse((await host.api('/api/state')).body);
    const warning = state.warnings.find((w) => w.id === 'safe-mode');
    expect(warning?.message).toMatch(/^Started in safe mode: the headless server settings made the last 2 starts fail; they are back to defaults\. Your settings were kept in /);
    const kept = readdirSync(home).find((f) => f.startsWith('config.json.before-safe-mode-'));
    expect(kept).toBeDefined();
    expect(warning?.message).toContain(join(home, kept!));
    expect(JSON.parse(readFileSync(join(home, kept!), 'utf8'))).toEqual(settings);
    // Only the offending area went back to defaults.
    const now = (await host.api('/api/settings')).body as { host: { port: number }; overlay: { opacity: number } };
    expect(now.host.port).toBe(0);
    expect(now.overlay.opacity).toBe(0.5);
    expect(host.url).not.toContain(`:${port}`);
  }, CLI_TEST_TIMEOUT_MS);

  it('does not enter safe mode after one failed start, nor when the settings changed between failures', async () => {
    home = tempHome();
    const port = await takenPort();
    writeFileSync(join(home, 'config.json'), JSON.stringify({ host: { port } }));
    expect((await runCliToExit({ home })).code).toBe(1);
    // The pilot edits something else: not the same settings, so this failure starts a new count.
    writeFileSync(join(home, 'config.json'), JSON.stringify({ host: { port }, overlay: { opacity: 0.7 } }));
    expect((await runCliToExit({ home })).code).toBe(1);
    const third = await runCliToExit({ home });
    expect(third.code, third.stderr).toBe(1);
    expect(third.stderr).not.toMatch(/safe mode/);
  }, CLI_TEST_TIMEOUT_MS);
});
