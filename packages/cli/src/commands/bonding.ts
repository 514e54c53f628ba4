/**
 * Bonding commands: invite, accept, requests, confirm, verify, decline, bonds, end. The numbers (SAS and
 * safety number) are printed before every yes; a new bond shares nothing until its person says the
 * numbers match (`--numbers-match`) or skips the check (`--skip-check`, shown as NOT VERIFIED).
 */
import type { BondSummary, DroppedTally, NumbersCheck, PendingRequest } from '@entwine/client';
import { pairingFailureWords, parseInviteLink } from '@entwine/core';
import { type CommandContext, UsageError } from '../context.ts';
import { parseDuration } from './durations.ts';
import { describeChoice, parseShare } from './shields.ts';

/** A QR code for the terminal (`invite`, `bridge setup`). */
export async function qr(text: string): Promise<string> {
  // Loaded here: only the commands that draw a code load the library.
  const { default: qrcode } = await import('qrcode-terminal');
  return new Promise((resolve) => qrcode.generate(text, { small: true }, resolve));
}

export async function invite(ctx: CommandContext, opts: { ttl?: string }) {
  const device = await ctx.device();
  const ttlMs = opts.ttl ? parseDuration(opts.ttl) : undefined;
  const { link, expiresAt } = await device.invite(ttlMs);
  ctx.out(link);
  ctx.out(await qr(link));
  ctx.out(`Send this link to one person. It works once, until ${new Date(expiresAt).toISOString()}.`);
  ctx.out('When they accept, see who answered and the numbers to compare with them: entwine requests');
  await device.flushed();
}

export async function accept(ctx: CommandContext, link: string | undefined, opts: { share?: string } = {}) {
  if (!link) throw new UsageError('accept needs the invite LINK');
  // The link is checked before anything else: a mistyped one should not wait for an identity to be made.
  if (!parseInviteLink(link)) {
    throw new UsageError(
      `that is not an Entwine invite link: expected http(s)://HOST/i/ID#SECRET, all of it — the part after # is the secret (put the link in quotes). Ask for the link again if it was cut.`,
    );
  }
  const choice = parseShare(opts.share);
  const device = await ctx.device();
  const preview = await device.previewInvite(link);
  ctx.out(`${preview.name} invites you to bond.`);
  ctx.out(`safety number: ${preview.safetyNumber}`);
  await device.acceptInvite(link, choice);
  ctx.out(`You said yes, sharing ${describeChoice(choice)} with ${preview.name}.`);
  ctx.out(`The bond starts once ${preview.name} says yes too. Then compare the numbers on a call, and say so with:`);
  ctx.out(`  entwine verify ${preview.name} --numbers-match     (or --skip-check; nothing is shared until you do)`);
  await device.flushed();
}

/** Which check a command was given: at most one of --numbers-match and --skip-check. */
export function numbersCheckOf(opts: { numbersMatch?: boolean; skipCheck?: boolean }): NumbersCheck | undefined {
  if (opts.numbersMatch && opts.skipCheck) throw new UsageError('say either --numbers-match or --skip-check, not both');
  return opts.numbersMatch ? 'match' : opts.skipCheck ? 'skip' : undefined;
}

function printNumbers(ctx: CommandContext, n: { sas: string; safetyNumber: string }) {
  ctx.out(`  SAS:           ${n.sas}   (compare on a call: both screens must show the same numbers)`);
  ctx.out(`  safety number: ${n.safetyNumber}`);
}

function printRequest(ctx: CommandContext, r: PendingRequest) {
  ctx.out(`${r.name} accepted your invite and waits for your yes (the name is theirs to claim: check the numbers).`);
  printNumbers(ctx, r);
  ctx.out(`  If ${r.name} reads you the same numbers: entwine confirm ${r.name} --numbers-match [--share WHAT]`);
  ctx.out(`  If not, someone else has your link: entwine decline ${r.name}`);
}

/** Who answered this person's invites, each with the numbers to compare before saying yes. */
export async function requests(ctx: CommandContext, opts: { json?: boolean }) {
  const device = await ctx.device();
  const waiting = await device.requests();
  if (opts.json) ctx.out(JSON.stringify({ requests: waiting }));
  else if (waiting.length === 0) ctx.out('No one is waiting for your yes.');
  else for (const r of waiting) printRequest(ctx, r);
  await device.flushed();
}

export async function confirm(
  ctx: CommandContext,
  who: string | undefined,
  opts: { share?: string; numbersMatch?: boolean; skipCheck?: boolean } = {},
) {
  if (!who) throw new UsageError('confirm needs the NAME of the person who accepted your invite');
  const check = numbersCheckOf(opts);
  const device = await ctx.device();
  const choice = parseShare(opts.share);
  // The numbers come before the yes: the name is only what the responder claims.
  const request = (await device.requests()).find((r) => r.name.toLowerCase() === who.toLowerCase() || r.inviteId === who);
  if (request) {
    ctx.out(`Numbers to compare with ${request.name}:`);
    printNumbers(ctx, request);
  }
  const bond = await device.confirm(who, choice, check);
  ctx.out(`You said yes to ${bond.name}, choosing to share ${describeChoice(choice)}.`);
  printBond(ctx, bond);
  await device.flushed();
}

/** This person's check of a bond's numbers; without a flag, shows them and where the check stands. */
export async function verify(ctx: CommandContext, who: string | undefined, opts: { numbersMatch?: boolean; skipCheck?: boolean } = {}) {
  if (!who) throw new UsageError('verify needs the NAME of the partner');
  const check = numbersCheckOf(opts);
  const device = await ctx.device();
  if (check) {
    printBond(ctx, await device.verifyBond(who, check));
  } else {
    await device.sync();
    const bond = device.bonds().find((b) => b.name.toLowerCase() === who.toLowerCase() || b.bondId === who);
    if (!bond) throw new UsageError(`you have no bond with "${who}" yet (it appears once they said yes)`);
    printBond(ctx, bond);
  }
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
    for (const f of failed) ctx.out(`Pairing with ${f.name} FAILED: ${pairingFailureWords(f.reason)}. No bond was made.`);
    const notShown = device.dropped();
    for (const b of all)
      printBond(
        ctx,
        b,
        notShown.find((t) => t.bondId === b.bondId),
      );
    const elsewhere = notShown.find((t) => t.bondId === '');
    if (elsewhere) ctx.out(`Envelopes naming no bond of yours, not shown: ${describeCounts(elsewhere)}`);
    for (const r of waiting) printRequest(ctx, r);
  }
  await device.flushed();
}

/** "3 (replay-below-cursor 2, malformed 1)": envelopes the relay handed over that were not shown, by reason. */
function describeCounts(t: DroppedTally): string {
  const parts = Object.entries(t.counts).map(([reason, n]) => `${reason} ${n}`);
  return `${t.total} (${parts.join(', ')})`;
}

const VERIFICATION_TEXT: Record<BondSummary['verification'], string> = {
  match: 'verified: you said the numbers match',
  skipped: 'NOT VERIFIED: you skipped comparing the numbers',
  unchecked: 'not checked yet: nothing you chose is shared until you compare the numbers',
};

/** A bond's state in words ("ended" and "failed" are written out where they are printed). */
const STATUS_TEXT: Record<BondSummary['status'], (name: string) => string> = {
  active: () => 'active',
  pending: (name) => `starting: waiting for ${name}'s device`,
  ended: () => 'ended',
  failed: () => 'failed',
};

/** "N updates from Alice expired before this device read them" (the relay's live window, decision 0014 §1). */
export function missedWords(count: number, from: string): string {
  return `${count} ${count === 1 ? 'update' : 'updates'} from ${from} expired before this device read them`;
}

export function printBond(ctx: CommandContext, b: BondSummary, notShown?: DroppedTally) {
  if (b.status === 'ended') {
    // A tombstone: nothing of the bond is left to show but who ended it and when.
    const when = b.endedAt === undefined ? '' : ` on ${new Date(b.endedAt).toISOString()}`;
    ctx.out(`${b.name}  [ended${when}, by ${b.endedBy === 'me' ? 'you' : b.name}]  everything received in it was deleted`);
    return;
  }
  const status = b.status === 'failed' ? `FAILED: ${pairingFailureWords(b.failure ?? '')}` : STATUS_TEXT[b.status](b.name);
  const live = b.status === 'active' || b.status === 'pending';
  ctx.out(`${b.name}  [${status}]  you share: ${b.verification === 'unchecked' && live ? 'nothing yet' : describeChoice(b.levels)}`);
  if (b.status === 'pending') {
    // Both yeses are given; the relay starts the bond once the partner's device has checked the other's keys.
    ctx.out(
      `  Both of you said yes. The bond starts when ${b.name}'s device next connects (any entwine command there, e.g. entwine bonds).`,
    );
  }
  if (b.relayFault) ctx.out(`  RELAY FAULT:   ${describeRelayFault(b.name)}`);
  printNumbers(ctx, b);
  if (notShown) ctx.out(`  not shown:     ${describeCounts(notShown)}`);
  if (b.missed) ctx.out(`  missed:        ${missedWords(b.missed, b.name)}`);
  if (!live) return;
  ctx.out(`  numbers:       ${VERIFICATION_TEXT[b.verification]}`);
  if (b.verification === 'unchecked') {
    ctx.out(`  Compare them with ${b.name}, then: entwine verify ${b.name} --numbers-match   (or --skip-check)`);
    ctx.out(`  (you chose to share ${describeChoice(b.levels)} once you do)`);
  } else if (b.verification === 'skipped') {
    ctx.out(`  Once you have compared them: entwine verify ${b.name} --numbers-match`);
  }
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
