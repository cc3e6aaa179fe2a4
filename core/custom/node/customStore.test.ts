import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DEBIAN_CMUDICT_PATH } from '../../intent/node/cmuDict.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseUtterance } from '../../intent/common/parser.js';
import { CustomCommandStore, defaultCustomDir } from './customStore.js';

const haveDict = existsSync(DEBIAN_CMUDICT_PATH);
if (!haveDict) console.warn(`skipping the pocketsphinx dictionary check: ${DEBIAN_CMUDICT_PATH} is missing (apt-get install pocketsphinx-en-us)`);
const dir = mkdtempSync(join(tmpdir(), 'stratus-custom-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (text?: string): { file: string; store: CustomCommandStore } => {
  const file = join(dir, `c${n++}.yaml`);
  if (text !== undefined) writeFileSync(file, text);
  return { file, store: new CustomCommandStore(file) };
};
const WIPERS = { id: 'wipers', phrase: 'wipers {s}', choices: { s: { on: 1, off: 0 } }, actions: { xplane: [{ dataref: 'sim/cockpit2/switches/wiper_speed', value: '{s}' }] } };

describe('the custom commands store', () => {
  it('loads the shipped examples: landing lights, parking brake and pause for every sim', async () => {
    const { store } = fresh();
    expect(await store.load()).toEqual([]);
    const shipped = store.listing().commands.filter((c) => c.source === 'shipped').map((c) => c.command);
    expect(shipped.map((c) => c.id)).toEqual(expect.arrayContaining(['all-landing-lights', 'parking-brake', 'pause']));
    for (const c of shipped) for (const sim of ['xplane', 'msfs', 'flightgear'] as const) expect(c.actions[sim], `${c.id} ${sim}`).toBeDefined();
    // The demo aircraft has no parking brake: that example must not pretend to set one there.
    for (const c of shipped) expect(c.actions.demo === undefined, c.id).toBe(c.id === 'parking-brake');
    expect(store.listing().problems).toEqual([]);
    expect(defaultCustomDir()).toMatch(/assets[/\\]custom-commands$/);
  });

  it('keeps a file that does not parse as it is, says why, and refuses to write over it', async () => {
    const broken = 'version: 1\ncommands:\n  - id: wipers\n    phrase: [unclosed\n';
    const { file, store } = fresh(broken);
    const warnings = await store.load();
    expect(warnings.join('\n')).toMatch(/not YAML or JSON|are not used/);
    expect(store.listing().problems[0]).toMatchObject({ id: '*', source: 'file' });
    const put = await store.put(WIPERS);
    expect(put.ok).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    // The shipped examples still work meanwhile.
    expect(parseUtterance('pause the sim', {}, store.grammar()).intent.kind).toBe('custom');
  });

  it('leaves out a bad command with its reason and keeps the good ones (the file is untouched)', async () => {
    const text = JSON.stringify({ version: 1, commands: [WIPERS, { id: 'clash', phrase: 'gear up', actions: { any: [{ key: 'g' }] } }] });
    const { file, store } = fresh(text);
    const warnings = await store.load();
    expect(warnings).toEqual([expect.stringMatching(/custom command clash is not used: "gear up" is already the built-in command/)]);
    expect(store.listing().commands.map((c) => c.command.id)).toContain('wipers');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('saves only a whole valid set; an import is all or nothing; a user id replaces a shipped one', async () => {
    const { file, store } = fresh();
    await store.load();
    const changes: number[] = [];
    store.onChange(() => changes.push(1));
    expect(await store.put(WIPERS)).toEqual({ ok: true });
    expect(changes).toHaveLength(1);
    const bad = await store.importText(JSON.stringify({ version: 1, commands: [{ ...WIPERS, id: 'w2', phrase: 'rain wipers {s}' }, { id: 'x', phrase: 'flaps up', actions: { any: [{ key: 'f' }] } }] }));
    expect(bad.ok).toBe(false);
    expect(store.userCommands().map((c) => c.id)).toEqual(['wipers']);
    expect(changes).toHaveLength(1);
    expect(await store.put({ id: 'pause', phrase: 'hold the sim', actions: { demo: [{ demo: 'paused', value: true }] } })).toEqual({ ok: true });
    expect(parseUtterance('pause the sim', {}, store.grammar()).intent.kind).toBe('llm');
    expect(parseUtterance('hold the sim', {}, store.grammar()).intent).toMatchObject({ kind: 'custom', id: 'pause' });
    const reread = new CustomCommandStore(file);
    await reread.load();
    expect(reread.userCommands().map((c) => c.id)).toEqual(['wipers', 'pause']);
    const shippedDelete = await store.remove('parking-brake');
    expect(shippedDelete.ok).toBe(false);
    expect(shippedDelete.ok ? '' : shippedDelete.problems[0]?.reason).toMatch(/shipped example cannot be deleted/);
    expect(await store.remove('pause')).toEqual({ ok: true });
    expect(parseUtterance('pause the sim', {}, store.grammar()).intent.kind).toBe('custom');
  });

  it.skipIf(!haveDict)('warns (without refusing) about words pocketsphinx cannot hear', async () => {
    const { store } = fresh(JSON.stringify({ version: 1, commands: [{ id: 'unpause', phrase: 'unpause the sim', actions: { demo: [{ demo: 'paused', value: false }] } }] }));
    await store.load();
    await store.loadDictionary();
    const warnings = store.listing().warnings;
    expect(warnings.map((w) => w.id)).toEqual(['unpause']);
    expect(warnings[0]?.reason).toMatch(/pocketsphinx cannot hear "unpause"/);
    expect(store.isKnownWord('unpause')).toBe(false);
    expect(store.listing().commands.map((c) => c.command.id)).toContain('unpause');
  });

  it('exports a file that imports again to the same commands', async () => {
    const a = fresh();
    await a.store.load();
    await a.store.put(WIPERS);
    const b = fresh();
    await b.store.load();
    expect(await b.store.importText(a.store.exportText())).toMatchObject({ ok: true, added: 1 });
    expect(b.store.userCommands()).toEqual(a.store.userCommands());
  });
});
