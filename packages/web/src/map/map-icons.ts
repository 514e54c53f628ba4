/**
 * The few icons the Protomaps layers ask for, drawn here on small canvases when MapLibre first needs one
 * (`styleimagemissing`), instead of a sprite sheet. No npm package ships the Protomaps sprite, and a sheet
 * made at build time would need a native rasteriser in the build; these shapes are simple enough to draw,
 * and nothing is ever fetched for them. What is drawn:
 * - `arrow` (one-way streets): a chevron pointing up, which the layer turns along the street;
 * - `townspot`, `capital` (towns at low zoom): a dot, a ringed dot;
 * - road shields (`generic_shield-3char`, `US:I-2char`, …): a rounded plate as wide as its text;
 * - any other name (points of interest, by kind): a small dot in the kind's colour family.
 * An icon is a hint beside a label; a person who wants the exact symbol has the name next to it.
 */

export interface IconPixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Device pixels per CSS pixel the icons are drawn at: sharp on phones, small in memory. */
export const ICON_RATIO = 2;

const GREEN = new Set(['park', 'forest', 'garden', 'beach', 'marina', 'zoo', 'peak', 'animal']);
const TRANSIT = new Set(['station', 'train_station', 'bus_stop', 'ferry_terminal', 'aerodrome']);

type Draw = (ctx: OffscreenCanvasRenderingContext2D, w: number, h: number) => void;

/** What to draw for an icon name, and at which size in CSS pixels. */
export function iconShape(id: string): { width: number; height: number; draw: Draw } {
  if (id === 'arrow')
    return {
      width: 10,
      height: 10,
      draw: (ctx, w, h) => {
        ctx.strokeStyle = '#8a8a8a';
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(w * 0.2, h * 0.7);
        ctx.lineTo(w * 0.5, h * 0.3);
        ctx.lineTo(w * 0.8, h * 0.7);
        ctx.stroke();
      },
    };
  if (id === 'townspot' || id === 'capital')
    return {
      width: 10,
      height: 10,
      draw: (ctx, w, h) => {
        dot(ctx, w / 2, h / 2, id === 'capital' ? 4.2 : 3.2, '#ffffff');
        dot(ctx, w / 2, h / 2, id === 'capital' ? 3 : 2.2, '#5c5c5c');
        if (id === 'capital') dot(ctx, w / 2, h / 2, 1.2, '#ffffff');
      },
    };
  const shield = /-(\d+)char$/.exec(id);
  if (shield) {
    const chars = Number(shield[1]);
    return {
      width: 8 + chars * 6,
      height: 14,
      draw: (ctx, w, h) => {
        ctx.fillStyle = '#ffffff';
        ctx.strokeStyle = '#b8b2b4';
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.roundRect(0.5, 0.5, w - 1, h - 1, 3);
        ctx.fill();
        ctx.stroke();
      },
    };
  }
  const colour = GREEN.has(id) ? '#4e9a55' : TRANSIT.has(id) ? '#4a78b5' : '#9a8a80';
  return { width: 10, height: 10, draw: (ctx, w, h) => dot(ctx, w / 2, h / 2, 3, colour) };
}

function dot(ctx: OffscreenCanvasRenderingContext2D, x: number, y: number, r: number, fill: string): void {
  ctx.fillStyle = fill;
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fill();
}

/** Draws one icon into pixels MapLibre's `addImage` takes (with `pixelRatio: ICON_RATIO`). */
export function drawIcon(id: string): IconPixels | undefined {
  const shape = iconShape(id);
  const width = shape.width * ICON_RATIO;
  const height = shape.height * ICON_RATIO;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.scale(ICON_RATIO, ICON_RATIO);
  shape.draw(ctx, shape.width, shape.height);
  return { width, height, data: ctx.getImageData(0, 0, width, height).data };
}
