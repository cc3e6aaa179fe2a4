/**
 * The DLLs a Windows PE file (.dll, .node, .exe) names in its import table (loaded with it, so
 * they must ship beside it) and in its delay-import table (loaded on first use only). Enough of
 * the PE format for packaging checks; throws on a file that is not PE.
 */
export interface PeImports {
  imports: string[];
  delayed: string[];
}

export function peImports(b: Buffer): PeImports {
  if (b.readUInt16LE(0) !== 0x5a4d) throw new Error('not a PE file (no MZ header)');
  const pe = b.readUInt32LE(0x3c);
  if (b.readUInt32LE(pe) !== 0x4550) throw new Error('not a PE file (no PE signature)');
  const sections = b.readUInt16LE(pe + 6);
  const optionalSize = b.readUInt16LE(pe + 20);
  const optional = pe + 24;
  // PE32+ (64-bit) keeps its data directories 16 bytes further on than PE32.
  const dataDirs = optional + (b.readUInt16LE(optional) === 0x20b ? 112 : 96);
  const table = Array.from({ length: sections }, (_, i) => {
    const s = optional + optionalSize + i * 40;
    return { va: b.readUInt32LE(s + 12), size: Math.max(b.readUInt32LE(s + 8), b.readUInt32LE(s + 16)), raw: b.readUInt32LE(s + 20) };
  });
  const offset = (rva: number): number => {
    const s = table.find((t) => rva >= t.va && rva < t.va + t.size);
    if (!s) throw new Error(`address ${rva} is in no section`);
    return rva - s.va + s.raw;
  };
  const name = (rva: number): string => {
    const at = offset(rva);
    return b.toString('latin1', at, b.indexOf(0, at));
  };
  /** Descriptors of `size` bytes from data directory `index`, each naming its DLL at `nameAt`, until an empty one. */
  const names = (index: number, size: number, nameAt: number): string[] => {
    const rva = b.readUInt32LE(dataDirs + index * 8);
    const out: string[] = [];
    if (!rva) return out;
    for (let at = offset(rva); b.readUInt32LE(at + nameAt) !== 0; at += size) out.push(name(b.readUInt32LE(at + nameAt)));
    return out;
  };
  return { imports: names(1, 20, 12), delayed: names(13, 32, 4) };
}
