// `npm test`: everything CI checks, in order: typecheck, lint, build, unit + integration tests,
// end-to-end tests in Chromium. Runs every step even after a failure so one run shows all
// problems, then ends with "N passed, M failed" over all tests and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');

const steps = [
  { name: 'typecheck', cmd: npm, args: ['run', '-s', 'typecheck'] },
  { name: 'lint', cmd: npm, args: ['run', '-s', 'lint'] },
  { name: 'build', cmd: npm, args: ['run', '-s', 'build'] },
  { name: 'unit + integration', cmd: process.execPath, args: [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(tmp, 'vitest-unit.json')}`], report: join(tmp, 'vitest-unit.json') },
  { name: 'e2e', cmd: process.execPath, args: [vitest, 'run', '-c', 'vitest.e2e.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${join(tmp, 'vitest-e2e.json')}`], report: join(tmp, 'vitest-e2e.json'), needs: 'build' },
];

const only = process.argv.slice(2);
const results = [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  if (step.needs && results.find((r) => r.name === step.needs && !r.ok)) {
    console.log(`\n=== ${step.name}: not run, ${step.needs} failed`);
    results.push({ name: step.name, ok: false });
    continue;
  }
  console.log(`\n=== ${step.name}`);
  if (step.report) rmSync(step.report, { force: true });
  const t0 = Date.now();
  const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const ok = r.status === 0;
  results.push({ name: step.name, ok, seconds: (Date.now() - t0) / 1000 });
  if (step.report && existsSync(step.report)) {
    const rep = JSON.parse(readFileSync(step.report, 'utf8'));
    passed += rep.numPassedTests ?? 0;
    failed += rep.numFailedTests ?? 0;
    skipped += (rep.numPendingTests ?? 0) + (rep.numTodoTests ?? 0);
    if (!ok && (rep.numFailedTests ?? 0) === 0) failed += 1; // a suite that failed to load
  } else if (step.report && !ok) failed += 1;
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.seconds !== undefined ? ` (${r.seconds.toFixed(1)} s)` : ''}`);
const stepFailures = results.filter((r) => !r.ok && !steps.find((s) => s.name === r.name)?.report).length;
console.log(`${passed} passed, ${failed + stepFailures} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
