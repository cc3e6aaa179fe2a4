import type { SimAdapter, SimKind } from '../../sim/common/adapter.js';
import { splitKeyCombo, type CustomSimStep, type CustomStep, type CustomTarget, type KeyModifier } from '../../sim/common/customWrite.js';
import type { SimAction, WriteOutcome } from '../../sim/common/simAction.js';

/** Presses a key combination on the pilot's machine; resolves with a reason when it cannot. */
export interface KeyPresser {
  press(key: string, modifiers: readonly KeyModifier[]): Promise<string | undefined>;
}

/** The headless host has no way to press keys in the game (and must not): it says so. */
export const noKeyPresser: KeyPresser = {
  press: () => Promise.resolve('key presses need the desktop app'),
};

/** Whose steps a sim kind runs (both X-Plane links write the same datarefs and commands). */
export function customTargetOf(kind: SimKind): CustomTarget | undefined {
  switch (kind) {
    case 'xplane':
    case 'xplane-web':
      return 'xplane';
    case 'msfs':
      return 'msfs';
    case 'flightgear':
      return 'flightgear';
    case 'demo':
      return 'demo';
    case 'replay':
      return undefined;
  }
}

const SIM_NAMES: Readonly<Record<SimKind, string>> = { demo: 'the demo sim', replay: 'a replay', xplane: 'X-Plane', 'xplane-web': 'X-Plane', flightgear: 'FlightGear', msfs: 'MSFS' };

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs a `custom` SimAction: keeps the connected sim's steps and the `any` steps, sends runs of
 * sim writes to the adapter, presses keys through the host and waits between them. Every other
 * action passes straight to the adapter. Stops at the first step that fails, with its reason.
 */
export async function runCustomAction(action: Extract<SimAction, { type: 'custom' }>, adapter: SimAdapter, keys: KeyPresser, signal?: AbortSignal): Promise<WriteOutcome> {
  const started = performance.now();
  const target = customTargetOf(adapter.kind);
  const steps: CustomStep[] = [...(target ? (action.actions[target] ?? []) : []), ...(action.actions.any ?? [])];
  const refused = (reason: string): WriteOutcome => ({ status: 'refused', action, reason });
  if (steps.length === 0) return refused(`this command has nothing to do on ${SIM_NAMES[adapter.kind]}`);
  let batch: CustomSimStep[] = [];
  const flush = async (): Promise<WriteOutcome | undefined> => {
    if (batch.length === 0 || !target) return undefined;
    const out = await adapter.write({ type: 'custom', id: action.id, actions: { [target]: batch } }, signal);
    batch = [];
    return out.status === 'applied' ? undefined : out;
  };
  for (const step of steps) {
    if (signal?.aborted) return refused('cancelled');
    if ('key' in step || 'wait' in step) {
      const failed = await flush();
      if (failed) return failed;
      if ('wait' in step) await sleep(step.wait, signal);
      else {
        const { key, modifiers } = splitKeyCombo(step.key);
        const reason = await keys.press(key, modifiers);
        if (reason !== undefined) return refused(reason);
      }
    } else batch.push(step);
  }
  const failed = await flush();
  return failed ?? { status: 'applied', action, latencyMs: performance.now() - started };
}

/** The adapter as the turn runner sees it: custom actions go through runCustomAction, the rest unchanged. */
export function withCustomRunner(adapter: SimAdapter, keys: () => KeyPresser): SimAdapter {
  return new Proxy(adapter, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return (action: SimAction, signal?: AbortSignal): Promise<WriteOutcome> =>
          action.type === 'custom' ? runCustomAction(action, target, keys(), signal) : target.write(action, signal);
      }
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
