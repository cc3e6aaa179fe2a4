import { describe, expect, it } from 'vitest';
import { unpackedPath } from './paths.js';

describe('unpackedPath: files native code reads from disk live beside app.asar, in app.asar.unpacked', () => {
  it('moves a path inside app.asar to app.asar.unpacked, with either separator', () => {
    expect(unpackedPath('/opt/Stratus/resources/app.asar/node_modules/x/a.onnx')).toBe('/opt/Stratus/resources/app.asar.unpacked/node_modules/x/a.onnx');
    expect(unpackedPath('C:\\Program Files\\Stratus\\resources\\app.asar\\node_modules\\x\\a.node')).toBe('C:\\Program Files\\Stratus\\resources\\app.asar.unpacked\\node_modules\\x\\a.node');
  });

  it('leaves paths outside an asar, already unpacked, or merely named like one alone', () => {
    for (const p of ['/work/main/node_modules/x/a.onnx', '/r/app.asar.unpacked/node_modules/a.node', '/r/myapp.asar/a.node', '/r/app.asar', 'C:\\r\\app.asarx\\a']) expect(unpackedPath(p)).toBe(p);
  });
});
