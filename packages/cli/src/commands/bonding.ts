/** Bonding commands: invite, accept, confirm, decline, bonds, end. */
import type { BondSummary } from '@entwine/client';
import qrcode from 'qrcode-terminal';
import { type CommandContext, UsageError } from '../context.ts';
import { parseDuration } from './durations.ts';
import { describeChoice, parseShare } from './shields.ts';

const PAIRING_FAILURE_TEXT: Record<string, string> = {
  'commitment-mismatch': 'the key revealed does not match the one committed to — someone may be intercepting this bond',
  'bad-signature': 'a signature did not verify — someone may be tampering with the pairing',
  'wrong-invite': 'the answer belongs to a different invite',
  damaged: 'the pairing data was damaged',
};

export const describePairingFailure = (reason: string) => PAIRING_FAILURE_TEXT[reason] ?? reason;

function qr(text: string): Promise<string> {
  return new Promise((resolve) => qrcode.generate(text, { small: true }, resolve));
}

export async function invite(ctx: CommandContext, opts: { ttl?: string }) {
  const device = await ctx.device();
  const ttlMs = opts.ttl ? parseDuration(opts.ttl) : undefined;
  const { link, expiresAt } = await device.invite(ttlMs);
  ctx.out(link);
  ctx.out(await qr(link));
  ctx.out(`Send this link to one person. It works once, until ${new Date(expiresAt).toISOString()}.`);
  ctx.out('When they accept, say yes with: entwine confirm NAME');
  await device.flushed();
}

export async function accept(ctx: CommandContext, link: string | undefined, opts: { share?: string } = {}) {
  if (!link) throw new UsageError('accept needs the invite LINK');
  const device = await ctx.device();
  const preview = await device.previewInvite(link);
  ctx.out(`${preview.name} invites you to bond.`);
  ctx.out(`safety number: ${preview.safetyNumber}`);
  const choice = parseShare(opts.share);
  await device.acceptInvite(link, choice);
  ctx.out(`You said yes, sharing ${describeChoice(choice)} with ${preview.name}.`);
  ctx.out(`The bond starts once ${preview.name} says yes too; then compare the SAS shown by 'entwine bonds'.`);
  await device.flushed();
}

export async function confirm(ctx: CommandContext, who: string | undefined, opts: { share?: string } = {}) {
  if (!who) throw new UsageError('confirm needs the NAME of the person who accepted your invite');
  const device = await ctx.device();
  const choice = parseShare(opts.share);
  const bond = await device.confirm(who, choice);
  ctx.out(`You said yes to ${bond.name}, sharing ${describeChoice(choice)}.`);
  printBond(ctx, bond);
  await device.flushed();
}

export async function decline(ctx: CommandContext, who: string | undefined) {
  if (!who) throw new UsageError('decline needs a NAME or an invite id');
  const device = await ctx.device();
  await device.decline(who);
  ctx.out(`Declined ${who}. No bond was made.`);
  await device.flushed();
}

export async function bonds(ctx: CommandContext, opts: { json?: boolean }) {
  const device = await ctx.device();
  await device.sync();
  const all = device.bonds();
  const waiting = await device.requests();
  const failed = device.failedPairings();
  if (opts.json) {
    ctx.out(JSON.stringify({ bonds: all, requests: waiting, failed }));
  } else {
    if (all.length === 0 && waiting.length === 0 && failed.length === 0) ctx.out('No bonds yet. Start one with: entwine invite');
    for (const f of failed) ctx.out(`Pairing with ${f.name} FAILED: ${describePairingFailure(f.reason)}. No bond was made.`);
    for (const b of all) printBond(ctx, b);
    for (const r of waiting) ctx.out(`${r.name} accepted your invite and waits for your yes: entwine confirm ${r.name}`);
  }
  await device.flushed();
}

export function printBond(ctx: CommandContext, b: BondSummary) {
  if (b.status === 'ended') {
    // A tombstone: nothing of the bond is left to show but who ended it and when.
    const when = b.endedAt === undefined ? '' : ` on ${new Date(b.endedAt).toISOString()}`;
    ctx.out(`${b.name}  [ended${when}, by ${b.endedBy === 'me' ? 'you' : b.name}]  everything received in it was deleted`);
    return;
  }
  const status = b.status === 'failed' ? `FAILED: ${describePairingFailure(b.failure ?? '')}` : b.status;
  ctx.out(`${b.name}  [${status}]  you share: ${describeChoice(b.levels)}`);
  if (b.relayFault) ctx.out(`  RELAY FAULT:   ${describeRelayFault(b.name)}`);
  ctx.out(`  SAS:           ${b.sas}   (compare on a call: both screens must show the same numbers)`);
  ctx.out(`  safety number: ${b.safetyNumber}`);
}

export async function end(ctx: CommandContext, who: string | undefined) {
  if (!who) throw new UsageError('end needs the NAME of the partner');
  const device = await ctx.device();
  await device.end(who);
  ctx.out(`Ended the bond with ${who}. Nothing more is relayed, and its stored ciphertext is deleted.`);
  ctx.out(
    `Deleted from this device: the bond's keys and everything in it — thoughts, glances, photos, feelings, positions and marks, both ways. Kept: that a bond with ${who} ended, and when.`,
  );
  await device.flushed();
}

/** The words for an end the relay reported but could not prove (the bond is kept). */
export function describeRelayFault(name: string): string {
  return `the relay said this bond ended, without an end signed by ${name} or you; it was NOT ended and is kept (the relay may be faulty or hostile)`;
}
