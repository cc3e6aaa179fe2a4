import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** WCAG 2 AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

export interface ContrastFailure {
  target: string;
  text: string;
  summary: string;
}

/**
 * Puts the transparent overlay over a solid scene colour (white is the hard case: a bright sky,
 * snow, a cloud) and runs axe-core's color-contrast rule over the page; the failures, if any.
 */
export async function contrastFailures(page: Page, sceneColour: string): Promise<ContrastFailure[]> {
  await page.evaluate((c) => {
    document.documentElement.style.background = c;
    document.body.style.background = c;
  }, sceneColour);
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  // Transitions finished: axe measures what is on screen, not a fade half-way.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { nodes: { target: string[]; html: string; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => ({ target: n.target.join(' '), text: n.html.slice(0, 120), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200) })));
  });
}

/**
 * axe does not check placeholders: the ratio of the text field's placeholder colour over the
 * field's background composited over the scene (alpha included), by the WCAG formula.
 */
export async function placeholderContrast(page: Page, selector: string, sceneColour: string): Promise<number> {
  return page.evaluate(
    ({ selector, sceneColour }) => {
      const parse = (c: string): number[] => {
        const probe = document.createElement('canvas').getContext('2d')!;
        probe.fillStyle = '#000';
        probe.fillStyle = c;
        probe.fillRect(0, 0, 1, 1);
        return Array.from(probe.getImageData(0, 0, 1, 1).data);
      };
      const over = (top: number[], bottom: number[]): number[] => {
        const a = top[3]! / 255;
        return [0, 1, 2].map((i) => top[i]! * a + bottom[i]! * (1 - a)).concat(255);
      };
      const lum = (c: number[]): number => {
        const [r, g, b] = c.slice(0, 3).map((v) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
      };
      const input = document.querySelector(selector)!;
      // Every ancestor's background, innermost last, over the scene.
      const layers: number[][] = [];
      for (let el: Element | null = input; el; el = el.parentElement) layers.unshift(parse(getComputedStyle(el).backgroundColor));
      let bg = parse(sceneColour);
      for (const layer of layers) bg = over(layer, bg);
      const ph = getComputedStyle(input, '::placeholder');
      const fgRaw = parse(ph.color);
      const fg = over([fgRaw[0]!, fgRaw[1]!, fgRaw[2]!, fgRaw[3]! * Number(ph.opacity || '1')], bg);
      const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      return (l1! + 0.05) / (l2! + 0.05);
    },
    { selector, sceneColour },
  );
}
