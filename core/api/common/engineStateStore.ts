import type { SimConnection } from '../../sim/common/adapter.js';
import type { SimState } from '../../sim/common/simState.js';
import { contractVersion, type EngineEvent, type EngineState, type EngineStatus, type PipelineStage, type Warning } from './contract.js';
import { toTelemetry } from './telemetry.js';

type Engines = EngineState['engines'];

/**
 * Holds the engine's published state and tells listeners when it changes. Pure: the engine
 * feeds it sim states, stages, statuses and warnings.
 */
export class EngineStateStore {
  private current: EngineState;
  private readonly listeners = new Set<(s: EngineState) => void>();

  constructor(version: string, ui: EngineState['ui'], ptt: EngineState['ptt']) {
    const none: EngineStatus = { state: 'loading', detail: 'starting' };
    this.current = {
      contractVersion,
      version,
      sim: { kind: 'demo', phase: 'searching', detail: 'starting', aircraft: '', packets: { received: 0, dropped: 0 } },
      telemetry: {
        simTimeS: 0, altitudeFt: 0, altitudeAglFt: 0, iasKt: 0, groundSpeedKt: 0, headingDegMag: 0, verticalSpeedFpm: 0,
        latDeg: 0, lonDeg: 0, flapsIndex: 0, flapsRatio: 0, gearDown: true, onGround: true, fuelKg: 0, apMaster: false,
        apHeadingDegMag: 0, apAltitudeFt: 0, apSpeedKt: 0, apVerticalSpeedFpm: 0, apModes: [], com1ActiveKhz: 0,
        com1StandbyKhz: 0, xpdrCode: 0,
      },
      ptt,
      stage: 'idle',
      levelDb: -100,
      engines: { audio: none, vad: none, stt: none, tts: none, llm: none },
      warnings: [],
      ui,
      trust: { confirmation: null, undo: null },
    };
  }

  get state(): EngineState {
    return this.current;
  }

  on(listener: (s: EngineState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<EngineState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of [...this.listeners]) l(this.current);
  }

  sim(state: SimState, conn: SimConnection, packets: { received: number; dropped: number }): void {
    this.set({
      telemetry: toTelemetry(state),
      sim: { ...conn, aircraft: state.aircraftTitle, packets },
    });
  }

  stage(stage: PipelineStage): void {
    if (stage !== this.current.stage) this.set({ stage });
  }

  ptt(ptt: EngineState['ptt']): void {
    this.set({ ptt });
  }

  level(levelDb: number): void {
    this.set({ levelDb });
  }

  engines(patch: Partial<Engines>): void {
    this.set({ engines: { ...this.current.engines, ...patch } });
  }

  ui(ui: EngineState['ui']): void {
    this.set({ ui });
  }

  /** Follows the turn runner's confirmation and undo events into `trust` (other events are ignored). */
  trustEvent(e: EngineEvent): void {
    const trust = this.current.trust ?? { confirmation: null, undo: null };
    switch (e.type) {
      case 'confirmationPending':
        this.set({ trust: { ...trust, confirmation: { turnId: e.turnId, notation: e.notation, question: e.question, expiresAt: e.expiresAt } } });
        break;
      case 'confirmationResolved':
        if (trust.confirmation?.turnId === e.turnId) this.set({ trust: { ...trust, confirmation: null } });
        break;
      case 'undoAvailable':
        this.set({ trust: { ...trust, undo: { turnId: e.turnId, notation: e.notation, readback: e.readback, until: e.until } } });
        break;
      case 'undone':
        if (trust.undo?.turnId === e.turnId) this.set({ trust: { ...trust, undo: null } });
        break;
      default:
        break;
    }
  }

  /** Adds or replaces a warning by id. */
  warn(w: Warning): void {
    this.set({ warnings: [...this.current.warnings.filter((x) => x.id !== w.id), w] });
  }

  clearWarning(id: string): void {
    if (this.current.warnings.some((w) => w.id === id)) this.set({ warnings: this.current.warnings.filter((w) => w.id !== id) });
  }
}
