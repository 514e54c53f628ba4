/**
 * The trail's records (decision 0014): kinds of their own, never part of the in-memory DeviceState and never
 * listed at start-up (`KINDS` in records.ts does not name them), so a history of years costs nothing to open
 * a device. They are read by day prefix only — sealing or reading one day lists that day's records and no
 * other. Written only by the trail part (parts/trail.ts), straight to the store.
 *
 * | kind             | id                                   | holds                                            |
 * |------------------|--------------------------------------|--------------------------------------------------|
 * | trail-fix        | day(8)/ts(15):latE7:lonE7            | one recorded fix (TrailFix JSON); same id = dup  |
 * | trail-packed     | day(8)                               | an ended day's fixes, one compressed record      |
 * | trail-loose      | ''                                   | the days with trail-fix records (not packed yet) |
 * | trail-day        | day(8)                               | when the day last changed and was last sealed    |
 * | trail-sealed     | ownerId/day(8)                       | the last revision sealed for one owner's day     |
 * | trail-dirty      | ''                                   | the days with fixes not sealed yet               |
 * | trail-vault      | ''                                   | this person's vault epoch (id and key)           |
 * | trail-retention  | bondId                               | this person's retention for the bond's chunks    |
 * | trail-read       | ownerId/senderDevice/day(8)          | the newest revision accepted when reading        |
 * | trail-stays      | day(8)                               | the stay detector's state at an ended day's end  |
 *
 * A day's fixes are its `trail-packed` record (if any) plus its `trail-fix` records. Once a day has ended, the
 * next seal packs it: its fixes go into one record in the trail-day codec (about 5 bytes a fix at exact, as in
 * the vault's chunk) and its `trail-fix` records are deleted, so the device grows by a few KiB a day, not by a
 * record per fix. A fix added to an ended day later (an import) is a `trail-fix` again until the next pack.
 *
 * A day's stays and trips are derived at each seal from that day's fixes only, starting from the `trail-stays`
 * record of the day before (decision 0017; none: a fresh detector), so adding a day never reads another day's
 * fixes. The record is written when an ended day is sealed; it holds a few KiB (an open stay or trip as sums).
 *
 * Everything that names a bond is keyed by the bond id first (`trail-sealed`, `trail-read`, `trail-retention`),
 * so ending the bond deletes it by prefix (`bondTrailOps`) and leaves nothing of the bond on the device.
 */
import { fixKey, type TrailFix } from '@entwine/core';
import type { StoreOp } from './device-store.ts';

export const TRAIL_KINDS = {
  fix: 'trail-fix',
  packed: 'trail-packed',
  loose: 'trail-loose',
  day: 'trail-day',
  dirty: 'trail-dirty',
  vault: 'trail-vault',
  sealed: 'trail-sealed',
  retention: 'trail-retention',
  read: 'trail-read',
  stays: 'trail-stays',
} as const;

/** A day as a fixed-width id part, so ids sort by day. */
export const dayKey = (day: number): string => day.toString().padStart(8, '0');

/** A fix's id: its day, then its time (fixed width, so a day's fixes list in time order), then the place. */
export function fixId(day: number, fix: TrailFix): string {
  const [, lat, lon] = fixKey(fix).split(':');
  return `${dayKey(day)}/${Math.round(fix.ts).toString().padStart(15, '0')}:${lat}:${lon}`;
}

export interface TrailDayRecord {
  /** When a fix of the day was last added (this device's clock, ms). */
  changedAt: number;
  /** When the day's first fix was added: a day never sealed is first due a period after it. */
  createdAt: number;
  /** When the day was last sealed; absent: never. */
  sealedAt?: number;
}

/** The id of one owner's day in `trail-sealed`. */
export const sealedId = (ownerId: string, day: number): string => `${ownerId}/${dayKey(day)}`;

/** What ending a bond deletes of the trail: everything keyed by the bond's id. */
export function bondTrailOps(bondId: string): StoreOp[] {
  return [
    { op: 'delete', kind: TRAIL_KINDS.retention, id: bondId },
    { op: 'deletePrefix', kind: TRAIL_KINDS.sealed, prefix: `${bondId}/` },
    { op: 'deletePrefix', kind: TRAIL_KINDS.read, prefix: `${bondId}/` },
  ];
}

export interface VaultRecord {
  epochId: string;
  /** base64url of the 32-byte vault epoch key. */
  key: string;
}
