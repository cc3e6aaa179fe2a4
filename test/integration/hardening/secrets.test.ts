import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type HeadlessServer } from '../../../core/api/node/headlessServer.js';
import { createEngine, type Engine } from '../../../core/engine.js';
import { OpenAiServer } from '../../peers/openaiServer.js';
import { waitFor } from '../../helpers/wait.js';
import { CLI_TEST_TIMEOUT_MS, removeHome, startCli, tempHome, type CliHost } from './cliHost.js';

/** The model status follows a settings change within this (a GET to a loopback server). */
const STATUS_TIMEOUT_MS = 15_000;
const KEY = 'sk-test-4f9a2c7e1b3d5f60';

let home: string;
let llm: OpenAiServer;
let engine: Engine;
let server: HeadlessServer;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'stratus-secrets-'));
  llm = await new OpenAiServer(['qwen2.5-7b-instruct'], KEY).start();
  writeFileSync(join(home, 'config.json'), JSON.stringify({ llm: { provider: 'openai', baseUrl: llm.baseUrl, model: 'qwen2.5-7b-instruct' } }));
  engine = await createEngine({ configPath: join(home, 'config.json'), sim: 'demo', speech: false, env: { STRATUS_HOME: home } });
  await engine.ready();
  server = await startHeadless({ engine, rendererDir: join(home, 'none'), version: 'test' });
});
afterAll(async () => {
  await server.close();
  await engine.dispose();
  await llm.dispose();
  rmSync(home, { recursive: true, force: true });
});

async function api(path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${server.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  return { status: res.status, text: await res.text() };
}
const patch = (body: unknown) => api('/api/settings', { method: 'PATCH', body: JSON.stringify(body) });

async function llmState(): Promise<{ state: string; detail: string }> {
  return (JSON.parse((await api('/api/state')).text) as { engines: { llm: { state: string; detail: string } } }).engines.llm;
}

describe('issue 14 point 10: the API key lives in the secret store, never in settings', () => {
  it('stores a key from a settings update in a 0600 file, not config.json, and shows only that it is set', async () => {
    const r = await patch({ llm: { apiKey: KEY } });
    expect(r.status, r.text).toBe(200);
    expect(r.text).not.toContain(KEY);
    expect(JSON.parse(r.text)).toMatchObject({ llm: { apiKeySet: true } });
    expect(readFileSync(join(home, 'config.json'), 'utf8')).not.toContain(KEY);
    const secrets = join(home, 'secrets.json');
    expect(readFileSync(secrets, 'utf8')).toContain(KEY);
    if (process.platform !== 'win32') expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const settings = await api('/api/settings');
    expect(settings.text).not.toContain(KEY);
    expect(JSON.parse(settings.text)).toMatchObject({ llm: { apiKeySet: true } });
    // The server demands the key: the model turns ready only because the client sent it.
    await waitFor('the model to be ready with the key', STATUS_TIMEOUT_MS, async () => ((await llmState()).state === 'ready' ? true : undefined));
    expect((await api('/api/state')).text).not.toContain(KEY);
  });

  it('refuses a key inside the base URL, pointing to the API key field, without echoing it', async () => {
    for (const baseUrl of [`http://user:${KEY}@127.0.0.1:1234/v1`, `http://127.0.0.1:1234/v1?api_key=${KEY}`, `http://127.0.0.1:1234/v1?access-token=${KEY}`]) {
      const r = await patch({ llm: { baseUrl } });
      expect(r.status, r.text).toBe(400);
      expect(r.text).toMatch(/put the key in the API key field/);
      expect(r.text).not.toContain(KEY);
    }
    expect(engine.settings().llm.baseUrl).toBe(llm.baseUrl);
  });

  it('removes the key with an empty apiKey', async () => {
    const r = await patch({ llm: { apiKey: '' } });
    expect(JSON.parse(r.text)).toMatchObject({ llm: { apiKeySet: false } });
    expect(readFileSync(join(home, 'secrets.json'), 'utf8')).not.toContain(KEY);
    await waitFor('the model to refuse without the key', STATUS_TIMEOUT_MS, async () => ((await llmState()).state === 'error' ? true : undefined));
    // Put it back for the tests after this one.
    expect((await patch({ llm: { apiKey: KEY } })).status).toBe(200);
  });
});

describe('issue 14 point 10: a key that older versions wrote into config.json', () => {
  it('moves to the secret store at start and leaves the settings file', async () => {
    const h = mkdtempSync(join(tmpdir(), 'stratus-secrets-'));
    try {
      writeFileSync(join(h, 'config.json'), JSON.stringify({ llm: { provider: 'openai', apiKey: KEY, model: 'm1' } }));
      const e = await createEngine({ configPath: join(h, 'config.json'), sim: 'demo', speech: false, env: { STRATUS_HOME: h } });
      try {
        expect(e.settings().llm).toMatchObject({ apiKeySet: true, model: 'm1', provider: 'openai' });
        expect(readFileSync(join(h, 'config.json'), 'utf8')).not.toContain(KEY);
        expect(readFileSync(join(h, 'secrets.json'), 'utf8')).toContain(KEY);
        expect(JSON.stringify(e.state())).not.toContain(KEY);
        expect(e.state().warnings.map((w) => w.message).join('\n')).toMatch(/API key was in the settings file in plain text/);
      } finally {
        await e.dispose();
      }
    } finally {
      rmSync(h, { recursive: true, force: true });
    }
  });
});

describe('issue 14 point 10: a key inside llm.baseUrl in the settings file', () => {
  it('is dropped with the setting: not in settings, state, warnings or the log', async () => {
    const h = mkdtempSync(join(tmpdir(), 'stratus-secrets-'));
    const logs: string[] = [];
    try {
      writeFileSync(join(h, 'config.json'), JSON.stringify({ llm: { provider: 'openai', baseUrl: `https://me:${KEY}@llm.example.com/v1?api_key=${KEY}`, model: 'm1' } }));
      const e = await createEngine({ configPath: join(h, 'config.json'), sim: 'demo', speech: false, env: { STRATUS_HOME: h }, log: (l) => logs.push(l) });
      try {
        expect(e.settings().llm.model).toBe('m1');
        expect(JSON.stringify(e.settings())).not.toContain(KEY);
        expect(JSON.stringify(e.state())).not.toContain(KEY);
        expect(e.state().warnings.map((w) => w.message).join('\n')).toMatch(/llm\.baseUrl \(the language-model URL contains credentials: put the key in the API key field/);
        expect(logs.join('\n')).not.toContain(KEY);
        expect(readFileSync(join(h, 'config.json'), 'utf8')).not.toContain(KEY);
      } finally {
        await e.dispose();
      }
    } finally {
      rmSync(h, { recursive: true, force: true });
    }
  });
});

describe('issue 14 point 10: through the built CLI', () => {
  let host: CliHost | undefined;
  let cliHome: string | undefined;
  afterEach(async () => {
    await host?.stop();
    if (cliHome) removeHome(cliHome);
  });

  it('never writes a patched key to config.json', async () => {
    cliHome = tempHome();
    host = await startCli({ home: cliHome });
    const r = await host.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ llm: { apiKey: KEY, provider: 'openai' } }) });
    expect(r.status, r.text).toBe(200);
    expect(r.text).not.toContain(KEY);
    expect(readFileSync(join(cliHome, 'config.json'), 'utf8')).not.toContain(KEY);
    expect(existsSync(join(cliHome, 'secrets.json'))).toBe(true);
    expect((await host.api('/api/state')).text).not.toContain(KEY);
    expect(host.stderr() + host.stdout()).not.toContain(KEY);
  }, CLI_TEST_TIMEOUT_MS);
});
