/** Bonding commands: invite, accept, confirm, decline, bonds, end. */
import type { BondSummary, DroppedTally } from '@entwine/client';
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
    ctx.out(JSON.stringify({ bonds: all, requests: waiting, failed, dropped: device.dropped() }));
  } else {
    if (all.length === 0 && waiting.length === 0 && failed.length === 0) ctx.out('No bonds yet. Start one with: entwine invite');
    for (const f of failed) ctx.out(`Pairing with ${f.name} FAILED: ${describePairingFailure(f.reason)}. No bond was made.`);
    const notShown = device.dropped();
    for (const b of all)
      printBond(
        ctx,
        b,
        notShown.find((t) => t.bondId === b.bondId),
      );
    const elsewhere = notShown.find((t) => t.bondId === '');
    if (elsewhere) ctx.out(`Envelopes naming no bond of yours, not shown: ${describeCounts(elsewhere)}`);
    for (const r of waiting) ctx.out(`${r.name} accepted your invite and waits for your yes: entwine confirm ${r.name}`);
  }
  await device.flushed();
}

export function printBond(ctx: CommandContext, b: BondSummary, notShown?: DroppedTally) {
  const status = b.status === 'failed' ? `FAILED: ${describePairingFailure(b.failure ?? '')}` : b.status;
  ctx.out(`${b.name}  [${status}]  you share: ${describeChoice(b.levels)}`);
  ctx.out(`  SAS:           ${b.sas}   (compare on a call: both screens must show the same numbers)`);
  ctx.out(`  safety number: ${b.safetyNumber}`);
  if (notShown) ctx.out(`  not shown:     ${describeCounts(notShown)}`);
}

/** "3 (replay-below-cursor 2, malformed 1)": envelopes the relay handed over that were not shown, by reason. */
function describeCounts(t: DroppedTally): string {
  const parts = Object.entries(t.counts).map(([reason, n]) => `${reason} ${n}`);
  return `${t.total} (${parts.join(', ')})`;
}

export async function end(ctx: CommandContext, who: string | undefined) {
  if (!who) throw new UsageError('end needs the NAME of the partner');
  const device = await ctx.device();
  await device.end(who);
  ctx.out(`Ended the bond with ${who}. Nothing more is relayed, and its stored ciphertext is deleted.`);
  await device.flushed();
}
