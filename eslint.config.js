import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import fences from './eslint-rules/fences.js';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'net', 'dgram', 'http', 'https', 'child_process', 'worker_threads', 'crypto', 'stream', 'url', 'events', 'util', 'zlib', 'readline', 'buffer', 'process', 'timers', 'perf_hooks', 'fs/promises'];

/** Layer fences (STYLE.md) on package names; fences on folders (relative paths) are eslint-rules/fences.js. */
const noElectron = { regex: '^electron(/.*)?$', message: 'Only electron/ may import electron.' };
const noNode = { group: nodeBuiltins, message: 'common/ code is pure: no Node built-ins (put it in node/).' };
/** Node-only globals: common/ code must run in the renderer too (globalThis.process etc. included). */
const commonNoNodeGlobals = ['Buffer', 'process', '__dirname', '__filename', 'setImmediate', 'clearImmediate', 'global', 'require']
  .map((name) => ({ name, message: 'common/ code is pure (it could run in the renderer): no Node globals (put it in node/, or pass it in).' }));

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test/e2e/artifacts/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', 'scripts/*.js', 'bin/*.js'] }, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.svelte'] },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, projectService: true, extraFileExtensions: ['.svelte'] },
      globals: { ...globals.browser },
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // CommonJS files (preloads given to node --require) load with require().
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Fences.
  { files: ['core/**', 'native/**', 'test/**', 'scripts/**'], rules: { 'no-restricted-imports': ['error', { patterns: [noElectron] }] } },
  { files: ['core/*/common/**', 'core/api/common/**'], rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNode] }] } },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, noNode] }] },
  },
  // Fences on folders: relative specifiers resolved against the file's path (eslint-rules/fences.js).
  { plugins: { stratus: fences } },
  { files: ['core/**'], rules: { 'stratus/core-layers': 'error', 'stratus/core-no-shell': 'error' } },
  {
    files: ['core/*/common/**'],
    rules: {
      'stratus/common-is-pure': 'error',
      'no-restricted-globals': ['error', { globals: commonNoNodeGlobals, checkGlobalObject: true }],
    },
  },
  { files: ['renderer/**'], rules: { 'stratus/renderer-core-common-only': 'error' } },
  {
    files: ['electron/**'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'ipcMain/ipcRenderer only in electron/main/ipc.ts and electron/preload/index.ts.' }],
      }],
    },
  },
);
