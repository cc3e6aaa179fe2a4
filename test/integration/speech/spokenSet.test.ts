import { describe, expect, it } from 'vitest';
import { parseUtterance } from '../../../core/intent/common/parser.js';
import { classify, rates, type Scored, type TurnObservation } from '../../peers/spokenScore.js';
import { clipsOf, mixAtSnr, missingTools, NOISY, readManifest, renderClip, renderContext, setHash, snrDb, VOICES, type Clip } from '../../peers/spokenSet.js';

const { text: manifestText, prompts } = readManifest();
const clips = clipsOf(prompts);
const byId = (id: string): Clip => clips.find((c) => c.id === id)!;

describe('the spoken test set manifest', () => {
  it('has at least 300 clips with unique ids, every category, voice and noise', () => {
    expect(clips.length).toBeGreaterThanOrEqual(300);
    expect(new Set(clips.map((c) => c.id)).size).toBe(clips.length);
    expect(new Set(prompts.map((p) => p.category))).toEqual(new Set(['command', 'query', 'control', 'invalid', 'free', 'noise']));
    for (const v of VOICES) for (const c of NOISY) expect(clips.some((k) => k.voice === v && k.condition === c), `${v.voice} ${c.name}`).toBe(true);
  });

  it('covers every kind of write', () => {
    const targets = new Set(prompts.flatMap((p) => p.expected.split(';').map((e) => e.trim().split(' ').slice(0, 2).join(' '))));
    for (const t of ['set ap.heading', 'set ap.altitude', 'set ap.speed', 'set ap.vs', 'set ap.master', 'set ap.mode', 'set flaps', 'set gear', 'set lights.landing', 'set com1.active', 'set com1.standby', 'set com2.active', 'set nav1.active', 'swap com1', 'swap nav1', 'set xpdr', 'set altimeter']) {
      expect(targets, t).toContain(t);
    }
    expect(prompts.map((p) => p.expected)).toContain('set xpdr 7700');
  });

  it('says what it expects: typed, each spoken prompt parses to its notation', () => {
    const wrong = prompts
      .filter((p) => p.category !== 'noise')
      .map((p) => ({ p, got: parseUtterance(p.text, { checklistActive: /^checklist (confirm|next|repeat|stop|skip)/.test(p.expected) }).notation }))
      .filter(({ p, got }) => got !== p.expected)
      .map(({ p, got }) => `${p.id}: "${p.text}" -> ${got}, manifest says ${p.expected}`);
    expect(wrong).toEqual([]);
  });

  it('keys the audio by the manifest text', () => {
    expect(setHash(manifestText)).toBe(setHash(manifestText));
    expect(setHash(`${manifestText}x\tx\tllm\n`)).not.toBe(setHash(manifestText));
  });
});

const tools = missingTools();
if (tools) console.warn(`skipping spoken set audio checks: needs ${tools}`);

describe.skipIf(tools !== '')('the spoken test set audio', () => {
  const clean = byId('sqk-7700/en-us+f2@140/clean');
  const noisy = clips.find((c) => c.prompt.id === 'sqk-7700' && c.condition.snrDb === 5) ?? clips.find((c) => c.condition.snrDb === 5 && c.voice)!;
  const cough = byId('noise-cough/-/clean');

  it('is deterministic: the same clip renders to the same bytes from scratch', async () => {
    const a = renderContext();
    const b = renderContext();
    for (const clip of [clean, noisy, cough]) {
      const [x, y] = [await renderClip(clip, a), await renderClip(clip, b)];
      expect(x.length, clip.id).toBeGreaterThan(8000);
      expect(Buffer.from(x.buffer).equals(Buffer.from(y.buffer)), clip.id).toBe(true);
    }
  });

  it('mixes noise at the requested SNR within 1 dB', async () => {
    const ctx = renderContext();
    const words = await ctx.speak('heading two seven zero', VOICES[0]);
    for (const bed of ['pink', 'brown', 'hum'] as const) {
      for (const target of [10, 5]) {
        const { mix, signal } = mixAtSnr(words, (await ctx.bed(bed)).subarray(1000), target);
        const added = Float64Array.from(mix, (v, i) => v - signal[i]!);
        expect(Math.abs(snrDb(signal, added) - target), `${bed} ${target} dB`).toBeLessThan(1);
      }
    }
    // And in a rendered clip: what the noisy clip adds to the clean words of the same voice.
    const c = byId(noisy.id.replace(/\/[^/]+$/, '/clean'));
    const [dry, wet] = [await renderClip(c, ctx), await renderClip(noisy, ctx)];
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < dry.length; i++) {
      dot += dry[i]! * wet[i]!;
      norm += dry[i]! * dry[i]!;
    }
    const scale = dot / norm; // 1 unless the mix was scaled down to avoid clipping
    const speech = Float64Array.from(dry, (v) => v * scale);
    expect(Math.abs(snrDb(speech, Float64Array.from(wet, (v, i) => v - speech[i]!)) - noisy.condition.snrDb!)).toBeLessThan(1);
  });
});

describe('scoring a clip', () => {
  const obs = (o: Partial<TurnObservation>): TurnObservation => ({ applied: [], asked: false, intent: null, status: 'not-understood', ...o });

  it('classifies hand-made outcomes', () => {
    const cases: Array<[string, TurnObservation, string]> = [
      ['set ap.heading 270', obs({ applied: ['set ap.heading 270'], intent: 'set ap.heading 270', status: 'applied' }), 'correct'],
      ['set ap.heading 360', obs({ applied: ['set ap.heading 0'], status: 'applied' }), 'correct'],
      ['set ap.heading 270', obs({ applied: ['set ap.heading 250'], status: 'applied' }), 'false-accept'],
      ['set gear down', obs({ asked: true, intent: 'set gear down', status: 'control' }), 'asked'],
      ['set gear down', obs({ intent: 'set gear down', status: 'not-understood' }), 'rejected'],
      ['query fuel', obs({ intent: 'query fuel', status: 'answered' }), 'correct'],
      ['query fuel', obs({ intent: 'query wind', status: 'answered' }), 'false-accept'],
      ['checklist start approach', obs({ intent: 'checklist start approach', status: 'control' }), 'correct'],
      ['invalid squawk digits are 0 to 7', obs({ intent: 'invalid squawk digits are 0 to 7', status: 'refused' }), 'correct'],
      ['set xpdr 7700', obs({ intent: 'invalid squawk digits are 0 to 7', status: 'refused' }), 'rejected'],
      ['set gear down; set flaps full', obs({ applied: ['set gear down'], status: 'applied' }), 'rejected'],
      ['set gear down; set flaps full', obs({ applied: ['set gear down', 'set flaps full'], status: 'applied' }), 'correct'],
      // Noise and free speech: any write, answer or control is a false accept.
      ['none', obs({ applied: ['set gear up'], intent: 'set gear up', status: 'applied' }), 'false-accept'],
      ['none', obs({ intent: 'cancel', status: 'control' }), 'false-accept'],
      ['none', obs({ intent: 'query fuel', status: 'answered' }), 'false-accept'],
      ['none', obs({ intent: 'set gear up', asked: true, status: 'control' }), 'asked'],
      ['none', obs({ intent: '', status: 'not-understood' }), 'rejected'],
      ['llm', obs({ applied: ['set ap.speed 200'], status: 'applied' }), 'false-accept'],
      ['llm', obs({ intent: 'llm', status: 'not-understood' }), 'llm'],
      ['set flaps 15', obs({ intent: 'llm', status: 'not-understood' }), 'llm'],
    ];
    expect(cases.map(([expected, o]) => classify(expected, o))).toEqual(cases.map(([, , v]) => v));
  });

  it('rates: accuracy and false rejects over in-grammar clips, false accepts over all', () => {
    const s = (category: Scored['category'], verdict: Scored['verdict']): Scored => ({ id: '', category, voice: 'v', condition: 'clean', verdict });
    const r = rates([s('command', 'correct'), s('command', 'rejected'), s('query', 'asked'), s('control', 'correct'), s('noise', 'false-accept'), s('free', 'llm'), s('noise', 'rejected'), s('free', 'rejected')]);
    expect(r.accuracy).toBe(0.5);
    expect(r.falseRejectRate).toBe(0.25);
    expect(r.askedRate).toBe(0.25);
    expect(r.falseAcceptRate).toBe(1 / 8);
    expect(r.oogFalseAcceptRate).toBe(1 / 4);
  });
});
