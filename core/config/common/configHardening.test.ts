import { describe, expect, it } from 'vitest';
import { repairConfig } from './configRepair.js';
import { configSchema, defaultConfig, isIpLiteral, isLoopbackBind } from './configSchema.js';

const ok = (patch: unknown): boolean => configSchema.safeParse(patch).success;

describe('settings validated for what they are used for', () => {
  it('sim hosts are host names or IP addresses', () => {
    expect(ok({ sim: { xplane: { host: 'sim-pc.local' } } })).toBe(true);
    expect(ok({ sim: { xplane: { host: '192.168.1.5' } } })).toBe(true);
    expect(ok({ sim: { flightgear: { host: 'fe80::1' } } })).toBe(true);
    for (const host of ['http://sim', 'sim pc', 'sim:49000', '-x', 'a/b', '']) expect(ok({ sim: { xplane: { host } } }), host).toBe(false);
  });

  it('file paths are absolute, without control characters', () => {
    expect(ok({ sim: { replay: { file: '/home/p/flight.ndjson' } } })).toBe(true);
    expect(ok({ sim: { replay: { file: 'C:\\Users\\p\\flight.ndjson' } } })).toBe(true);
    expect(ok({ sim: { replay: { file: '' } } })).toBe(true);
    for (const file of ['flight.ndjson', '../../etc/passwd', '/tmp/a\u0000b']) expect(ok({ sim: { replay: { file } } }), file).toBe(false);
  });

  it('keepAlive is an Ollama duration, the model a model name, callout switches bounded ids', () => {
    for (const k of ['30m', '1h30m', '0', '-1', '-1m', '300', '2.5h']) expect(ok({ llm: { keepAlive: k } }), k).toBe(true);
    for (const k of ['forever', '30 m', '', '1d', '$(reboot)']) expect(ok({ llm: { keepAlive: k } }), k).toBe(false);
    expect(ok({ llm: { model: 'meta-llama/Llama-3.1-8B-Instruct' } })).toBe(true);
    expect(ok({ llm: { model: 'llama; rm -rf /' } })).toBe(false);
    expect(ok({ callouts: { rules: { 'eighty-knots': false } } })).toBe(true);
    expect(ok({ callouts: { rules: { ['x'.repeat(65)]: false } } })).toBe(false);
    expect(ok({ callouts: { rules: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`r${i}`, true])) } })).toBe(false);
    expect(ok({ aircraft: { profile: '../../secret' } })).toBe(false);
    expect(ok({ audio: { inputDevice: 'USB Mic\u0007' } })).toBe(false);
  });

  it('bind addresses are IP literals or localhost; loopback needs no opt-in', () => {
    for (const a of ['127.0.0.1', '::1', '0.0.0.0', '::', '192.168.0.10', 'fe80::1', '::ffff:10.0.0.1']) expect(isIpLiteral(a), a).toBe(true);
    for (const a of ['127.0.0.1:80', '1.2.3', '256.1.1.1', 'not an address', ':::1', '1:2:3:4:5:6:7:8:9']) expect(isIpLiteral(a), a).toBe(false);
    expect(isLoopbackBind('127.0.0.2')).toBe(true);
    expect(isLoopbackBind('0.0.0.0')).toBe(false);
    expect(ok({ host: { bind: '0.0.0.0' } })).toBe(false);
    expect(ok({ host: { bind: '0.0.0.0', exposeToNetwork: true } })).toBe(true);
  });
});

describe('repairConfig keeps every valid setting', () => {
  it('drops unknown keys and invalid values only, naming them', () => {
    const r = repairConfig(configSchema, { colour: 'red', ptt: { mode: 'toggle' }, llm: { host: 'javascript:alert(1)', model: 'm' }, host: { bind: '0.0.0.0' } });
    expect(r.value.ptt.mode).toBe('toggle');
    expect(r.value.llm.model).toBe('m');
    expect(r.value.llm.host).toBe(defaultConfig().llm.host);
    expect(r.value.host.bind).toBe('127.0.0.1');
    expect(r.dropped.map((d) => d.path).sort()).toEqual(['colour', 'host.bind', 'llm.host']);
    expect(r.kept).toEqual({ ptt: { mode: 'toggle' }, llm: { model: 'm' }, host: {} });
  });

  it('gives defaults for a root that is not an object', () => {
    expect(repairConfig(configSchema, [1, 2]).value).toEqual(defaultConfig());
  });
});
