import { describe, expect, it } from 'vitest';
import { lookupQuery, parseLookup, parseWebMessage, splitDatarefPath, webValueNumber, webValueText } from './xplaneWebApi.js';

describe('X-Plane web API messages', () => {
  it('splits array elements and builds lookup queries', () => {
    expect(splitDatarefPath('sim/flightmodel/engine/ENGN_running[0]')).toEqual({ name: 'sim/flightmodel/engine/ENGN_running', index: 0 });
    expect(splitDatarefPath('sim/time/paused')).toEqual({ name: 'sim/time/paused' });
    expect(lookupQuery('datarefs', ['a/b', 'c'])).toBe('/api/v2/datarefs?filter%5Bname%5D=a%2Fb&filter%5Bname%5D=c&fields=id,name,value_type');
  });
  it('parses lookups and rejects malformed answers', () => {
    expect(parseLookup({ data: [{ id: 7, name: 'x', value_type: 'float' }, { id: 'bad' }] }).get('x')).toEqual({ id: 7, name: 'x', value_type: 'float' });
    expect(() => parseLookup({ error: 1 })).toThrow();
  });
  it('parses updates and results; drops anything else', () => {
    expect(parseWebMessage('{"type":"dataref_update_values","data":{"7":1.5}}')).toEqual({ type: 'dataref_update_values', data: { 7: 1.5 } });
    expect(parseWebMessage('{"type":"result","req_id":3,"success":false,"error_code":"x"}')).toMatchObject({ req_id: 3, success: false });
    expect(parseWebMessage('not json')).toBeUndefined();
    expect(parseWebMessage('{"type":"other"}')).toBeUndefined();
  });
  it('reads values: arrays, NaN-free numbers, base64 text', () => {
    expect(webValueNumber([4, 5])).toBe(4);
    expect(webValueNumber(Number.NaN)).toBeUndefined();
    expect(webValueText(btoa('C172\0\0\0\0'))).toBe('C172');
    expect(webValueText([66, 55, 51, 56, 0])).toBe('B738');
  });
});
