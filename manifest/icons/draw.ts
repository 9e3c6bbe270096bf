/**
 * The source of the Teams icons: `color.png` (192×192) and `outline.png` (32×32, white on
 * transparent). The mark is two overlapping speech frames — two services in one room — with
 * a heart cut into the front one. Each size is drawn on its own pixel grid so strokes land
 * on whole pixels, then rasterised with resvg (pure SVG, no system fonts or libraries).
 *
 *   npx tsx manifest/icons/draw.ts     rewrites both PNGs beside this file
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

export const COLOR_ICON_SIZE_PX = 192;
export const OUTLINE_ICON_SIZE_PX = 32;

/** The colour mark spans about 130 px as drawn; Teams wants the symbol near 96 px of the 192. */
const MARK_SCALE = 0.82;

/** Calm healthcare teal into blue; the manifest's accentColor is the teal. */
export const BRAND_TEAL = '#0B7A84';
export const BRAND_BLUE = '#1D5FA0';

interface Frame {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly r: number;
  /** Which bottom corner the speech tail leaves from. */
  readonly tail: 'left' | 'right';
  /** Tail width along the bottom edge and how far it drops below it. */
  readonly tailW: number;
  readonly tailH: number;
}

/**
 * A rounded rectangle whose tail replaces one bottom corner: that side runs straight down to
 * the tail's tip and a diagonal returns to the bottom edge. Clockwise from the top-left.
 */
function framePath(f: Frame): string {
  const { x, y, w, h, r, tailW, tailH } = f;
  const right = x + w;
  const bottom = y + h;
  const bottomRight =
    f.tail === 'right' ? [`V ${bottom + tailH}`, `L ${right - tailW} ${bottom}`] : [`V ${bottom - r}`, `A ${r} ${r} 0 0 1 ${right - r} ${bottom}`];
  const bottomLeft = f.tail === 'left' ? [`H ${x + tailW}`, `L ${x} ${bottom + tailH}`] : [`H ${x + r}`, `A ${r} ${r} 0 0 1 ${x} ${bottom - r}`];
  return [
    `M ${x + r} ${y}`,
    `H ${right - r}`,
    `A ${r} ${r} 0 0 1 ${right} ${y + r}`,
    ...bottomRight,
    ...bottomLeft,
    `V ${y + r}`,
    `A ${r} ${r} 0 0 1 ${x + r} ${y}`,
    'Z',
  ].join(' ');
}

/** A heart in a unit box (x −1…1, y −0.8…0.9) centred on its notch. */
const HEART = 'M 0 0.9 C -0.38 0.62 -1 0.2 -1 -0.3 A 0.5 0.5 0 0 1 0 -0.3 A 0.5 0.5 0 0 1 1 -0.3 C 1 0.2 0.38 0.62 0 0.9 Z';

function heart(cx: number, cy: number, size: number, fill: string): string {
  return `<path d="${HEART}" transform="translate(${cx} ${cy}) scale(${size})" fill="${fill}"/>`;
}

/** 192×192, full-bleed gradient; the mark in white, the gap and the heart cut through to the background. */
export function colorSvg(): string {
  const s = COLOR_ICON_SIZE_PX;
  const back: Frame = { x: 36, y: 36, w: 92, h: 68, r: 18, tail: 'left', tailW: 20, tailH: 22 };
  const front: Frame = { x: 68, y: 72, w: 92, h: 68, r: 18, tail: 'right', tailW: 20, tailH: 22 };
  const gapPx = 8;
  const strokePx = 9;
  // Masks are in the group's (unscaled) coordinates, so the cut-outs scale with the mark.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="${s}" y2="${s}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="${BRAND_TEAL}"/>
      <stop offset="1" stop-color="${BRAND_BLUE}"/>
    </linearGradient>
    ${knockoutMask('gap', s, `<path d="${framePath(front)}" fill="#000000" stroke="#000000" stroke-width="${gapPx * 2}" stroke-linejoin="round"/>`)}
    ${knockoutMask('heart', s, heart(front.x + front.w / 2, front.y + front.h / 2 - 1, 21, '#000000'))}
  </defs>
  <rect width="${s}" height="${s}" fill="url(#bg)"/>
  <g transform="translate(96 96) scale(${MARK_SCALE}) translate(-96 -99)">
    <path d="${framePath(back)}" fill="#FFFFFF" fill-opacity="0.22" stroke="#FFFFFF" stroke-width="${strokePx}" stroke-linejoin="round" mask="url(#gap)"/>
    <path d="${framePath(front)}" fill="#FFFFFF" mask="url(#heart)"/>
  </g>
</svg>`;
}

/** White keeps, black cuts; the region is the whole canvas. */
function knockoutMask(id: string, size: number, cut: string): string {
  return `<mask id="${id}" maskUnits="userSpaceOnUse" x="0" y="0" width="${size}" height="${size}">
      <rect width="${size}" height="${size}" fill="#FFFFFF"/>
      ${cut}
    </mask>`;
}

/** 32×32, white on transparent: the same mark, the gap and heart cut out with a mask. */
export function outlineSvg(): string {
  const s = OUTLINE_ICON_SIZE_PX;
  // A 2 px stroke on whole-pixel coordinates and fills on pixel edges keep the 32 px mark crisp.
  const back: Frame = { x: 3, y: 4, w: 17, h: 12, r: 3, tail: 'left', tailW: 4, tailH: 4 };
  const front: Frame = { x: 11, y: 12, w: 19, h: 13, r: 3, tail: 'right', tailW: 4, tailH: 4 };
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <defs>
    ${knockoutMask('gap', s, `<path d="${framePath(front)}" fill="#000000" stroke="#000000" stroke-width="4" stroke-linejoin="round"/>`)}
    ${knockoutMask('heart', s, heart(front.x + front.w / 2, front.y + front.h / 2, 4.5, '#000000'))}
  </defs>
  <path d="${framePath(back)}" fill="none" stroke="#FFFFFF" stroke-width="2" stroke-linejoin="round" mask="url(#gap)"/>
  <path d="${framePath(front)}" fill="#FFFFFF" mask="url(#heart)"/>
</svg>`;
}

export function renderPng(svg: string): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render().asPng();
}

export function renderIcons(): { readonly color: Buffer; readonly outline: Buffer } {
  return { color: renderPng(colorSvg()), outline: renderPng(outlineSvg()) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.dirname(fileURLToPath(import.meta.url));
  const { color, outline } = renderIcons();
  writeFileSync(path.join(dir, 'color.png'), color);
  writeFileSync(path.join(dir, 'outline.png'), outline);
  console.log(`Skrev / wrote ${path.join(dir, 'color.png')} and outline.png`);
}
