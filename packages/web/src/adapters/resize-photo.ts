/**
 * A taken or picked photo made fit to share: decoded by the browser (turned upright from its EXIF
 * orientation), scaled so its longest side is at most `maxSide`, and re-encoded as JPEG. Drawing through
 * a canvas keeps only pixels — no EXIF, XMP, GPS or maker notes survive it — and the client strips the
 * result again before sealing (`stripMetadata`), so nothing depends on this step for privacy.
 */
import { fitWithin, PHOTO_MAX_SIDE, PHOTO_QUALITY } from './photo-size.ts';

export interface ResizedPhoto {
  bytes: Uint8Array;
  width: number;
  height: number;
  mime: 'image/jpeg';
}

/** The file could not be read as an image by this browser. */
export class PhotoUnreadableError extends Error {
  constructor(cause: unknown) {
    super(`photo: expected an image this browser can decode, got ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'PhotoUnreadableError';
  }
}

export async function resizePhoto(file: Blob, maxSide = PHOTO_MAX_SIDE, quality = PHOTO_QUALITY): Promise<ResizedPhoto> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (error) {
    throw new PhotoUnreadableError(error);
  }
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, maxSide);
    const blob = await drawJpeg(bitmap, width, height, quality);
    return { bytes: new Uint8Array(await blob.arrayBuffer()), width, height, mime: 'image/jpeg' };
  } finally {
    bitmap.close();
  }
}

async function drawJpeg(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(width, height);
    const g = canvas.getContext('2d');
    if (!g) throw new PhotoUnreadableError('no 2D canvas');
    paint(g, bitmap, width, height);
    return canvas.convertToBlob({ type: 'image/jpeg', quality });
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) throw new PhotoUnreadableError('no 2D canvas');
  paint(g, bitmap, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new PhotoUnreadableError('the canvas gave no JPEG'))), 'image/jpeg', quality),
  );
}

function paint(g: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, bitmap: ImageBitmap, width: number, height: number): void {
  // JPEG has no transparency: a PNG's clear parts become white, not black.
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.imageSmoothingEnabled = true;
  g.imageSmoothingQuality = 'high';
  g.drawImage(bitmap, 0, 0, width, height);
}
