import { describe, expect, it } from 'vitest';
import { intentFromToolCall, intentTools } from './intentTools.js';

describe('intent tools', () => {
  it('derives one JSON-schema tool per allowed intent kind, without the kind field', () => {
    const tools = intentTools();
    const heading = tools.find((t) => t.name === 'apHeading')!;
    expect(heading.parameters).toMatchObject({ type: 'object', required: ['headingDegMag'], properties: { headingDegMag: { type: 'integer', minimum: 1, maximum: 360 } } });
    expect(tools.map((t) => t.name)).toContain('checklistStart');
    expect(tools.map((t) => t.name)).not.toContain('query');
    expect(tools.map((t) => t.name)).not.toContain('invalid');
    expect(tools.every((t) => !('kind' in ((t.parameters.properties as Record<string, unknown> | undefined) ?? {})))).toBe(true);
  });

  it('accepts a valid call as the typed intent', () => {
    expect(intentFromToolCall({ id: '1', name: 'apHeading', arguments: { headingDegMag: 270 } })).toEqual({ ok: true, intent: { kind: 'apHeading', headingDegMag: 270 } });
  });

  it('refuses unknown tools, out-of-range values, bad JSON, and kinds the model may not use', () => {
    expect(intentFromToolCall({ id: '1', name: 'ejectSeat', arguments: {} })).toEqual({ ok: false, reason: 'unknown tool "ejectSeat"' });
    const range = intentFromToolCall({ id: '1', name: 'apAltitude', arguments: { altitudeFt: 99000 } });
    expect(range.ok).toBe(false);
    expect(!range.ok && range.reason).toMatch(/^invalid apAltitude: altitudeFt: /);
    expect(intentFromToolCall({ id: '1', name: 'gear', arguments: { unparsed: '{"down": tru' } }).ok).toBe(false);
    expect(intentFromToolCall({ id: '1', name: 'invalid', arguments: { code: 'x', reason: 'y', spoken: 'z' } }).ok).toBe(false);
    // the kind comes from the tool name, never from the arguments
    expect(intentFromToolCall({ id: '1', name: 'gear', arguments: { kind: 'apMaster', down: true } })).toEqual({ ok: true, intent: { kind: 'gear', down: true } });
  });
});
