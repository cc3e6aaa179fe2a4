import type { Intent } from './intents.js';

/**
 * The corpus notation (test/fixtures/corpus/README): `set ap.heading 270`, `swap com1`,
 * `query fuel`, `checklist start approach`, `invalid <reason>`, `llm`. Independent of our types so
 * the corpus stays a neutral test of understanding.
 */
export function toNotation(intent: Intent): string {
  switch (intent.kind) {
    case 'apHeading':
      return `set ap.heading ${intent.headingDegMag}`;
    case 'apAltitude':
      return `set ap.altitude ${intent.altitudeFt}`;
    case 'apSpeed':
      return `set ap.speed ${intent.speedKt}`;
    case 'apVerticalSpeed':
      return `set ap.vs ${intent.verticalSpeedFpm}`;
    case 'apMaster':
      return `set ap.master ${intent.on ? 'on' : 'off'}`;
    case 'apMode':
      return `set ap.mode ${intent.mode}`;
    case 'flaps':
      return `set flaps ${intent.setting}`;
    case 'gear':
      return `set gear ${intent.down ? 'down' : 'up'}`;
    case 'light':
      return `set lights.${intent.light} ${intent.on ? 'on' : 'off'}`;
    case 'radio':
      return `set ${intent.radio}.${intent.slot} ${intent.khz}`;
    case 'radioSwap':
      return `swap ${intent.radio}`;
    case 'transponder':
      return `set xpdr ${String(intent.code).padStart(4, '0')}`;
    case 'altimeter':
      return intent.pressure.unit === 'inHg'
        ? `set altimeter ${intent.pressure.inHg.toFixed(2)}inHg`
        : `set altimeter ${intent.pressure.hPa}hPa`;
    case 'query':
      return `query ${intent.what}`;
    case 'checklistStart':
      return `checklist start ${intent.name}`;
    case 'checklist':
      return `checklist ${intent.action}`;
    case 'callouts':
      return `callouts ${intent.on ? 'on' : 'off'}`;
    case 'repeat':
      return 'repeat';
    case 'cancel':
      return 'cancel';
    case 'affirm':
      return 'affirm';
    case 'negative':
      return 'negative';
    case 'undo':
      return 'undo';
    case 'invalid':
      return `invalid ${intent.reason}`;
    case 'llm':
      return 'llm';
    case 'custom':
      return `custom ${intent.id}${intent.say ? ` ${intent.say}` : ''}`;
  }
}
