/**
 * The trail part (decision 0014 §2–4): every fix this device records is added to its day's records (kinds of
 * their own, store/trail-records.ts: never loaded at start-up, read one day at a time), and a day with new
 * fixes is sealed — not every tick, but once its last seal is older than `sealPeriodMs` or the UTC day has
 * ended (or when asked, `seal({ now: true })`):
 * - one chunk for the vault (exact, under this person's vault epoch, trail-vault.ts);
 * - one chunk per active bond at that bond's `trail` level in force: exact → the fixes; street /
 *   neighbourhood / city → the cells live location showed, with enter and leave ticks (`cellVisits`, this
 *   person's grid offsets, the publish tick); frozen and hidden → nothing new. Nothing for a bond whose
 *   numbers are not compared yet, and nothing for a day outside the retention this person set for the bond.
 * Each chunk is posted (`POST /v1/chunks`) and the partner gets a `trail` notice. The last revision per
 * (owner, day) is kept in the day's record, so revisions only grow (`nextRevision`). Sealing a day reads
 * that day's fixes only: adding a day to a history of years costs the same as to one of a week. An ended day's
 * fixes are packed into one compressed record at the next seal (store/trail-records.ts), so the device keeps a
 * few KiB per day of history rather than a record per fix.
 *
 * Each seal also derives the day's stays and trips (decision 0017) from the day's exact fixes, on from the stay
 * detector's state saved at the end of the day before (`trail-stays`; none: fresh), and puts them in every chunk:
 * exact in the vault's and an exact bond's, at an area level as the cells that bond's visits showed
 * (`areaStaysOf`). The partner's client never derives stays from a coarse trail.
 *
 * Retention per partner (1, 7, 30 — the default — or 365 days, or forever) is this person's, set here:
 * `POST /v1/bonds/:bondId/retention`, then kept in `trail-retention`. The relay deletes at once on a lowering.
 */
import {
  type AreaLevel,
  areaStaysOf,
  type CellVisit,
  cellVisits,
  DAY_MS,
  DEFAULT_RETENTION_DAYS,
  dayStartMs,
  decodeTrailDay,
  detectDay,
  EntwineError,
  encodeTrailDay,
  exactStaysOf,
  type FixParser,
  fromBase64url,
  gridOffset,
  type ImportedFix,
  type ImportReport,
  initialStayState,
  isAreaLevel,
  levelsAt,
  MAX_TRAIL_DAY_ENTRIES,
  MAX_TRAIL_DAY_STAYS,
  MAX_TRAIL_DAY_TRIPS,
  nextRevision,
  type RetentionDays,
  type Stay,
  type StayState,
  sealChunk,
  settleStays,
  type TrailDay,
  type TrailFix,
  type TrailNotice,
  type Trip,
  trailFixOf,
  utcDayOf,
} from '@entwine/core';
import { deviceOf } from '../keys.ts';
import { heldForNumbers } from '../numbers-hold.ts';
import { RelayError } from '../relay-api.ts';
import type { BondState, SendingEpoch } from '../state.ts';
import type { StoreOp } from '../store/device-store.ts';
import { encodeJson as json, decodeJson as parse } from '../store/records.ts';
import { dayKey, fixId, sealedId, TRAIL_KINDS, type TrailDayRecord } from '../store/trail-records.ts';
import { currentVaultKey } from '../trail-vault.ts';
import type { StoreCtx } from './owners.ts';
import { readTrail, type TrailEntry } from './trail-reader.ts';

/** How long a day's seal may lag its newest fix while the day lasts. */
export const DEFAULT_TRAIL_SEAL_PERIOD_MS = 10 * 60_000;

export interface TrailDeps {
  /** The bond's current sending epoch (started and distributed when due): a bond's chunks are sealed under it. */
  sendingEpoch(bond: BondState): Promise<SendingEpoch>;
  /** Sends the partner a `trail` notice (sealed like any message, under the trail facet's shield). */
  notify(bond: BondState, notice: TrailNotice): Promise<void>;
  /** The live publish tick: the coarse trail's enter and leave times are ticks of it. */
  tickMs: number;
  sealPeriodMs?: number;
  /** Fetches a bond's key distributions again (the receiver's). */
  refreshKeys(bond: BondState): Promise<void>;
  /** Lets other work run between a seal's long steps (the host's; none: no pause). See `DeviceDeps`. */
  yieldToEvents?: () => Promise<void>;
}

export interface SealOptions {
  /** Seal every day with new fixes now, whatever the period. */
  now?: boolean;
  /** Only these days (with new fixes or not: e.g. imported days); default: the days with new fixes. */
  days?: number[];
  /** Seal for the vault (default true). */
  vault?: boolean;
  /** Seal for these bonds only; default every active bond. */
  bondIds?: string[];
}

/** Fixes added to the vault per write while importing. */
const IMPORT_BATCH = 2000;

export interface ImportResult extends SealReport {
  /** The parser's: points read, kept, rejected by reason, and the fault with its offset if the file broke. */
  report: ImportReport;
  /** Fixes new to the vault. */
  added: number;
  /** Fixes the vault already kept (same time and place). */
  duplicates: number;
  /** The UTC days the file touched. */
  days: number[];
}

export interface SealReport {
  /** Chunks posted. */
  chunks: number;
  /** (bond, day) pairs left out because the day is outside the retention set for the bond. */
  outsideRetention: number;
}

/** A day holds at most MAX_TRAIL_DAY_ENTRIES (a fix every 0.43 s all day): a busier one is thinned evenly. */
function thinned(fixes: TrailFix[]): TrailFix[] {
  const step = Math.ceil(fixes.length / MAX_TRAIL_DAY_ENTRIES);
  return step > 1 ? fixes.filter((_, i) => i % step === 0) : fixes;
}

export class TrailPart {
  private lock: Promise<unknown> = Promise.resolve();
  /** A background seal queued behind the running one and not started yet, which later calls join. */
  private queued: Promise<SealReport> | undefined;
  /** Days this instance has listed as unsealed and no seal has taken off since. */
  private readonly markedUnsealed = new Set<number>();
  /**
   * Per day, how many writes of new fixes this instance made: a seal compares the count at its start and end,
   * so a write made while it ran keeps the day unsealed even when both fall in the same millisecond (the
   * record's `changedAt` says so only for a later one, and is what tells of another process's writes). A
   * day's entry goes when a seal takes the day off the list, so the map holds the unsealed days only.
   */
  private readonly writes = new Map<number, number>();
  /** Days this instance has listed as loose (holding trail-fix records) and no pack has taken off since. */
  private readonly markedLoose = new Set<number>();
  readonly sealPeriodMs: number;

  constructor(
    private readonly ctx: StoreCtx,
    private readonly deps: TrailDeps,
  ) {
    this.sealPeriodMs = deps.sealPeriodMs ?? DEFAULT_TRAIL_SEAL_PERIOD_MS;
  }

  /**
   * Adds fixes to their days (one write per day), and marks those days as having new fixes. A fix already
   * kept (same time and place: `fixKey`) is the same record again; with `skipKept` it is counted, not
   * rewritten, by listing each day's records once.
   */
  async append(
    fixes: readonly TrailFix[],
    opts: {
      skipKept?: boolean;
      /** The ids already kept per day, filled as days are first listed (an import's many batches list each day once). */
      keptCache?: Map<number, Set<string>>;
      /** Whether the days become due for sealing to every bond (default true; an import seals its days itself). */
      markUnsealed?: boolean;
    } = {},
  ): Promise<{ added: number; duplicates: number }> {
    const byDay = new Map<number, TrailFix[]>();
    for (const f of fixes) {
      const day = utcDayOf(f.ts);
      const list = byDay.get(day) ?? [];
      list.push(f);
      byDay.set(day, list);
    }
    let added = 0;
    let duplicates = 0;
    const now = this.ctx.deps.clock.now();
    for (const [day, list] of byDay) {
      let kept = opts.keptCache?.get(day) ?? new Set<string>();
      if (opts.skipKept && !opts.keptCache?.has(day)) {
        kept = await this.keptIds(day);
        opts.keptCache?.set(day, kept);
      }
      const ops: StoreOp[] = [];
      for (const f of list) {
        const id = fixId(day, f);
        if (kept.has(id)) {
          duplicates++;
          continue;
        }
        kept.add(id);
        ops.push({ op: 'put', kind: TRAIL_KINDS.fix, id, value: json(f) });
      }
      if (ops.length === 0) continue;
      added += ops.length;
      // Listed as unsealed before its fixes are written, not after: a process killed between the two writes
      // would otherwise leave fixes no seal takes, since a resend finds them kept and adds (and lists) nothing.
      // Listed first, the worst a kill leaves is a day sealed again with nothing new.
      // Once per day per run: a day already listed as unsealed stays so until a seal takes it off. The write is
      // counted first, in the same turn as that check (see the end of `sealDay`): a seal that takes the day off
      // either sees this count or has already cleared the mark, so this write lists the day again.
      if (opts.markUnsealed !== false) {
        this.writes.set(day, (this.writes.get(day) ?? 0) + 1); // an import seals its own days
        if (!this.markedUnsealed.has(day)) {
          this.markedUnsealed.add(day);
          await this.editDayList(TRAIL_KINDS.dirty, (days) => days.add(day));
        }
      }
      // The same for the list of days with loose fixes (what packing looks for).
      if (!this.markedLoose.has(day)) {
        this.markedLoose.add(day);
        await this.editDayList(TRAIL_KINDS.loose, (days) => days.add(day));
      }
      await this.ctx.deps.store.write(ops);
      await this.ctx.deps.store.update(TRAIL_KINDS.day, dayKey(day), (cur) => {
        const rec: TrailDayRecord = cur ? parse(cur) : { changedAt: now, createdAt: now };
        return json({ ...rec, changedAt: now } satisfies TrailDayRecord);
      });
    }
    return { added, duplicates };
  }

  /** The ids of the fixes a day keeps, packed and loose (to drop what an import already brought). */
  private async keptIds(day: number): Promise<Set<string>> {
    const ids = new Set((await this.ctx.deps.store.list(TRAIL_KINDS.fix, `${dayKey(day)}/`)).map((r) => r.id));
    for (const f of await this.packedFixes(day)) ids.add(fixId(day, f));
    return ids;
  }

  /** A day's fixes in time order — its packed record and its loose records — and the loose records' ids. */
  private async dayFixes(day: number): Promise<{ fixes: TrailFix[]; looseIds: string[] }> {
    const byId = new Map<string, TrailFix>();
    for (const f of await this.packedFixes(day)) byId.set(fixId(day, f), f);
    const loose = await this.ctx.deps.store.list(TRAIL_KINDS.fix, `${dayKey(day)}/`);
    for (const r of loose) byId.set(r.id, parse<TrailFix>(r.value));
    // An id starts with the fixed-width time, so id order is time order.
    const ids = [...byId.keys()].sort();
    return { fixes: ids.map((id) => byId.get(id) as TrailFix), looseIds: loose.map((r) => r.id) };
  }

  private async packedFixes(day: number): Promise<TrailFix[]> {
    const bytes = await this.ctx.deps.store.get(TRAIL_KINDS.packed, dayKey(day));
    if (!bytes) return [];
    const read = decodeTrailDay(bytes, day);
    // The device's own record, written by `pack` below: failing to read it is a broken store, not bad input.
    if (!read.ok || read.trail.level !== 'exact') throw new Error(`trail-packed ${day}: this device's packed day does not read back`);
    return read.trail.fixes;
  }

  /**
   * Packs every ended day that still holds loose fix records into one record (store/trail-records.ts), in one
   * write per day. A fix added while a day is packed is not among the ids deleted, so it stays, loose.
   */
  private async packEndedDays(today: number): Promise<void> {
    const loose = await this.ctx.deps.store.get(TRAIL_KINDS.loose, '');
    for (const day of loose ? parse<number[]>(loose) : []) {
      if (day < today) await this.packDay(day, await this.dayFixes(day));
    }
  }

  /**
   * Packs one ended day from its fixes as just read (by its seal, or by `packEndedDays`): a fix added since is
   * not among the loose ids, so it stays loose for the next packing. Then the day is off the loose list.
   */
  private async packDay(day: number, { fixes, looseIds }: { fixes: TrailFix[]; looseIds: string[] }): Promise<void> {
    if (looseIds.length > 0) {
      await this.pause();
      await this.ctx.deps.store.write([
        { op: 'put', kind: TRAIL_KINDS.packed, id: dayKey(day), value: encodeTrailDay({ day, level: 'exact', fixes: thinned(fixes) }) },
        ...looseIds.map((id): StoreOp => ({ op: 'delete', kind: TRAIL_KINDS.fix, id })),
      ]);
    }
    this.markedLoose.delete(day);
    await this.editDayList(TRAIL_KINDS.loose, (days) => days.delete(day));
  }

  /** A pause for other work between a seal's long steps, where the host gives one (`TrailDeps.yieldToEvents`). */
  private async pause(): Promise<void> {
    await this.deps.yieldToEvents?.();
  }

  /** Adds a day to, or takes one off, one of the day lists (`trail-dirty`, `trail-loose`), in one update. */
  private async editDayList(kind: string, edit: (days: Set<number>) => unknown): Promise<void> {
    await this.ctx.deps.store.update(kind, '', (cur) => {
      const days = new Set<number>(cur ? parse<number[]>(cur) : []);
      edit(days);
      return json([...days].sort((a, b) => a - b));
    });
  }

  /** The days with fixes not sealed yet. */
  async unsealedDays(): Promise<number[]> {
    const bytes = await this.ctx.deps.store.get(TRAIL_KINDS.dirty, '');
    return bytes ? parse<number[]>(bytes) : [];
  }

  /**
   * Seals the days that are due, in the background after a write. While one such seal waits behind the running
   * one, another call joins it instead of queueing its own: it has not read anything yet, so it takes every
   * write made before it starts. A phone uploading a day's backlog in 86 batches then costs a seal per round of
   * the lock, not one per batch (each re-reads and re-derives the whole day: 86 of them were quadratic).
   */
  sealSoon(): Promise<SealReport> {
    if (this.queued) return this.queued;
    const run = this.lock.then(() => {
      this.queued = undefined;
      return this.sealNow({});
    });
    this.queued = run;
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Seals the days that are due (or those asked for); one sealing at a time. */
  seal(opts: SealOptions = {}): Promise<SealReport> {
    const run = this.lock.then(() => this.sealNow(opts));
    this.lock = run.catch(() => undefined);
    return run;
  }

  /**
   * Imports fixes from a file's text, streamed: `text` yields pieces, each fed to the format's parser, so
   * memory holds one piece, one batch and the kept ids of the batch's days, not the file. The file's own times; a fix the vault already keeps
   * (same `fixKey`) is counted as a duplicate and not added again, so a rerun adds nothing. Then the days it
   * touched are sealed into the vault — and, with `share`, for that bond at its trail level (days outside
   * its retention are counted, not sealed); no other partner gets them. Everything read before a fault is kept.
   */
  async importFixes(text: AsyncIterable<string>, parser: FixParser, share?: BondState): Promise<ImportResult> {
    const keptCache = new Map<number, Set<string>>();
    const days = new Set<number>();
    let batch: TrailFix[] = [];
    let added = 0;
    let duplicates = 0;
    const flush = async () => {
      const batchDays = new Set(batch.map((f) => utcDayOf(f.ts)));
      const r = await this.append(batch, { skipKept: true, keptCache, markUnsealed: false });
      added += r.added;
      duplicates += r.duplicates;
      batch = [];
      // Only the days of the last batch stay listed: a file in time order goes on with them, and a day it comes
      // back to is listed again from the store (which holds every fix written so far). So memory holds a day's
      // ids, never the whole file's.
      for (const day of keptCache.keys()) if (!batchDays.has(day)) keptCache.delete(day);
    };
    const take = async (fixes: ImportedFix[]) => {
      for (const f of fixes) {
        const fix = trailFixOf(f);
        days.add(utcDayOf(fix.ts));
        batch.push(fix);
      }
      if (batch.length >= IMPORT_BATCH) await flush();
    };
    for await (const piece of text) await take(parser.feed(piece));
    await take(parser.end());
    await flush();
    keptCache.clear();
    const sorted = [...days].sort((a, b) => a - b);
    const sealed =
      sorted.length === 0 ? { chunks: 0, outsideRetention: 0 } : await this.seal({ days: sorted, bondIds: share ? [share.bondId] : [] });
    return { report: parser.report(), added, duplicates, days: sorted, ...sealed };
  }

  /** A partner's trail (`bond`) or this person's own (undefined), days `from`…`to`, one chunk at a time (trail-reader.ts). */
  read(bond: BondState | undefined, from: number, to: number): AsyncGenerator<TrailEntry> {
    return readTrail(this.ctx, this.deps, bond, from, to);
  }

  /** Resolves when no seal is running (a clean exit). */
  async idle(): Promise<void> {
    await this.lock;
  }

  /** This person's retention for the chunks they seal in a bond (null: forever). */
  async retentionOf(bondId: string): Promise<RetentionDays> {
    const bytes = await this.ctx.deps.store.get(TRAIL_KINDS.retention, bondId);
    return bytes ? parse<{ days: RetentionDays }>(bytes).days : DEFAULT_RETENTION_DAYS;
  }

  /** Sets it on the relay (a lowering deletes older chunks there at once), then keeps it. */
  async setRetention(bond: BondState | undefined, who: string, days: RetentionDays): Promise<void> {
    if (bond?.status !== 'active') throw new EntwineError('ENTWINE_ERR_BOND_NOT_FOUND', `you have no bond with "${who}"`);
    await this.ctx.api.setRetention(bond.bondId, days);
    await this.ctx.deps.store.write([{ op: 'put', kind: TRAIL_KINDS.retention, id: bond.bondId, value: json({ days }) }]);
  }

  private async sealNow(opts: SealOptions): Promise<SealReport> {
    const now = this.ctx.deps.clock.now();
    const today = utcDayOf(now);
    const report: SealReport = { chunks: 0, outsideRetention: 0 };
    const dirty = await this.unsealedDays();
    let days = opts.days ?? dirty;
    if (!opts.days && !opts.now) {
      const due: number[] = [];
      for (const day of days) {
        const rec = await this.dayRecord(day);
        const since = rec?.sealedAt ?? rec?.createdAt ?? 0;
        if (day < today || now - since >= this.sealPeriodMs) due.push(day);
      }
      days = due;
    }
    for (const day of days) {
      const read = await this.sealDay(day, opts, report);
      // An ended day with loose fixes is packed from what its seal just read (not read a second time), and at
      // once: a run that seals many days (an import's) holds one day's fixes at a time, never all of them.
      if (day < today && read.looseIds.length > 0) await this.packDay(day, read);
    }
    await this.packEndedDays(today); // the ended days still loose that this run did not seal
    return report;
  }

  private async dayRecord(day: number): Promise<TrailDayRecord | undefined> {
    const bytes = await this.ctx.deps.store.get(TRAIL_KINDS.day, dayKey(day));
    return bytes && parse<TrailDayRecord>(bytes);
  }

  /** One day, read from its own records only, sealed for the vault and each bond, then noted as sealed; gives what it read. */
  private async sealDay(day: number, opts: SealOptions, report: SealReport): Promise<{ fixes: TrailFix[]; looseIds: string[] }> {
    const { deps, state, api } = this.ctx;
    const startedAt = deps.clock.now();
    const writesBefore = this.writes.get(day) ?? 0;
    const dayRead = await this.dayFixes(day);
    const fixes = thinned(dayRead.fixes);
    await this.pause();
    const derived = fixes.length > 0 ? await this.deriveStays(day, fixes, day < utcDayOf(startedAt)) : { stays: [], trips: [] };
    await this.pause();
    const me = deviceOf(state);
    // The day's plaintext per level, encoded once: the vault's chunk and every exact bond's carry the same
    // bytes (only the key differs), and so do the bonds at one area level. A full day took ~0.4 s to encode.
    const plaintexts = new Map<string, Uint8Array>();
    const plaintextOf = (trail: TrailDay): Uint8Array => {
      const kept = plaintexts.get(trail.level);
      if (kept) return kept;
      const bytes = encodeTrailDay(trail);
      plaintexts.set(trail.level, bytes);
      return bytes;
    };
    const seal = async (ownerId: string, epochId: string, key: Uint8Array, trail: TrailDay): Promise<bigint | undefined> => {
      const prev = await deps.store.get(TRAIL_KINDS.sealed, sealedId(ownerId, day));
      const revision = nextRevision(startedAt, prev === undefined ? undefined : BigInt(parse<string>(prev)));
      const plaintext = plaintextOf(trail);
      await this.pause();
      const chunk = await sealChunk({
        ed: deps.ed,
        random: deps.random,
        header: { ownerId, senderDevice: me.deviceId, epochId, day, revision },
        epochKey: key,
        signSeed: me.signSeed,
        plaintext,
      });
      try {
        await api.postChunk(chunk);
      } catch (error) {
        // Outside the relay's retention for the bond: it will never take that day again (raising never brings it back).
        if (error instanceof RelayError && error.code === 'ENTWINE_ERR_CHUNK_RETENTION') {
          report.outsideRetention++;
          return undefined;
        }
        throw error;
      }
      await deps.store.write([{ op: 'put', kind: TRAIL_KINDS.sealed, id: sealedId(ownerId, day), value: json(revision.toString()) }]);
      report.chunks++;
      return revision;
    };
    if (fixes.length > 0 && opts.vault !== false) {
      const vault = await currentVaultKey(this.ctx);
      await seal(vault.vaultId, vault.epochId, vault.key, { day, level: 'exact', fixes, ...exactStaysOf(derived.stays, derived.trips) });
    }
    for (const bond of Object.values(state.bonds)) {
      if (fixes.length === 0 || bond.status !== 'active' || heldForNumbers(bond)) continue;
      if (opts.bondIds && !opts.bondIds.includes(bond.bondId)) continue;
      const level = levelsAt(bond.shield, startedAt).trail;
      if (level !== 'exact' && !isAreaLevel(level)) continue; // frozen, hidden: nothing new
      const retention = await this.retentionOf(bond.bondId);
      // The relay keeps a day from `today − retention` on (its `keepsFrom`): that day is still sealed, so at 1 day
      // the fixes after yesterday's last seal reach the partner when the day is sealed just after midnight.
      if (retention !== null && day < utcDayOf(startedAt) - retention) {
        report.outsideRetention++;
        continue;
      }
      let trail: TrailDay;
      if (level === 'exact') trail = { day, level, fixes, ...exactStaysOf(derived.stays, derived.trips) };
      else {
        const visits = this.visits(day, fixes, level);
        trail = { day, level, visits, ...areaStaysOf({ ...derived, level, visits, tickMs: this.deps.tickMs }) };
      }
      const epoch = await this.deps.sendingEpoch(bond);
      const revision = await seal(bond.bondId, epoch.epochId, fromBase64url(epoch.key), trail);
      if (revision !== undefined) await this.deps.notify(bond, { kind: 'trail', ts: startedAt, day, revision: revision.toString() });
    }
    let changedElsewhere = false;
    await deps.store.update(TRAIL_KINDS.day, dayKey(day), (cur) => {
      const rec: TrailDayRecord = cur ? parse(cur) : { changedAt: startedAt, createdAt: startedAt };
      changedElsewhere = rec.changedAt > startedAt; // another process's write (a CLI command beside a bridge)
      return json({ ...rec, sealedAt: startedAt } satisfies TrailDayRecord);
    });
    // A fix that came in while this seal was made keeps the day unsealed; so does a seal for some owners only.
    // This process's writes are decided inside the list's own update, in one turn with the mark: a write counted
    // before it keeps the day listed; one after it finds the mark gone and lists the day again itself.
    if (changedElsewhere || opts.vault === false || opts.bondIds) return dayRead;
    await this.editDayList(TRAIL_KINDS.dirty, (days) => {
      if ((this.writes.get(day) ?? 0) !== writesBefore) return;
      days.delete(day);
      this.markedUnsealed.delete(day);
      this.writes.delete(day);
    });
    return dayRead;
  }

  /**
   * The stays and trips overlapping `day` as known now: the detector runs over this day's fixes only, on from
   * the state saved at the end of the day before (none: fresh), and what is still open is settled as ending at
   * its last fix so far. Once the day has ended, the state at its end is saved for the next day.
   */
  private async deriveStays(day: number, fixes: TrailFix[], ended: boolean): Promise<{ stays: Stay[]; trips: Trip[] }> {
    const { store } = this.ctx.deps;
    const before = await store.get(TRAIL_KINDS.stays, dayKey(day - 1));
    const result = detectDay(before ? parse<StayState>(before) : initialStayState(), fixes);
    const open = settleStays(result.state);
    if (ended) await store.write([{ op: 'put', kind: TRAIL_KINDS.stays, id: dayKey(day), value: json(result.state) }]);
    const from = dayStartMs(day);
    const overlaps = (s: { start: number; end: number }) => s.end >= from && s.start < from + DAY_MS;
    return {
      stays: [...result.stays, ...open.stays].filter(overlaps).slice(-MAX_TRAIL_DAY_STAYS),
      trips: [...result.trips, ...open.trips].filter(overlaps).slice(-MAX_TRAIL_DAY_TRIPS),
    };
  }

  private visits(day: number, fixes: TrailFix[], level: AreaLevel): CellVisit[] {
    const offset = gridOffset(fromBase64url(this.ctx.state.source.coarseningKey), level);
    return cellVisits({ day, fixes, level, offset, tickMs: this.deps.tickMs }).visits;
  }
}
