import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { commandResultSchema, engineStateSchema, historyListSchema, historyUndoResultSchema, serverMessageSchema, type HistoryEntry } from '../../../core/api/common/contract.js';
import { startHeadlessHost, type HeadlessHost } from '../../e2e/helpers/headlessHost.js';

/** Start of the built host plus a few commands, on a loaded box. */
const TEST_TIMEOUT_MS = 120_000;
/** A history event follows its command's answer within this on loopback. */
const EVENT_TIMEOUT_MS = 10_000;

let host: HeadlessHost;
beforeAll(async () => {
  host = await startHeadlessHost();
}, TEST_TIMEOUT_MS);
afterAll(async () => {
  await host?.dispose();
});

async function post(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${host.origin}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function history(): Promise<HistoryEntry[]> {
  return historyListSchema.parse(await host.get('/api/history')).entries;
}

async function apHeading(): Promise<number> {
  return engineStateSchema.parse(await host.get('/api/state')).telemetry.apHeadingDegMag;
}

describe('transcript history through the built headless host', () => {
  it(
    'lists POSTed text commands with what was done; undo from the list turns the demo aircraft back; an older entry over a newer change is refused',
    async () => {
      const startHeading = await apHeading();
      // A WebSocket client hears each entry as it completes (an open Settings page updates live).
      const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ws?token=${host.token}`);
      const heard: HistoryEntry[] = [];
      ws.on('message', (data: Buffer) => {
        const msg = serverMessageSchema.parse(JSON.parse(data.toString('utf8')));
        if (msg.kind === 'event' && msg.event.type === 'historyUpdated') heard.push(msg.event.entry);
      });
      await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));

      const first = commandResultSchema.parse((await post('/api/command', { text: 'heading two seven zero' })).json);
      expect(first.outcome.status).toBe('applied');
      const list = await history();
      expect(list[0]).toMatchObject({ turnId: first.turnId, heard: 'heading two seven zero', result: 'applied', undo: { state: 'available' } });
      expect(list[0]!.changes).toEqual([expect.objectContaining({ control: 'ap.headingDegMag', after: 270 })]);
      await expect.poll(() => heard.map((e) => e.turnId), { timeout: EVENT_TIMEOUT_MS }).toContain(first.turnId);

      const second = commandResultSchema.parse((await post('/api/command', { text: 'heading one eight zero' })).json);
      const refused = historyUndoResultSchema.parse((await post('/api/history/undo', { turnId: first.turnId })).json);
      expect(refused.status).toBe('refused');
      expect(refused.reason).toContain('heading bug was changed again afterwards');
      expect(await apHeading()).toBe(180);

      expect(historyUndoResultSchema.parse((await post('/api/history/undo', { turnId: second.turnId })).json).status).toBe('undone');
      expect(await apHeading()).toBe(270);
      expect(historyUndoResultSchema.parse((await post('/api/history/undo', { turnId: first.turnId })).json).status).toBe('undone');
      expect(await apHeading()).toBe(startHeading);
      const after = await history();
      expect(after.find((e) => e.turnId === first.turnId)!.undo.state).toBe('undone');
      await expect.poll(() => heard.some((e) => e.turnId === first.turnId && e.undo.state === 'undone'), { timeout: EVENT_TIMEOUT_MS }).toBe(true);
      ws.close();

      // Bad input: a clear 400, nothing changed.
      const bad = await post('/api/history/undo', { turn: 'x' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.json)).toContain('turnId');
    },
    TEST_TIMEOUT_MS,
  );
});
