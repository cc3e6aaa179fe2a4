import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandResultSchema, engineStateSchema } from '../../../core/api/common/contract.js';
import { customChangeResultSchema, customListingSchema } from '../../../core/custom/common/customApi.js';
import { startHeadless, type HeadlessServer } from '../../../core/api/node/headlessServer.js';
import { createEngine, type Engine } from '../../../core/engine.js';

/** The pilot's own commands through the product: the built CLI, the headless API, live into the parser. */

const home = mkdtempSync(join(tmpdir(), 'stratus-h6-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** A CLI run: cold start of the engine and the demo sim, well under this on a loaded 2-core machine. */
const CLI_TIMEOUT_MS = 60_000;

function stratus(cwdHome: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/stratus.js', ...args], { encoding: 'utf8', env: { ...process.env, STRATUS_HOME: cwdHome, STRATUS_LLM_PROVIDER: 'none' }, timeout: CLI_TIMEOUT_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TAXI = `version: 1
commands:
  - id: taxi-switch
    phrase: taxi light switch {state}
    choices: { state: { on: 1, off: 0 } }
    actions:
      demo: [{ demo: taxiLights, value: "{state}" }]
      xplane: [{ dataref: sim/cockpit2/switches/taxi_light_on, value: "{state}" }]
`;

describe('stratus cmd with a config folder holding a custom command', () => {
  it('flies the custom phrase: the demo sim state changes', () => {
    const dir = join(home, 'cli');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), '{}');
    writeFileSync(join(dir, 'custom-commands.yaml'), TAXI);
    const r = stratus(dir, 'cmd', '--config', join(dir, 'config.json'), 'taxi light switch on');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    const result = commandResultSchema.parse(out);
    expect(result.intent).toBe('custom taxi-switch taxi light switch on');
    expect(result.outcome.status).toBe('applied');
    expect(engineStateSchema.shape.telemetry.parse(out.telemetry).lightsOn).toContain('taxi');
  });

  it('flies a shipped example (pause) with no file of the pilot\'s', () => {
    const dir = join(home, 'cli-shipped');
    mkdirSync(dir, { recursive: true });
    const r = stratus(dir, 'cmd', '--config', join(dir, 'config.json'), 'pause the sim');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(commandResultSchema.parse(out).reply).toBe('sim paused');
    expect(engineStateSchema.shape.telemetry.parse(out.telemetry).paused).toBe(true);
  });

  it('refuses, with the reason, a shipped example the demo aircraft cannot fly (it has no parking brake)', () => {
    const dir = join(home, 'cli-brake');
    mkdirSync(dir, { recursive: true });
    const r = stratus(dir, 'cmd', '--config', join(dir, 'config.json'), 'parking brake set');
    const result = commandResultSchema.parse(JSON.parse(r.stdout));
    expect(result.outcome).toEqual({ status: 'refused', reason: 'this command has nothing to do on the demo sim' });
    expect(r.status).toBe(1);
  });
});

describe('stratus commands list|import|export', () => {
  const dir = join(home, 'share');
  const cfg = join(dir, 'config.json');
  beforeAll(() => mkdirSync(dir, { recursive: true }));

  it('refuses a bad file with the reasons and imports nothing', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, `${TAXI}  - id: gear-clash\n    phrase: gear down\n    actions: { any: [{ key: "ctrl+g" }] }\n`);
    const r = stratus(dir, 'commands', 'import', bad, '--config', cfg);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/gear-clash: "gear down" is already the built-in command/);
    expect(r.stderr).toMatch(/nothing was imported/);
    expect(() => readFileSync(join(dir, 'custom-commands.yaml'))).toThrow();
  });

  it('imports the README\'s example file as it stands (the README stays true)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block, 'README.md has a yaml example of custom commands').toBeDefined();
    const ex = join(home, 'readme-example');
    mkdirSync(ex, { recursive: true });
    writeFileSync(join(ex, 'example.yaml'), block ?? '');
    const r = stratus(ex, 'commands', 'import', join(ex, 'example.yaml'), '--config', join(ex, 'config.json'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('imports a good file, lists it and exports it again', () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, TAXI);
    expect(stratus(dir, 'commands', 'import', good, '--config', cfg).status).toBe(0);
    const list = stratus(dir, 'commands', 'list', '--config', cfg);
    expect(list.stdout).toMatch(/^taxi-switch\t"taxi light switch \{state\}"\tuser$/m);
    expect(list.stdout).toMatch(/^pause\t.*\tshipped$/m);
    const out = join(dir, 'out.yaml');
    expect(stratus(dir, 'commands', 'export', out, '--config', cfg).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('phrase: taxi light switch {state}');
    expect(stratus(dir, 'commands', 'export', out, '--config', cfg).stderr).toMatch(/exists/);
    expect(stratus(dir, 'commands', '--help').status).toBe(0);
  });
});

describe('the headless API adds a command live', () => {
  let engine: Engine;
  let server: HeadlessServer;
  const dir = join(home, 'api');
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    engine = await createEngine({ configPath: join(dir, 'config.json'), sim: 'demo', speech: false, env: { STRATUS_HOME: dir, STRATUS_LLM_PROVIDER: 'none' } });
    await engine.ready();
    server = await startHeadless({ engine, rendererDir: dir, version: 'test' });
  });
  afterAll(async () => {
    await server?.close();
    await engine?.dispose();
  });
  const call = (path: string, body?: unknown, token: string = server.token) =>
    fetch(`${server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('needs the token, and answers a bad command with 400 and the reason, writing nothing', async () => {
    expect((await call('/api/custom-commands', undefined, 'wrong')).status).toBe(401);
    const bad = await call('/api/custom-commands', { command: { id: 'hdg', phrase: 'heading {h}', numbers: { h: { min: 1, max: 360 } }, actions: { any: [{ key: 'h' }] } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/hdg: "heading one" is already the built-in command/);
    const badName = await call('/api/custom-commands', { command: { id: 'x', phrase: 'wipers on', actions: { flightgear: [{ property: '/controls/wipers\nset /sim/crash 1', value: 1 }] } } });
    expect(badName.status).toBe(400);
    expect(((await badName.json()) as { error: string }).error).toMatch(/FlightGear property path/);
    expect((await call('/api/custom-commands', 'nope')).status).toBe(400);
    const listing = customListingSchema.parse(await (await call('/api/custom-commands')).json());
    expect(listing.commands.filter((c) => c.source === 'user')).toEqual([]);
  });

  it('a command saved through the API is understood at once (no restart) and changes the sim', async () => {
    const before = commandResultSchema.parse(await engine.runText('strobe switch on'));
    expect(before.intent).toBe('llm');
    const saved = await call('/api/custom-commands', { command: { id: 'strobe-switch', phrase: 'strobe switch {s}', choices: { s: { on: true, off: false } }, actions: { demo: [{ demo: 'strobeLights', value: '{s}' }] } } });
    expect(saved.status).toBe(200);
    expect(customChangeResultSchema.parse(await saved.json()).ok).toBe(true);
    await engine.runText('strobe switch off');
    expect(engine.state().telemetry.lightsOn).not.toContain('strobe');
    const r = commandResultSchema.parse(await engine.runText('strobe switch on'));
    expect(r.outcome.status).toBe('applied');
    expect(engine.state().telemetry.lightsOn).toContain('strobe');
    expect(readFileSync(join(dir, 'custom-commands.yaml'), 'utf8')).toContain('strobe switch {s}');
    const del = await call('/api/custom-commands/delete', { id: 'strobe-switch' });
    expect(del.status).toBe(200);
    expect(commandResultSchema.parse(await engine.runText('strobe switch on')).intent).toBe('llm');
  });

  it('a key press in the headless host is refused with the reason', async () => {
    const saved = await call('/api/custom-commands/import', { text: 'version: 1\ncommands:\n  - id: view\n    phrase: cockpit view\n    actions: { any: [{ key: "ctrl+shift+f1" }] }\n' });
    expect(saved.status).toBe(200);
    const r = commandResultSchema.parse(await engine.runText('cockpit view'));
    expect(r.outcome.status).toBe('refused');
    expect(r.reply).toMatch(/key presses need the desktop app/);
  });
});
