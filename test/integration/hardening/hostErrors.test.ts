import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serverMessageSchema, type EngineCommand, type ServerMessage } from '../../../core/api/common/contract.js';
import type { EngineApi } from '../../../core/api/common/engineApi.js';
import type { Engine } from '../../../core/engine.js';
import { errorOf, httpRequest, startInProcess, type InProcessHost } from './hostHelpers.js';

/**
 * Issue 14, point 1 (the HTTP/WebSocket part): an error from a child process (espeak-ng quoting
 * the first line of /etc/passwd) reached the client in a 500 body. Now a 500 says only that
 * something failed, with an id that is also in the host's log beside the details.
 */

/** What a child process might print: a path and a line of a file that must not leave the host. */
const LEAK = 'espeak-ng: voice ../../../../etc/passwd: root:x:0:0:root:/root:/bin/bash';

/** The real engine, except that turns and the `text` command fail the way a crashed child would. */
function faulty(engine: Engine): EngineApi {
  return {
    state: () => engine.state(),
    onState: (l) => engine.onState(l),
    onEvent: (l) => engine.onEvent(l),
    execute: ((command: EngineCommand, origin) => (command.type === 'text' ? Promise.reject(new Error(LEAK)) : engine.execute(command, origin))) as EngineApi['execute'],
    releaseClient: (c) => engine.releaseClient(c),
    runText: () => Promise.reject(new Error(LEAK)),
    runUtterance: (wav, signal) => engine.runUtterance(wav, signal),
    settings: () => engine.settings(),
    updateSettings: () => Promise.reject(new Error(LEAK)),
    dispose: () => engine.dispose(),
  };
}

let host: InProcessHost;
beforeAll(async () => {
  host = await startInProcess({}, { wrap: faulty });
});
afterAll(async () => host?.dispose());

/** The error id the answer names, which the log must hold with the details. */
function idIn(text: string): string {
  const m = /\b(err-[0-9a-f]{8,})\b/.exec(text);
  expect(m, `an error id in "${text}"`).not.toBeNull();
  return m![1]!;
}

describe('internal errors never reach the client', () => {
  it('HTTP: a 500 carries a generic message and an id; the details are only in the log', async () => {
    const auth = { authorization: `Bearer ${host.server.token}`, 'content-type': 'application/json' };
    for (const [method, path, body] of [
      ['POST', '/api/command', JSON.stringify({ text: 'heading two seven zero' })],
      ['PATCH', '/api/settings', JSON.stringify({ overlay: { showTextInput: false } })],
    ] as const) {
      const res = await httpRequest(host.server.port, { method, path, headers: auth, body });
      expect(res.status, path).toBe(500);
      expect(res.text).not.toMatch(/root:|passwd|espeak/);
      const error = errorOf(res)!;
      expect(error).toMatch(/internal error/);
      const id = idIn(error);
      expect(host.logs.some((l) => l.includes(id) && l.includes('root:x:0:0'))).toBe(true);
    }
  });

  it('WebSocket: a failed command is answered with a generic message and an id; validation errors keep their reason', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.server.port}/ws?token=${host.server.token}`);
    const replies = new Map<number, ServerMessage>();
    const waiting = new Map<number, () => void>();
    ws.on('message', (d) => {
      const m = serverMessageSchema.parse(JSON.parse((d as Buffer).toString('utf8')));
      if (m.kind === 'reply') {
        replies.set(m.id, m);
        waiting.get(m.id)?.();
      }
    });
    await new Promise((r) => ws.once('open', r));
    const reply = (id: number, payload: unknown): Promise<ServerMessage> =>
      new Promise((resolve) => {
        waiting.set(id, () => resolve(replies.get(id)!));
        ws.send(JSON.stringify({ id, command: payload }));
      });
    const failed = await reply(1, { type: 'text', text: 'heading two seven zero' });
    expect(failed.kind === 'reply' && failed.ok).toBe(false);
    const error = failed.kind === 'reply' ? (failed.error ?? '') : '';
    expect(error).not.toMatch(/root:|passwd|espeak/);
    expect(error).toMatch(/internal error/);
    expect(host.logs.some((l) => l.includes(idIn(error)) && l.includes('root:x:0:0'))).toBe(true);
    // A bad setting is the user's to fix: its reason is still told.
    const invalid = await reply(2, { type: 'settingsUpdate', patch: { ptt: { mode: 'nope' } } });
    expect(invalid.kind === 'reply' && invalid.error).toMatch(/ptt\.mode/);
    ws.close();
  });
});
