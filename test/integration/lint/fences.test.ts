import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer fences of eslint.config.js (eslint-rules/fences.js, no-restricted-globals,
 * no-restricted-imports), run through ESLint's Node API on wrong snippets at virtual paths.
 * The files do not exist, so the typed-lint project service is switched off for these calls
 * (it only knows files on disk); the fences are syntactic and do not need it.
 */

const root = resolve(import.meta.dirname, '../../..');
/** Rules that police layers; other findings in the snippets (unused imports…) are not this test's business. */
const FENCE_RULES = /^(stratus\/.*|no-restricted-globals|no-restricted-imports)$/;

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({
    cwd: root,
    overrideConfig: [{ files: ['**/*.ts', '**/*.svelte'], ...tseslint.configs.disableTypeChecked }],
  });
});

/** The fence findings for code placed at a repository path, as 'rule:messageId'. */
async function fences(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  if (!result) throw new Error(`no lint result for ${path}`);
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, `${path} should parse`).toEqual([]);
  return result.messages
    .filter((m) => m.ruleId !== null && FENCE_RULES.test(m.ruleId))
    .map((m) => `${m.ruleId}:${m.messageId ?? ''}`);
}

describe('fences on folders: the cases from the issue', () => {
  it('common code importing a node/ file by a relative path', async () => {
    expect(await fences('core/sim/common/x.ts', "import { createSimLink } from '../node/simLink.js';\nexport const link = createSimLink;\n"))
      .toEqual(['stratus/common-is-pure:nodeSide']);
  });

  it('common code using Node globals, bare or through globalThis', async () => {
    const code = "export const bytes = Buffer.from('x');\nexport const env = globalThis.process.env;\nexport const later = (f: () => void) => setImmediate(f);\n";
    expect(await fences('core/speech/common/y.ts', code)).toEqual([
      'no-restricted-globals:customMessage',
      'no-restricted-globals:customMessage',
      'no-restricted-globals:customMessage',
    ]);
  });

  it('core importing electron/ by a relative path', async () => {
    expect(await fences('core/sim/node/z.ts', "import { startApp } from '../../../electron/main/app.js';\nexport const start = startApp;\n"))
      .toEqual(['stratus/core-no-shell:shell']);
  });

  it('a lower area importing a higher one', async () => {
    expect(await fences('core/sim/node/w.ts', "import { runTurn } from '../../turn/common/turnPipeline.js';\nexport const run = runTurn;\n"))
      .toEqual(['stratus/core-layers:upward']);
  });

  it('the renderer importing core/*/node by a relative path', async () => {
    expect(await fences('renderer/lib/v.ts', "import { createSimLink } from '../../core/sim/node/simLink.js';\nexport const link = createSimLink;\n"))
      .toEqual(['stratus/renderer-core-common-only:notCommon']);
  });
});

describe('fences on folders: every way of naming a module', () => {
  it('type-only imports, re-exports, import(), worker URLs and import types all count', async () => {
    const code = [
      "import type { Turn } from '../../turn/common/turnRunner.js';",
      "export { createCopilot } from '../../copilot/node/copilot.js';",
      "export * from '../../api/common/contract.js';",
      "export const load = () => import('../../intent/common/parser.js');",
      "export const worker = new URL('../../speech/node/whisperWorker.js', import.meta.url);",
      "export type Engine = typeof import('../../engine.js');",
      'export type T = Turn;',
    ].join('\n');
    expect(await fences('core/sim/node/many.ts', code)).toEqual(Array(6).fill('stratus/core-layers:upward'));
  });

  it('common code reaching node/ in another, lower area', async () => {
    expect(await fences('core/intent/common/q.ts', "export * from '../../sim/node/simLink.js';\n")).toEqual(['stratus/common-is-pure:nodeSide']);
  });

  it('a core folder that is not an area in ARCHITECTURE.md', async () => {
    expect(await fences('core/plugins/node/p.ts', "export * from '../../base/common/emitter.js';\n")).toEqual(['stratus/core-layers:unknownArea']);
  });

  it('a Svelte component importing core/*/node', async () => {
    const code = "<script lang=\"ts\">\n  import { createSimLink } from '../../../core/sim/node/simLink.js';\n  const link = createSimLink;\n</script>\n<p>{String(link)}</p>\n";
    expect(await fences('renderer/src/overlay/Leak.svelte', code)).toEqual(['stratus/renderer-core-common-only:notCommon']);
  });
});

describe('fences on folders: what stays allowed', () => {
  it('node/ code importing its own common/, lower areas and Node built-ins', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import { createEmitter } from '../../base/common/emitter.js';",
      "import { configSchema } from '../../config/common/configSchema.js';",
      "import { parseTranscript } from '../../intent/common/parser.js';",
      "import { sttLabel } from '../common/sttEngine.js';",
      'export const all = [readFileSync, createEmitter, configSchema, parseTranscript, sttLabel];',
    ].join('\n');
    expect(await fences('core/copilot/node/ok.ts', code)).toEqual([]);
  });

  it('common code importing common code of its own and lower areas', async () => {
    const code = "import { createEmitter } from '../../base/common/emitter.js';\nimport { a } from './other.js';\nexport const all = [createEmitter, a];\n";
    expect(await fences('core/speech/common/ok.ts', code)).toEqual([]);
  });

  it('the composition root importing every area', async () => {
    const code = "import { createTurnRunner } from './turn/common/turnRunner.js';\nimport { startHeadless } from './api/node/headlessServer.js';\nexport const all = [createTurnRunner, startHeadless];\n";
    expect(await fences('core/engine.ts', code)).toEqual([]);
  });

  it('the renderer importing the contract from core/api/common', async () => {
    expect(await fences('renderer/lib/ok.ts', "import { engineStateSchema } from '../../core/api/common/contract.js';\nexport const s = engineStateSchema;\n")).toEqual([]);
  });

  it('tests and electron/ importing node-side core code', async () => {
    expect(await fences('test/integration/sim/ok.test.ts', "export * from '../../../core/sim/node/simLink.js';\n")).toEqual([]);
    expect(await fences('electron/main/ok.ts', "export * from '../../core/engine.js';\n")).toEqual([]);
  });
});
