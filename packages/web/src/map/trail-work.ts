/**
 * The page's side of `trail-worker.ts`: one worker, kept, draws the days; each density view has a worker of
 * its own (its sums live there), ended when the view is. Where workers are missing (unit tests under Node) the same functions run in place.
 */
import type { TrailEntry } from '@entwine/client';
import type { TrailDay } from '@entwine/core';
import { addDay, densityFeatures, emptyDensity, packDay } from './trail-density.ts';
import { type TrailDrawing, trailDrawing } from './trail-features.ts';
import type { TrailWorkReply, TrailWorkRequest } from './trail-worker.ts';

const startWorker = (): Worker | undefined =>
  typeof Worker === 'undefined' ? undefined : new Worker(new URL('./trail-worker.ts', import.meta.url), { type: 'module' });

function ask(worker: Worker, request: TrailWorkRequest): Promise<TrailWorkReply> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<TrailWorkReply>) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(`trail worker: ${e.message}`));
    worker.postMessage(request);
  });
}

/**
 * The worker that draws days, started with the first day drawn and kept: starting a module worker per day
 * cost about a tenth of a second on the bench's machine (`npm run bench:trail`), more than the drawing. Each
 * request carries an id, so replies to requests of a choice since left behind find their own caller.
 */
let dayWorker: { worker: Worker; waiting: Map<number, (reply: TrailWorkReply) => void> } | undefined;
let nextRequest = 0;

function dayWorkerOf(): NonNullable<typeof dayWorker> | undefined {
  if (dayWorker) return dayWorker;
  const worker = startWorker();
  if (!worker) return undefined;
  const started = { worker, waiting: new Map<number, (reply: TrailWorkReply) => void>() };
  worker.onmessage = (e: MessageEvent<TrailWorkReply>) => {
    const id = e.data.kind === 'density' ? undefined : e.data.id;
    if (id === undefined) return;
    started.waiting.get(id)?.(e.data);
    started.waiting.delete(id);
  };
  // A worker that fails as a whole (its script did not load) fails every request waiting on it; the next
  // day drawn starts a new one.
  worker.onerror = (e) => {
    if (dayWorker === started) dayWorker = undefined;
    for (const answer of started.waiting.values()) answer({ kind: 'failed', error: `trail worker: ${e.message}` });
    started.waiting.clear();
    worker.terminate();
  };
  dayWorker = started;
  return started;
}

/** A day's entries as the map draws them, worked out in a worker. */
export async function drawTrail(entries: TrailEntry[], own: boolean): Promise<TrailDrawing> {
  const drawer = dayWorkerOf();
  if (!drawer) return trailDrawing(entries, own);
  const id = nextRequest++;
  const reply = await new Promise<TrailWorkReply>((resolve) => {
    drawer.waiting.set(id, resolve);
    drawer.worker.postMessage({ kind: 'draw', id, entries, own } satisfies TrailWorkRequest);
  });
  if (reply.kind === 'drawing') return reply.drawing;
  throw new Error(reply.kind === 'failed' ? reply.error : 'trail worker: unexpected reply');
}

/** One density view: days handed over one at a time, the weighted squares at the end. */
export class DensityJob {
  private readonly worker = startWorker();
  private readonly local = this.worker ? undefined : emptyDensity();

  add(trails: TrailDay[]): void {
    const days = trails.map(packDay);
    // The packed fixes move to the worker (transferred, not copied): the page keeps nothing of the day.
    const moved = days.flatMap((d) => ('points' in d ? [d.points.buffer] : []));
    if (this.worker) this.worker.postMessage({ kind: 'density-day', days } satisfies TrailWorkRequest, moved);
    else if (this.local) for (const d of days) addDay(this.local, d);
  }

  async finish(): Promise<ReturnType<typeof densityFeatures>> {
    if (!this.worker) return densityFeatures(this.local ?? emptyDensity());
    try {
      const reply = await ask(this.worker, { kind: 'density-end' });
      if (reply.kind === 'density') return reply.result;
      throw new Error(reply.kind === 'failed' ? reply.error : 'trail worker: unexpected reply');
    } finally {
      this.worker.terminate();
    }
  }

  cancel(): void {
    this.worker?.terminate();
  }
}
