/**
 * Fits POCKETSPHINX_CALIBRATION (core/speech/common/pocketsphinxConfidence.ts) to the spoken test
 * set: a logistic regression from the recogniser's evidence to "the best hypothesis means what was
 * said". Run after the recognition bench filled its cache:
 *
 *   node --import tsx test/bench/calibratePocketsphinx.ts [recognitions-<hash>.json]
 *
 * It prints the weights to paste and how well they separate right from wrong (not a benchmark:
 * the bench measures the product with whatever weights are in the code).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseUtterance } from '../../core/intent/common/parser.js';
import { featuresOf, POCKETSPHINX_CALIBRATION } from '../../core/speech/common/pocketsphinxConfidence.js';
import type { Recognition } from '../../core/speech/common/sttEngine.js';
import { buildSpokenSet, cacheRoot } from '../peers/spokenSet.js';

const file =
  process.argv[2] ??
  readdirSync(cacheRoot())
    .filter((f) => f.startsWith('recognitions-'))
    .map((f) => join(cacheRoot(), f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
if (!file) throw new Error('no recognitions cache: run the recognition bench first');
const cache = JSON.parse(readFileSync(file, 'utf8')) as { heard: Record<string, { recognition: Recognition }> };
const set = await buildSpokenSet();

const rows: Array<{ x: number[]; y: number; id: string }> = [];
for (const clip of set.clips) {
  const h = cache.heard[set.audioHash(clip)];
  if (!h || !h.recognition.text || !h.recognition.evidence) continue; // nothing heard: confidence 0 by rule
  const e = clip.prompt.expected;
  const checklistActive = e.startsWith('checklist ') && !e.startsWith('checklist start');
  const y = e !== 'none' && e !== 'llm' && parseUtterance(h.recognition.text, { checklistActive }).notation === e ? 1 : 0;
  rows.push({ x: featuresOf(h.recognition.evidence), y, id: clip.id });
}
if (rows.length < 50) throw new Error(`only ${rows.length} recognitions with evidence in ${file}`);

// Standardise, fit by Newton's method (small ridge so separable data stays finite), unstandardise.
const k = rows[0]!.x.length;
const mean = Array.from({ length: k }, (_, j) => rows.reduce((s, r) => s + r.x[j]!, 0) / rows.length);
const sd = Array.from({ length: k }, (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r.x[j]! - mean[j]!) ** 2, 0) / rows.length) || 1);
const z = rows.map((r) => [1, ...r.x.map((v, j) => (v - mean[j]!) / sd[j]!)]);
let w = new Array<number>(k + 1).fill(0);
const sigma = (t: number): number => 1 / (1 + Math.exp(-t));
for (let iter = 0; iter < 50; iter++) {
  const g = new Array<number>(k + 1).fill(0);
  const H = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
  z.forEach((xi, i) => {
    const p = sigma(xi.reduce((s, v, j) => s + v * w[j]!, 0));
    for (let a = 0; a <= k; a++) {
      g[a]! += (p - rows[i]!.y) * xi[a]!;
      for (let b = 0; b <= k; b++) H[a]![b]! += p * (1 - p) * xi[a]! * xi[b]!;
    }
  });
  for (let a = 1; a <= k; a++) {
    g[a]! += 0.1 * w[a]!;
    H[a]![a]! += 0.1;
  }
  w = w.map((v, j) => v - solve(H, g)[j]!);
}
const weights = w.slice(1).map((v, j) => v / sd[j]!);
const bias = w[0]! - weights.reduce((s, v, j) => s + v * mean[j]!, 0);

const scored = rows.map((r) => ({ ...r, p: sigma(bias + r.x.reduce((s, v, j) => s + v * weights[j]!, 0)) }));
const positives = scored.filter((r) => r.y === 1).length;
console.log(`${file}: ${rows.length} recognitions with text, ${positives} meant what was said`);
console.log(`features: ${POCKETSPHINX_CALIBRATION.features.join(', ')}`);
console.log(`bias: ${bias.toFixed(4)}, weights: [${weights.map((v) => v.toFixed(4)).join(', ')}]`);
for (const t of [0.2, 0.35, 0.5, 0.7, 0.85, 0.95]) {
  const accepted = scored.filter((r) => r.p >= t);
  const wrong = accepted.filter((r) => r.y === 0).length;
  console.log(`  p >= ${t}: accepts ${accepted.length - wrong}/${positives} right, ${wrong}/${rows.length - positives} wrong`);
}

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}
