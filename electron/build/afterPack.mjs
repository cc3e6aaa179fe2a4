// electron-builder afterPack hook (electron-builder.yml `afterPack`), plain JS: electron-builder
// loads it before anything is compiled.
//
// naudiodon compiles at install time and records where its bundled libportaudio.so.2 was, as an
// absolute RUNPATH into the build machine's node_modules (e.g. /home/ci/stratus/node_modules/
// naudiodon/build/Release). On a pilot's PC that folder does not exist: the AppImage, which has no
// package dependencies, then fails to load PortAudio. The library is unpacked right beside the
// add-on (asarUnpack), so the packaged copy's RUNPATH is rewritten to $ORIGIN ("the add-on's own
// folder"), in place: "$ORIGIN" is shorter than any absolute path it replaces, so the string table
// keeps its size and nothing else in the file moves. Checked by electron/build/afterPack.test.ts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SHT_DYNAMIC = 6;
const DT_NULL = 0;
const DT_RPATH = 15;
const DT_RUNPATH = 29;
const ORIGIN = '$ORIGIN';

/**
 * Rewrites an absolute RPATH/RUNPATH of a 64-bit little-endian ELF file to $ORIGIN.
 * @param {string} file
 * @returns {{ before: string, after: string } | null} null when the file has none or it is already relative
 */
export function relocateRunpath(file) {
  const elf = readFileSync(file);
  if (elf.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${file} is not an ELF file`);
  if (elf[4] !== 2 || elf[5] !== 1) throw new Error(`${file}: only 64-bit little-endian ELF is handled`);
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const shentsize = elf.readUInt16LE(0x3a);
  const shnum = elf.readUInt16LE(0x3c);
  const section = (i) => {
    const at = shoff + i * shentsize;
    return { type: elf.readUInt32LE(at + 4), offset: Number(elf.readBigUInt64LE(at + 0x18)), size: Number(elf.readBigUInt64LE(at + 0x20)), link: elf.readUInt32LE(at + 0x28) };
  };
  let result = null;
  for (let i = 0; i < shnum; i++) {
    const dyn = section(i);
    if (dyn.type !== SHT_DYNAMIC) continue;
    const strtab = section(dyn.link);
    for (let at = dyn.offset; at + 16 <= dyn.offset + dyn.size; at += 16) {
      const tag = Number(elf.readBigInt64LE(at));
      if (tag === DT_NULL) break;
      if (tag !== DT_RPATH && tag !== DT_RUNPATH) continue;
      const start = strtab.offset + Number(elf.readBigUInt64LE(at + 8));
      const end = elf.indexOf(0, start);
      const before = elf.toString('utf8', start, end);
      if (!before.split(':').some((p) => p.startsWith('/'))) continue;
      elf.fill(0, start, end);
      elf.write(ORIGIN, start, 'utf8');
      result = { before, after: ORIGIN };
    }
  }
  if (result) writeFileSync(file, elf);
  return result;
}

/** The hook: for Linux packages, the unpacked naudiodon add-on finds libportaudio.so.2 beside itself. */
export default async function afterPack(context) {
  if (context.electronPlatformName !== 'linux') return;
  const addon = join(context.appOutDir, 'resources', 'app.asar.unpacked', 'node_modules', 'naudiodon', 'build', 'Release', 'naudiodon.node');
  if (!existsSync(addon)) throw new Error(`afterPack: ${addon} is missing (asarUnpack should place naudiodon there)`);
  if (!existsSync(join(addon, '..', 'libportaudio.so.2'))) throw new Error('afterPack: libportaudio.so.2 is not beside naudiodon.node');
  const changed = relocateRunpath(addon);
  if (changed) console.log(`  • naudiodon.node RUNPATH ${changed.before} -> ${changed.after}`);
}
