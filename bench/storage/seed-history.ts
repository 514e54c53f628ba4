/**
 * A history of many days, put in place without living through it, for `npm run bench:history`:
 * - on the relay, through its own store code (`SqliteStore`, a second connection on the relay's file while the
 *   relay process is idle): for every day, the vault's chunk and the bond's, each a real chunk sealed with core
 *   `sealChunk` under the sharer's real keys (her device's signing key, her vault epoch, her bond's sending
 *   epoch) from a real full day (a synthetic commute day at one fix per 15 s: a 32 KiB chunk);
 * - on the sharer's device, the trail records the client would have left: each day's fixes (thinned, see
 *   `SeedOptions.deviceEveryMs`), the day record and the revisions sealed, through the client's own record
 *   ids (`store/trail-records.ts`).
 * The relay's retention for the bond is set to forever as of before the first day (as a sharer who chose
 * "forever" that long ago), so the relay takes the old days.
 */
import type { DeviceStore, StoreOp } from '@entwine/client';
import {
  dayStartMs,
  detectDay,
  type Ed25519,
  encodeTrailDay,
  fromBase64url,
  initialStayState,
  type Random,
  sealChunk,
  type TrailFix,
  utf8Decode,
  utf8Encode,
} from '@entwine/core';
import { SqliteStore } from '@entwine/server';
import { dayKey, fixId, sealedId, TRAIL_KINDS } from '../../packages/client/src/store/trail-records.ts';

/** The sharer's keys, as her device keeps them. */
export interface SharerKeys {
  userId: string;
  deviceId: string;
  signSeed: Uint8Array;
  vaultId: string;
  vault: { epochId: string; key: Uint8Array };
  bondId: string;
  bond: { epochId: string; key: Uint8Array };
}

export interface SeedOptions {
  ed: Ed25519;
  random: Random;
  keys: SharerKeys;
  days: number[];
  /** The fixes of a day. */
  fixesOf(day: number): TrailFix[];
  /** The relay's today (UTC day). */
  today: number;
  /** One fix kept on the device per this many ms (its own records of the old days; the relay gets full days). */
  deviceEveryMs: number;
  /** Seed the vault's chunks too (default true; false when a second bond of the same sharer is seeded). */
  vault?: boolean;
}

/** When a seeded day was sealed for the last time: a second after it ended. */
const sealedAt = (day: number) => dayStartMs(day + 1) + 1000;

export async function seedRelayHistory(dataDir: string, o: SeedOptions): Promise<{ chunks: number; bytes: number }> {
  const store = new SqliteStore({ dataDir });
  let chunks = 0;
  let bytes = 0;
  try {
    const first = Math.min(...o.days);
    const set = await store.setRetention(o.keys.bondId, o.keys.userId, null, first);
    if (set.status !== 'set') throw new Error(`seed: expected the retention set, got ${set.status}`);
    for (const day of o.days) {
      const plaintext = encodeTrailDay({ day, level: 'exact', fixes: o.fixesOf(day) });
      const revision = BigInt(sealedAt(day));
      const owners = [
        [o.keys.vaultId, 'vault', o.keys.vault],
        [o.keys.bondId, 'bond', o.keys.bond],
      ] as const;
      for (const [ownerId, ownerKind, epoch] of o.vault === false ? owners.slice(1) : owners) {
        const body = await sealChunk({
          ed: o.ed,
          random: o.random,
          header: { ownerId, senderDevice: o.keys.deviceId, epochId: epoch.epochId, day, revision },
          epochKey: epoch.key,
          signSeed: o.keys.signSeed,
          plaintext,
        });
        const put = await store.putChunk(
          { ownerId, ownerKind, senderDevice: o.keys.deviceId, senderUser: o.keys.userId, day, revision, body },
          o.today,
        );
        if (put.status !== 'stored') throw new Error(`seed: expected day ${day} stored for the ${ownerKind}, got ${put.status}`);
        chunks++;
        bytes += body.length;
      }
    }
  } finally {
    await store.close();
  }
  return { chunks, bytes };
}

const json = (v: unknown) => utf8Encode(JSON.stringify(v));

/** A day's records as the client leaves them: its fixes and its day record; with `sealedAt`, the revisions sealed too. */
function dayOps(day: number, fixes: TrailFix[], sealed?: { at: number; owners: string[] }): StoreOp[] {
  const ops: StoreOp[] = fixes.map((fix) => ({ op: 'put', kind: TRAIL_KINDS.fix, id: fixId(day, fix), value: json(fix) }));
  const last = fixes.at(-1)?.ts ?? dayStartMs(day);
  const record = { changedAt: last, createdAt: fixes[0]?.ts ?? last, ...(sealed ? { sealedAt: sealed.at } : {}) };
  ops.push({ op: 'put', kind: TRAIL_KINDS.day, id: dayKey(day), value: json(record) });
  for (const owner of sealed?.owners ?? [])
    ops.push({ op: 'put', kind: TRAIL_KINDS.sealed, id: sealedId(owner, day), value: json(String(sealed?.at)) });
  return ops;
}

export async function seedDeviceHistory(store: DeviceStore, o: SeedOptions): Promise<{ records: number }> {
  let records = 0;
  let ops: StoreOp[] = [];
  for (const day of o.days) {
    let last = Number.NEGATIVE_INFINITY;
    const kept = o.fixesOf(day).filter((fix) => {
      if (fix.ts - last < o.deviceEveryMs) return false;
      last = fix.ts;
      return true;
    });
    ops.push(...dayOps(day, kept, { at: sealedAt(day), owners: [o.keys.vaultId, o.keys.bondId] }));
    // The stay detector's state at the end of the last seeded day, as its day-end seal saves it: the first
    // added day derives on from it, as the day after any sealed day does.
    if (day === o.days[o.days.length - 1])
      ops.push({ op: 'put', kind: TRAIL_KINDS.stays, id: dayKey(day), value: json(detectDay(initialStayState(), kept).state) });
    if (ops.length >= 20_000) {
      records += ops.length;
      await store.write(ops);
      ops = [];
    }
  }
  records += ops.length;
  await store.write(ops);
  return { records };
}

/**
 * A day's fixes put in the device's records as `recordFix` leaves them (each fix, the day record, the day
 * listed as unsealed and as loose — so the day-end seal packs it, as it does on a device), in one write: 5 760 recordFix calls on a synchronous SQLite store take 10–30 s here.
 */
export async function recordDay(store: DeviceStore, day: number, fixes: TrailFix[]): Promise<void> {
  await store.write(dayOps(day, fixes));
  for (const kind of [TRAIL_KINDS.dirty, TRAIL_KINDS.loose])
    await store.update(kind, '', (cur) => {
      const days = new Set<number>(cur ? (JSON.parse(utf8Decode(cur)) as number[]) : []);
      days.add(day);
      return json([...days].sort((a, b) => a - b));
    });
}

/** The sharer's keys from her device's records (after her first seal made the vault and bond epochs). */
export async function sharerKeys(
  store: DeviceStore,
  state: {
    identity: { userId: string };
    device: { deviceId: string; signSeed: string };
    bonds: Record<string, { sending?: { epochId: string; key: string } }>;
  },
  ids: { vaultId: string; bondId: string },
): Promise<SharerKeys> {
  const vaultBytes = await store.get(TRAIL_KINDS.vault, '');
  const sending = state.bonds[ids.bondId]?.sending;
  if (!vaultBytes || !sending) throw new Error('seed: expected the vault and the bond to have epochs (seal once first)');
  const vault = JSON.parse(utf8Decode(vaultBytes)) as { epochId: string; key: string };
  return {
    userId: state.identity.userId,
    deviceId: state.device.deviceId,
    signSeed: fromBase64url(state.device.signSeed),
    vaultId: ids.vaultId,
    vault: { epochId: vault.epochId, key: fromBase64url(vault.key) },
    bondId: ids.bondId,
    bond: { epochId: sending.epochId, key: fromBase64url(sending.key) },
  };
}
