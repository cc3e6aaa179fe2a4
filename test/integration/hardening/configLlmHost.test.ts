import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { engineStateSchema } from '../../../core/api/common/contract.js';
import { waitFor } from '../../helpers/wait.js';
import { CLI_TEST_TIMEOUT_MS, removeHome, startCli, tempHome, type CliHost } from './cliHost.js';

/** The LLM status of a bad endpoint is published well within this (no network involved). */
const STATUS_TIMEOUT_MS = 15_000;

let host: CliHost | undefined;
let home: string | undefined;
afterEach(async () => {
  await host?.stop();
  host = undefined;
  if (home) removeHome(home);
  home = undefined;
});

describe('issue 14 point 2: a plausible llm.host never takes the host down', () => {
  it('refuses javascript: and out-of-range ports with the reason, and the host keeps serving', async () => {
    home = tempHome();
    host = await startCli({ home });
    const js = await host.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ llm: { host: 'javascript:alert(1)' } }) });
    expect(js.status, js.text).toBe(400);
    expect(js.text).toMatch(/llm\.host.*http:\/\/ or https:\/\//);
    const port = await host.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ llm: { host: 'http://localhost:114340' } }) });
    expect(port.status, port.text).toBe(400);
    expect(port.text).toMatch(/invalid port/);
    const bare = await host.api('/api/settings', { method: 'PATCH', body: JSON.stringify({ llm: { host: 'localhost:114340' } }) });
    expect(bare.status, bare.text).toBe(400);
    // Still alive, still the old endpoint.
    const settings = await host.api('/api/settings');
    expect(settings.status).toBe(200);
    expect((settings.body as { llm: { host: string } }).llm.host).toBe('http://127.0.0.1:11434');
    expect(host.proc.exitCode).toBeNull();
  }, CLI_TEST_TIMEOUT_MS);

  it('starts with a bad llm.host in the file: that one setting is reset, the rest kept, and the status says why', async () => {
    home = tempHome();
    writeFileSync(join(home, 'config.json'), JSON.stringify({ llm: { host: 'javascript:alert(1)', model: 'qwen2.5:7b' }, ptt: { mode: 'toggle' } }));
    host = await startCli({ home });
    const settings = (await host.api('/api/settings')).body as { llm: { host: string; model: string }; ptt: { mode: string } };
    expect(settings.llm.host).toBe('http://127.0.0.1:11434');
    expect(settings.llm.model).toBe('qwen2.5:7b');
    expect(settings.ptt.mode).toBe('toggle');
    const state = engineStateSchema.parse((await host.api('/api/state')).body);
    expect(state.warnings.map((w) => w.message).join('\n')).toMatch(/llm\.host/);
    // The engine reached a settled LLM status and the process is alive after it.
    await waitFor('a settled LLM status', STATUS_TIMEOUT_MS, async () => {
      const s = engineStateSchema.parse((await host!.api('/api/state')).body);
      return s.engines.llm.state === 'loading' ? undefined : s.engines.llm;
    });
    expect(host.proc.exitCode).toBeNull();
  }, CLI_TEST_TIMEOUT_MS);
});
