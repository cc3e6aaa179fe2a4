import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';

/** electron-builder.yml as the packaging tests read it, and electron-builder's own file filter. */
export const root = join(import.meta.dirname, '..', '..');
export type PlatformKey = 'win' | 'linux' | 'mac';
export interface PlatformConfig {
  files?: string[];
  target: { target: string; arch: string[] }[];
  entitlements?: string;
  entitlementsInherit?: string;
  hardenedRuntime?: boolean;
  notarize?: boolean;
  extendInfo?: Record<string, unknown>;
}
export type BuilderConfig = Record<string, unknown> & Record<PlatformKey, PlatformConfig> & { files: string[] };

export function builderConfig(): BuilderConfig {
  return parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
}

/** electron-builder's own tools, from its library as installed (the versions the packaging uses). */
export const builderRequire = createRequire(join(root, 'node_modules/app-builder-lib/package.json'));

/**
 * electron-builder's file filter (app-builder-lib/out/util/filter.js): patterns in order, the last
 * that applies wins. Production node_modules are always included first (its docs: "package.json and
 * node_modules are added to your custom patterns in any case"); `!node_modules/...` then removes.
 */
export function shipped(patterns: string[], file: string): boolean {
  const { Minimatch } = builderRequire('minimatch') as { Minimatch: new (p: string, o: object) => { negate: boolean; match(p: string): boolean } };
  let match = false;
  for (const p of patterns.map((g) => new Minimatch(g, { dot: true }))) {
    if (match !== p.negate) continue;
    match = p.match(file);
  }
  return match;
}

/** The top-level `files` and then the platform's own, as electron-builder merges them. */
export function platformPatterns(config: BuilderConfig, key: PlatformKey): string[] {
  return ['node_modules/**', ...config.files, ...(config[key].files ?? [])];
}
