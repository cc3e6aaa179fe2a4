/**
 * Layer fences on folders (ARCHITECTURE.md "Layout", STYLE.md "Layers you can see in the folder
 * names"). `no-restricted-imports` only sees the text of a specifier, so `../node/x.js` from a
 * common/ file or `../../../electron/main/app.js` from core/ slipped through. These rules resolve
 * every relative specifier against the importing file's own path and judge the folder it lands in.
 *
 * Why a local rule and not eslint-plugin-boundaries or eslint-plugin-import-x/no-restricted-paths:
 * both resolve a specifier to a file on disk first, and our sources import `./x.js` for `x.ts`
 * (NodeNext), so they need eslint-import-resolver-typescript as well, and an import they cannot
 * resolve (a file being moved, a worker URL, a virtual file in a test) is silently allowed. A fence
 * only needs the folder, which is path arithmetic: no resolver, no extra dependency, nothing that
 * fails open. Bare specifiers (`electron`, `node:fs`) stay with `no-restricted-imports`.
 *
 * Rules (all under the `stratus/` prefix):
 * - `common-is-pure`: core/<area>/common/** imports no core/<area>/node/**, core/engine.ts or
 *   native/** (in any area), so it could run in the renderer.
 * - `core-layers`: a core area imports only from itself and the areas below it in LAYERS.
 * - `core-no-shell`: core/** never imports electron/** or renderer/**.
 * - `renderer-core-common-only`: renderer/** reaches into core/ only through core/<area>/common/**.
 */
import path from 'node:path';

/** Core areas, bottom to top (the areas table in ARCHITECTURE.md). `engine` is core/engine.ts. */
export const LAYERS = ['base', 'config', 'input', 'sim', 'audio', 'speech', 'intent', 'custom', 'copilot', 'turn', 'api', 'engine'];

/** The repository root: this file sits in <root>/eslint-rules/. */
const defaultRoot = path.resolve(import.meta.dirname, '..');

/**
 * Where a repository-relative posix path sits.
 * @param {string} rel e.g. 'core/sim/node/simLink.ts'
 * @returns {{ top: string, area?: string, runtime?: string }}
 *   top: first folder ('core', 'electron', 'renderer', 'test', ...);
 *   for core: area (a LAYERS name or an unknown folder name) and runtime ('common', 'node' or the
 *   folder found there, e.g. 'testing'; core/engine.ts counts as node).
 */
export function classify(rel) {
  const parts = rel.split('/');
  const top = parts[0] ?? '';
  if (top !== 'core' || parts.length < 2) return { top };
  const second = parts[1] ?? '';
  if (parts.length === 2) {
    // A file directly in core/: the composition roots live there (engine.ts, and cli.ts, the
    // command-line host that builds an engine), at the top of the layers.
    const base = second.replace(/\.[cm]?[jt]s$/, '');
    return { top, area: base === 'engine' || base === 'cli' ? 'engine' : base, runtime: 'node' };
  }
  return { top, area: second, runtime: parts.length > 3 ? parts[2] : undefined };
}

function toRel(root, absolute) {
  const rel = path.relative(root, absolute);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** The string a specifier node holds, if it is a plain literal (or a template without holes). */
function literalValue(node) {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  if (node.type === 'TSLiteralType') return literalValue(node.literal);
  return undefined;
}

function isImportMetaUrl(node) {
  return node?.type === 'MemberExpression' && node.object.type === 'MetaProperty'
    && node.object.meta.name === 'import' && node.property.type === 'Identifier' && node.property.name === 'url';
}

/**
 * Calls onSpecifier(node, specifier) for every module reference in a file: static imports and
 * re-exports (type-only included: a type import still ties the layers together), import(),
 * `import x = require()`, require(), `typeof import()` types, and `new URL('./x.js', import.meta.url)`
 * (how worker entry files are named).
 */
function visitSpecifiers(onSpecifier) {
  const check = (node) => {
    const value = literalValue(node);
    if (value !== undefined) onSpecifier(node, value);
  };
  return {
    ImportDeclaration: (node) => check(node.source),
    ExportNamedDeclaration: (node) => check(node.source),
    ExportAllDeclaration: (node) => check(node.source),
    ImportExpression: (node) => check(node.source),
    TSImportType: (node) => check(node.source ?? node.argument),
    TSExternalModuleReference: (node) => check(node.expression),
    CallExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) check(node.arguments[0]);
    },
    NewExpression(node) {
      if (node.callee.type === 'Identifier' && node.callee.name === 'URL' && node.arguments.length === 2 && isImportMetaUrl(node.arguments[1])) check(node.arguments[0]);
    },
  };
}

/**
 * Builds a rule from judge(from, to) → undefined (allowed) or { messageId, data }.
 * from/to are classify() results plus `rel` (the repository-relative path).
 */
function fenceRule({ description, messages, judge }) {
  return {
    meta: {
      type: 'problem',
      docs: { description },
      schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
      messages,
    },
    create(context) {
      const root = context.options[0]?.root ?? defaultRoot;
      const filename = context.physicalFilename ?? context.filename;
      if (!path.isAbsolute(filename)) return {};
      const fromRel = toRel(root, filename);
      if (fromRel === undefined) return {};
      const from = { ...classify(fromRel), rel: fromRel };
      return visitSpecifiers((node, specifier) => {
        let target;
        if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
          target = path.resolve(path.dirname(filename), specifier);
        } else if (specifier.startsWith('file:')) {
          try { target = new URL(specifier).pathname; } catch { return; }
        } else if (path.isAbsolute(specifier)) {
          target = specifier;
        } else {
          return; // a package name: no-restricted-imports judges those
        }
        const toRelPath = toRel(root, target);
        if (toRelPath === undefined) return;
        const verdict = judge(from, { ...classify(toRelPath), rel: toRelPath });
        if (verdict) context.report({ node, messageId: verdict.messageId, data: { from: from.rel, to: toRelPath, specifier, ...verdict.data } });
      });
    },
  };
}

const isCoreNodeSide = (to) => to.top === 'core' && (to.runtime === 'node' || to.area === 'engine');

const commonIsPure = fenceRule({
  description: 'core/<area>/common/** must not import node-side code (core/*/node, core/engine.ts, native/) by any path.',
  messages: {
    nodeSide: "common/ code is pure (it could run in the renderer): '{{specifier}}' reaches {{to}}, which is node-side. Move the shared part to a common/ folder or the importer to node/.",
  },
  judge(from, to) {
    if (from.top !== 'core' || from.runtime !== 'common') return undefined;
    if (isCoreNodeSide(to) || to.top === 'native') return { messageId: 'nodeSide' };
    return undefined;
  },
});

const coreLayers = fenceRule({
  description: 'A core area imports only from itself and the areas below it (ARCHITECTURE.md areas table).',
  messages: {
    upward: "'{{fromArea}}' sits below '{{toArea}}' ({{order}}): '{{specifier}}' reaches up into {{to}}. Move what both need down to '{{fromArea}}' or below.",
    unknownArea: "'{{area}}' is not a core area in ARCHITECTURE.md ({{order}}): add it to the table and to LAYERS in eslint-rules/fences.js, or move {{path}} into an existing area.",
  },
  judge(from, to) {
    if (from.top !== 'core' || to.top !== 'core') return undefined;
    const order = LAYERS.join(' < ');
    for (const side of [from, to]) {
      if (side.area !== undefined && !LAYERS.includes(side.area)) {
        // Reported on the import, once per side that is wrong.
        return { messageId: 'unknownArea', data: { area: side.area, order, path: side.rel } };
      }
    }
    if (from.area === undefined || to.area === undefined) return undefined;
    if (LAYERS.indexOf(to.area) > LAYERS.indexOf(from.area)) {
      return { messageId: 'upward', data: { fromArea: from.area, toArea: to.area, order } };
    }
    return undefined;
  },
});

const coreNoShell = fenceRule({
  description: 'core/** never imports electron/** or renderer/**: the engine runs unchanged in the headless host.',
  messages: {
    shell: "core/ runs in plain Node (headless host) and never imports the shell or the UI: '{{specifier}}' reaches {{to}}.",
  },
  judge(from, to) {
    if (from.top === 'core' && (to.top === 'electron' || to.top === 'renderer')) return { messageId: 'shell' };
    return undefined;
  },
});

const rendererCoreCommonOnly = fenceRule({
  description: 'renderer/** reaches into core/ only through core/<area>/common/**.',
  messages: {
    notCommon: "The renderer may import only core/*/common (it also runs in a plain browser via the headless host): '{{specifier}}' reaches {{to}}.",
  },
  judge(from, to) {
    if (from.top === 'renderer' && to.top === 'core' && to.runtime !== 'common') return { messageId: 'notCommon' };
    return undefined;
  },
});

export default {
  meta: { name: 'stratus-fences' },
  rules: {
    'common-is-pure': commonIsPure,
    'core-layers': coreLayers,
    'core-no-shell': coreNoShell,
    'renderer-core-common-only': rendererCoreCommonOnly,
  },
};
