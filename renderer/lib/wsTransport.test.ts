import { describe, expect, it } from 'vitest';
import { decodeServerMessage, endpointsFromLocation } from './wsTransport.js';

describe('decodeServerMessage', () => {
  it('accepts contract messages', () => {
    const r = decodeServerMessage(JSON.stringify({ kind: 'reply', id: 3, ok: false, error: 'nope' }));
    expect(r).toEqual({ ok: true, message: { kind: 'reply', id: 3, ok: false, error: 'nope' } });
  });
  it('refuses binary frames, non-JSON and shapes outside the contract, saying why', () => {
    expect(decodeServerMessage(new ArrayBuffer(4))).toEqual({ ok: false, reason: 'binary frame' });
    expect(decodeServerMessage('{oops')).toEqual({ ok: false, reason: 'not JSON' });
    const bad = decodeServerMessage(JSON.stringify({ kind: 'state', state: { stage: 'exploding' } }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toMatch(/state/);
    expect(decodeServerMessage(JSON.stringify({ kind: 'launch' })).ok).toBe(false);
  });
});

describe('endpointsFromLocation', () => {
  it('derives the WebSocket URL and token from the page URL', () => {
    expect(endpointsFromLocation({ protocol: 'http:', host: '127.0.0.1:4567', search: '?token=a%2Bb' })).toEqual({
      wsUrl: 'ws://127.0.0.1:4567/ws?token=a%2Bb',
      token: 'a+b',
    });
    expect(endpointsFromLocation({ protocol: 'https:', host: 'tablet.local', search: '' }).wsUrl).toBe('wss://tablet.local/ws?token=');
  });
});
