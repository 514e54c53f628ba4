/** How big a shared photo is made: its longest side at most PHOTO_MAX_SIDE, JPEG at PHOTO_QUALITY. */

export const PHOTO_MAX_SIDE = 2048;
export const PHOTO_QUALITY = 0.85;

/** The size that brings the longest side to at most `maxSide`, keeping the aspect ratio (never scaling up). */
export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
