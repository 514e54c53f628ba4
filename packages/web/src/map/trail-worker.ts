/**
 * A day's drawing and a week's or month's density, worked out off the page's main thread (issue 14: "decode
 * and simplify in a Web Worker so the page never freezes"): a day of 100k fixes is turned into features,
 * stays derived and its route simplified here (`trailDrawing`), and the days of a density view are summed
 * here one at a time (`trail-density.ts`). The device's keys never come here: the chunks are opened by the
 * device, which hands over only the decoded days. `trail-work.ts` is the page's side.
 */
import type { TrailEntry } from '@entwine/client';
import { addDay, type DensityDay, densityFeatures, emptyDensity } from './trail-density.ts';
import { type TrailDrawing, trailDrawing } from './trail-features.ts';

export type TrailWorkRequest =
  | { kind: 'draw'; id: number; entries: TrailEntry[]; own: boolean }
  | { kind: 'density-day'; days: DensityDay[] }
  | { kind: 'density-end' };
export type TrailWorkReply =
  | { kind: 'drawing'; id: number; drawing: TrailDrawing }
  | { kind: 'density'; result: ReturnType<typeof densityFeatures> }
  | { kind: 'failed'; id?: number; error: string };

/** The little of a dedicated worker's global this uses (the app compiles with the DOM library, not WebWorker). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<TrailWorkRequest>) => void) | null;
  postMessage(message: TrailWorkReply): void;
}

const scope = self as unknown as WorkerScope;
const density = emptyDensity();

scope.onmessage = (event) => {
  const request = event.data;
  try {
    if (request.kind === 'draw')
      scope.postMessage({ kind: 'drawing', id: request.id, drawing: trailDrawing(request.entries, request.own) });
    else if (request.kind === 'density-day') for (const d of request.days) addDay(density, d);
    else scope.postMessage({ kind: 'density', result: densityFeatures(density) });
  } catch (error) {
    scope.postMessage({ kind: 'failed', ...(request.kind === 'draw' ? { id: request.id } : {}), error: String(error) });
  }
};
