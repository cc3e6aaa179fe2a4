// `npm run bench [filter]`: runs every test/bench/*.bench.ts in its own process (so one
// benchmark's memory and threads do not colour the next), prints a table, writes results.json.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensureBuilt.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// Benchmarks that start `stratus` measure the compiled build; a stale one would silently run the
// TypeScript source through tsx instead (slower start, more memory).
if (!ensureBuilt()) process.exit(1);
const dir = join(root, 'test', 'bench');
const filter = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
const all = [];
let failures = 0;
for (const f of files) {
  console.log(`--- ${f}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'benchChild.js'), join(dir, f)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('BENCH_RESULTS '));
  if (r.status !== 0 || !line) {
    console.log(r.stdout);
    console.log(`${f}: failed (exit ${r.status})`);
    all.push({ file: f, name: '(run failed)', value: NaN, unit: '', pass: false });
    failures++;
    continue;
  }
  for (const res of JSON.parse(line.slice('BENCH_RESULTS '.length))) all.push({ file: f, ...res });
}

const rows = all.map((r) => [r.file.replace('.bench.ts', ''), r.name, `${r.value} ${r.unit}`, r.target ?? '', r.pass === undefined ? '' : r.pass ? 'ok' : 'MISS', r.detail ?? '']);
const head = ['file', 'benchmark', 'value', 'target', '', 'detail'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const fmt = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd();
console.log(`\n${fmt(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const r of rows) console.log(fmt(r));
writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results: all }, null, 2)}\n`);
console.log(`\nwrote test/bench/results.json (${all.length} results, ${all.filter((r) => r.pass === false).length} missed)`);
process.exit(failures ? 1 : 0);
