/**
 * This device's location source, as the publisher keeps it (the `source` record): the newest fix, the
 * battery and the person's feeling. Nothing here is sent: the next tick reads it (publish.ts).
 */
import { EntwineError, FEELING_NOTE_MAX_CHARS, MOODS, type Mood, sharedFeelingSchema } from '@entwine/core';
import { observeSourceFix } from '../publish.ts';
import type { ExactFix } from '../state.ts';
import { changes } from '../store/records.ts';
import type { PartCtx } from './owners.ts';

export type FeelingInput = { mood: Mood; intensity: number; note?: string; emoji?: string };

/** A new exact fix from this device's location source. Nothing is sent until the next tick. Answers the fix as kept. */
export async function recordFix(ctx: PartCtx<'publisher'>, fix: Omit<ExactFix, 'ts'> & { ts?: number }): Promise<ExactFix> {
  if (!(Math.abs(fix.lat) <= 90 && Math.abs(fix.lon) <= 180)) {
    throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `a fix is a latitude −90…90 and a longitude −180…180, not ${fix.lat}, ${fix.lon}`);
  }
  const exact: ExactFix = { ...fix, ts: Math.round(fix.ts ?? ctx.deps.clock.now()) };
  ctx.state.source = observeSourceFix(ctx.state.source, exact);
  await ctx.save(changes.source);
  return exact;
}

/** Throws unless every fix is a position with a time. */
export function checkFixes(fixes: readonly ExactFix[]): void {
  for (const f of fixes) {
    if (!(Math.abs(f.lat) <= 90 && Math.abs(f.lon) <= 180 && Number.isFinite(f.ts))) {
      throw new EntwineError(
        'ENTWINE_ERR_INPUT_INVALID',
        `a fix is a latitude −90…90, a longitude −180…180 and a time, not ${f.lat}, ${f.lon} at ${f.ts}`,
      );
    }
  }
}

/**
 * Fixes that arrived together (a tracker app's batch, or a resend), each with its own time: those newer than
 * the live position move it on, in time order, in one save; older ones (a batch that queued on the phone) are
 * history only. Answers the fixes that moved it, in time order. The caller has checked them (`checkFixes`,
 * in `Device.recordFixes` before anything is written).
 */
export async function recordFixes(ctx: PartCtx<'publisher'>, fixes: readonly ExactFix[]): Promise<ExactFix[]> {
  const newest = ctx.state.source.fix?.ts ?? Number.NEGATIVE_INFINITY;
  const fresh = fixes.filter((f) => f.ts > newest).sort((a, b) => a.ts - b.ts);
  if (fresh.length === 0) return [];
  let source = ctx.state.source;
  for (const f of fresh) source = observeSourceFix(source, f);
  ctx.state.source = source;
  await ctx.save(changes.source);
  return fresh;
}

/** The device's battery (0…1) for presence; partners get only its quarter. */
export async function setBattery(ctx: PartCtx<'publisher'>, battery: { level: number; charging?: boolean } | undefined): Promise<void> {
  if (battery && !(battery.level >= 0 && battery.level <= 1)) {
    throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `a battery level is 0 to 1, not ${battery.level}`);
  }
  if (battery) ctx.state.source.battery = battery;
  else delete ctx.state.source.battery;
  await ctx.save(changes.source);
}

/** Sets (or clears) this person's feeling; partners who get feelings see it from the next tick. */
export async function setFeeling(ctx: PartCtx<'publisher'>, feeling: FeelingInput | undefined): Promise<void> {
  if (!feeling) {
    delete ctx.state.source.feeling;
    await ctx.save(changes.source);
    return;
  }
  const since = ctx.deps.clock.now();
  const candidate = { kind: 'feeling', level: 'exact', ts: since, since, ...feeling, ...(feeling.note === '' ? { note: undefined } : {}) };
  const parsed = sharedFeelingSchema.safeParse(JSON.parse(JSON.stringify(candidate)));
  if (!parsed.success) {
    throw new EntwineError(
      'ENTWINE_ERR_INPUT_INVALID',
      `a feeling is one of ${MOODS.join(', ')}, an intensity 1–5 and a note of at most ${FEELING_NOTE_MAX_CHARS} characters`,
    );
  }
  const { kind: _k, level: _l, ts: _t, ...kept } = parsed.data;
  ctx.state.source.feeling = kept;
  await ctx.save(changes.source);
}
