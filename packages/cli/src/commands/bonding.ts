/** Bonding commands: invite, accept, confirm, decline, bonds, end. */
import { type BondSummary, SHARE_NOTHING, type SharingChoice } from '@entwine/client';
import qrcode from 'qrcode-terminal';
import { type CommandContext, UsageError } from '../context.ts';

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
  const sharing = parseShare(opts.share);
  await device.acceptInvite(link, sharing);
  ctx.out(`You said yes, sharing ${describeSharing(sharing)} with ${preview.name}.`);
  ctx.out(`The bond starts once ${preview.name} says yes too; then compare the SAS shown by 'entwine bonds'.`);
  await device.flushed();
}

export async function confirm(ctx: CommandContext, who: string | undefined, opts: { share?: string } = {}) {
  if (!who) throw new UsageError('confirm needs the NAME of the person who accepted your invite');
  const device = await ctx.device();
  const sharing = parseShare(opts.share);
  const bond = await device.confirm(who, sharing);
  ctx.out(`You said yes to ${bond.name}, sharing ${describeSharing(sharing)}.`);
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
  const status = b.status === 'failed' ? `FAILED: ${describePairingFailure(b.failure ?? '')}` : b.status;
  ctx.out(`${b.name}  [${status}]  you share: ${describeSharing(b.sharing)}`);
  ctx.out(`  SAS:           ${b.sas}   (compare on a call: both screens must show the same numbers)`);
  ctx.out(`  safety number: ${b.safetyNumber}`);
}

export async function end(ctx: CommandContext, who: string | undefined) {
  if (!who) throw new UsageError('end needs the NAME of the partner');
  const device = await ctx.device();
  await device.end(who);
  ctx.out(`Ended the bond with ${who}. Nothing more is relayed, and its stored ciphertext is deleted.`);
  await device.flushed();
}

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new UsageError(`not a duration: ${text} (try 90s, 15m, 2h)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** `--share location` (or `none`, the default): what this person shares with the new partner. */
export function parseShare(value: string | undefined): SharingChoice {
  if (value === undefined || value === 'none') return { ...SHARE_NOTHING };
  if (value === 'location') return { location: true };
  throw new UsageError(`--share takes location or none, got ${value}`);
}

export const describeSharing = (s: SharingChoice) => (s.location ? 'your live location' : 'nothing yet');

export async function sharing(ctx: CommandContext, who: string | undefined, state: string | undefined) {
  if (!who || (state !== 'on' && state !== 'off')) throw new UsageError('sharing needs NAME on|off');
  const device = await ctx.device();
  await device.setSharing(who, { location: state === 'on' });
  ctx.out(state === 'on' ? `You now share your live location with ${who}.` : `You no longer share anything with ${who}.`);
  await device.flushed();
}
