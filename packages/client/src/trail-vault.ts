/**
 * This person's vault epochs (decision 0014 §3), as the trail part uses them: the current one to seal under
 * (created on first use: a random key sealed to every device of the person's list and to the identity seed's
 * recovery key, posted to the relay), and any one a chunk names when reading. An epoch another device of this
 * person created (or one from before a restore) is taken from the relay and opened as this device, or with the
 * identity seed, and only when signed by a device on this person's own list. Kept in the `trail-vault` record.
 */
import {
  fromBase64url,
  newVaultEpoch,
  openVaultEpoch,
  openVaultEpochWithSeed,
  peekVaultEpoch,
  sealVaultEpoch,
  toBase64url,
  utf8Decode,
  utf8Encode,
  vaultIdOf,
  vaultRecoveryKeyOf,
} from '@entwine/core';
import type { ReadCtx } from './context.ts';
import { ownDevices } from './epochs.ts';
import { deviceOf } from './keys.ts';
import { TRAIL_KINDS, type VaultRecord } from './store/trail-records.ts';

export interface VaultKey {
  vaultId: string;
  epochId: string;
  key: Uint8Array;
}

interface VaultKeys extends VaultRecord {
  /** Every epoch this device has opened, by id (base64url keys), the current one included. */
  known?: Record<string, string>;
}

export const vaultIdOfState = (ctx: ReadCtx): string => vaultIdOf(fromBase64url(ctx.state.identity.publicKey));

async function kept(ctx: ReadCtx): Promise<VaultKeys | undefined> {
  const bytes = await ctx.deps.store.get(TRAIL_KINDS.vault, '');
  return bytes && (JSON.parse(utf8Decode(bytes)) as VaultKeys);
}

async function keep(ctx: ReadCtx, record: VaultKeys): Promise<void> {
  await ctx.deps.store.write([{ op: 'put', kind: TRAIL_KINDS.vault, id: '', value: utf8Encode(JSON.stringify(record)) }]);
}

/** The epoch to seal the vault under: the kept one, else the newest the relay has that opens, else a new one. */
export async function currentVaultKey(ctx: ReadCtx): Promise<VaultKey> {
  const vaultId = vaultIdOfState(ctx);
  const record = await kept(ctx);
  if (record) return { vaultId, epochId: record.epochId, key: fromBase64url(record.key) };
  const fromRelay = await openRelayEpochs(ctx);
  const newest = fromRelay.at(-1);
  if (newest) {
    await keep(ctx, { epochId: newest.epochId, key: toBase64url(newest.key), known: knownOf(fromRelay) });
    return newest;
  }
  const epoch = newVaultEpoch(ctx.deps.random, vaultId);
  const blob = await sealVaultEpoch({
    ed: ctx.deps.ed,
    suite: ctx.suite,
    epoch,
    sender: deviceOf(ctx.state),
    devices: ownDevices(ctx).map((d) => ({ deviceId: d.deviceId, dhPub: fromBase64url(d.dhPub) })),
    recoveryPub: vaultRecoveryKeyOf(fromBase64url(ctx.state.identity.seed)).pub,
    createdAt: ctx.deps.clock.now(),
  });
  // Posted before it is kept: a chunk is never sealed under an epoch no other device of this person can open.
  await ctx.api.postVaultKey(epoch.epochId, blob);
  await keep(ctx, { epochId: epoch.epochId, key: toBase64url(epoch.key), known: { [epoch.epochId]: toBase64url(epoch.key) } });
  return epoch;
}

/** The key of vault epoch `epochId`, for reading a chunk sealed under it; undefined when none opens. */
export async function vaultKeyFor(ctx: ReadCtx, epochId: string): Promise<Uint8Array | undefined> {
  const record = await kept(ctx);
  const known = record?.known?.[epochId] ?? (record?.epochId === epochId ? record.key : undefined);
  if (known) return fromBase64url(known);
  const fromRelay = await openRelayEpochs(ctx);
  const found = fromRelay.find((e) => e.epochId === epochId);
  if (!found) return undefined;
  const current = record ?? { epochId: found.epochId, key: toBase64url(found.key) };
  await keep(ctx, { ...current, known: { ...(record?.known ?? {}), ...knownOf(fromRelay) } });
  return found.key;
}

const knownOf = (epochs: VaultKey[]) => Object.fromEntries(epochs.map((e) => [e.epochId, toBase64url(e.key)]));

/** Every epoch the relay keeps for this vault that opens here, oldest first (the relay's order). */
async function openRelayEpochs(ctx: ReadCtx): Promise<VaultKey[]> {
  const vaultId = vaultIdOfState(ctx);
  const me = deviceOf(ctx.state);
  const mine = ownDevices(ctx);
  const out: VaultKey[] = [];
  for (const { blob } of await ctx.api.vaultKeys()) {
    const who = peekVaultEpoch(blob);
    const signer = who && mine.find((d) => d.deviceId === who.senderDevice);
    if (!signer) continue;
    const args = { ed: ctx.deps.ed, suite: ctx.suite, blob, vaultId, senderSignPub: fromBase64url(signer.signPub) };
    const opened =
      (await openVaultEpoch({ ...args, me })) ??
      (await openVaultEpochWithSeed({ ...args, identitySeed: fromBase64url(ctx.state.identity.seed) }));
    if (opened) out.push({ vaultId, epochId: opened.epochId, key: opened.key });
  }
  return out;
}
