/**
 * Reading a trail (decision 0014 §5): one's own (the vault) or a partner's (a bond), for the days asked for
 * only — `GET /v1/trail/:ownerId?from&to`, page by page (`nextDay`), one day at a time as an async iterator,
 * so a whole history is never loaded. Each chunk is checked before anything of it is shown:
 * - it must be of the owner asked for, of a day in the range, and from a device of the right person (the
 *   partner's devices for a bond, this person's own for the vault), or it is `forged`;
 * - it opens with that epoch's key (the bond's receiving key for that device and epoch, fetched once if
 *   missing; the vault epoch, trail-vault.ts) and that device's signing key, or it is `forged`;
 * - a revision older than the newest this device accepted for (owner, sender, day) is `stale` (a replay of
 *   an older version); the same revision again is fine (reading a day twice is no replay). The newest
 *   accepted is kept in a `trail-read` record per (owner, sender, day);
 * - its plaintext must decode (`damaged`, or `newer-version` for an encoding this version does not know).
 * A failure is yielded as `{day, damaged: reason}` — never drawn as a trail.
 */
import { decodeTrailDay, fromBase64url, openChunk, peekChunkHeader, type TrailDay, utf8Decode, utf8Encode } from '@entwine/core';
import { ownDevices } from '../epochs.ts';
import type { BondState } from '../state.ts';
import { dayKey, TRAIL_KINDS } from '../store/trail-records.ts';
import { vaultIdOfState, vaultKeyFor } from '../trail-vault.ts';
import type { StoreCtx } from './owners.ts';

/** Why a day's chunk is not shown. */
export type TrailDamage = 'forged' | 'stale' | 'damaged' | 'newer-version' | 'unknown-epoch';

export type TrailEntry =
  | { day: number; senderDevice: string; revision: string; trail: TrailDay }
  | { day: number; senderDevice: string; damaged: TrailDamage };

export interface TrailReadDeps {
  /** Fetches the bond's key distributions again (a partner's epoch this device has not seen yet). */
  refreshKeys(bond: BondState): Promise<void>;
}

const readId = (ownerId: string, sender: string, day: number) => `${ownerId}/${sender}/${dayKey(day)}`;

/** The trail of `bond` (a partner's) or, with `undefined`, this person's own, for days `from`…`to` inclusive. */
export async function* readTrail(
  ctx: StoreCtx,
  deps: TrailReadDeps,
  bond: BondState | undefined,
  from: number,
  to: number,
): AsyncGenerator<TrailEntry> {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to))
    throw new RangeError(`trail days: expected 0 ≤ from ≤ to, got ${from}…${to}`);
  const ownerId = bond ? bond.bondId : vaultIdOfState(ctx);
  const senders = bond ? [...bond.peer.devices, ...(bond.peer.retiredDevices ?? [])] : ownDevices(ctx);
  let refreshed = false;
  for (let next: number | undefined = from; next !== undefined && next <= to; ) {
    const page = await ctx.api.trailPage(ownerId, next, to);
    for (const chunk of page.chunks) {
      const header = peekChunkHeader(chunk);
      if (!header) {
        yield { day: next, senderDevice: '', damaged: 'forged' };
        continue;
      }
      const { day, senderDevice } = header;
      const sender = senders.find((d) => d.deviceId === senderDevice);
      if (header.ownerId !== ownerId || day < from || day > to || !sender) {
        yield { day, senderDevice, damaged: 'forged' };
        continue;
      }
      let key: Uint8Array | undefined;
      if (bond) {
        const slot = `${senderDevice}/${header.epochId}`;
        if (!bond.receiving[slot] && !refreshed) {
          refreshed = true; // once per read: a relay withholding keys cannot make every chunk cost a fetch
          await deps.refreshKeys(bond);
        }
        const epoch = bond.receiving[slot];
        key = epoch && fromBase64url(epoch.key);
      } else {
        key = await vaultKeyFor(ctx, header.epochId);
      }
      if (!key) {
        yield { day, senderDevice, damaged: 'unknown-epoch' };
        continue;
      }
      const id = readId(ownerId, senderDevice, day);
      const kept = await ctx.deps.store.get(TRAIL_KINDS.read, id);
      const newestAccepted = kept ? BigInt(JSON.parse(utf8Decode(kept)) as string) : undefined;
      const opened = await openChunk({
        ed: ctx.deps.ed,
        chunk,
        expect: { ownerId, day, senderDevice },
        epochKey: key,
        senderSignPub: fromBase64url(sender.signPub),
        ...(newestAccepted !== undefined ? { newestAccepted } : {}),
      });
      if (!opened.ok) {
        yield { day, senderDevice, damaged: opened.reason };
        continue;
      }
      const decoded = decodeTrailDay(opened.plaintext, day);
      if (!decoded.ok) {
        yield { day, senderDevice, damaged: decoded.reason };
        continue;
      }
      if (newestAccepted === undefined || opened.header.revision > newestAccepted) {
        const value = utf8Encode(JSON.stringify(opened.header.revision.toString()));
        await ctx.deps.store.write([{ op: 'put', kind: TRAIL_KINDS.read, id, value }]);
      }
      yield { day, senderDevice, revision: opened.header.revision.toString(), trail: decoded.trail };
    }
    // A relay that sends the reader back to a day it already asked for would loop for ever: stop there.
    if (page.nextDay !== undefined && page.nextDay <= next)
      throw new RangeError(`trail page nextDay: expected after ${next}, got ${page.nextDay}`);
    next = page.nextDay;
  }
}
