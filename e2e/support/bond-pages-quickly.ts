/**
 * Two pages bonded for a test whose subject comes after the pairing. Both people onboard through the screens
 * (as `bondPages` does), then the invite, the request, the inviter's yes and both checks of the numbers go
 * through each page's own `Session` — the app's code, the real relay, the same calls the screens make — by
 * the test build's hook (`packages/web/src/app/test-session-hook.ts`). That skips ~10 s of screens per pair;
 * the screens' pairing itself is tested by the files that use `bondPages` (`web-bond-and-map`, …).
 *
 * Unlike `bondPages`, both pages are left where onboarding put them (the map), not on the bond screen.
 */
import type { ShieldChoice } from '@entwine/core';
import type { Page } from 'playwright-core';
import { until } from './until.ts';
import { type BondedPages, type BondPagesOptions, onboard, type Share } from './web-app.ts';

/** The choice the share screens make of a `Share` (switches on: 'exact'). */
export function shieldChoiceOf(share: Share): ShieldChoice {
  const on = (v: boolean | undefined) => (v ? 'exact' : 'hidden');
  return {
    location: share.location ?? 'hidden',
    presence: on(share.presence),
    feelings: on(share.feelings),
    glances: on(share.glances),
    thoughts: on(share.thoughts),
    moments: share.moments ?? 'hidden',
  };
}

/** What the tests call on the page's session (a subset of `app/session.ts`, typed here: no DOM types). */
interface TestSession {
  invite(): Promise<{ link: string; inviteId: string }>;
  askToBond(link: string, choice: ShieldChoice): Promise<unknown>;
  confirm(inviteId: string, choice: ShieldChoice, check: 'match'): Promise<{ bondId: string; sas: string }>;
  verifyBond(bondId: string, check: 'match'): Promise<void>;
  refresh(): void;
  getSnapshot(): {
    requests: { inviteId: string; name: string }[];
    bonds: { bondId: string; inviteId: string; name: string; status: string; sas: string; verification: string }[];
  };
}
type HookWindow = { __entwineTestSession?: TestSession };

interface ShownBond {
  bondId: string;
  status: string;
  sas: string;
  verification: string;
}

/** The bond with `partner` as the page's session shows it, if any. */
function bondWith(page: Page, partner: string): Promise<ShownBond | undefined> {
  return page.evaluate((name) => {
    const session = (globalThis as unknown as HookWindow).__entwineTestSession;
    if (!session) throw new Error('no test session hook on the page (is it the test build, signed in?)');
    const b = session.getSnapshot().bonds.find((x) => x.name === name && x.status !== 'ended');
    return b && { bondId: b.bondId, status: b.status, sas: b.sas, verification: b.verification };
  }, partner);
}

export async function bondPagesQuickly(alice: Page, bob: Page, opts: BondPagesOptions): Promise<BondedPages> {
  const a = opts.aliceName ?? 'Alice';
  const b = opts.bobName ?? 'Bob';
  await Promise.all([alice.goto(opts.url), bob.goto(opts.url)]);
  const [aliceWords, bobWords] = await Promise.all([onboard(alice, a), onboard(bob, b)]);
  const link = await alice.evaluate(async () => {
    const session = (globalThis as unknown as HookWindow).__entwineTestSession;
    if (!session) throw new Error('no test session hook on the page (is it the test build, signed in?)');
    return (await session.invite()).link;
  });
  await bob.evaluate(
    async ({ link, choice }) => {
      await (globalThis as unknown as HookWindow).__entwineTestSession?.askToBond(link, choice);
    },
    { link, choice: shieldChoiceOf(opts.bobShares) },
  );
  // The request reaches Alice's page by the relay's push (the same event her request banner waits on).
  const inviteId = await until(
    `${b}’s request on ${a}’s page`,
    () =>
      alice.evaluate((name) => {
        const session = (globalThis as unknown as HookWindow).__entwineTestSession;
        return session?.getSnapshot().requests.find((r) => r.name === name)?.inviteId;
      }, b),
    15_000,
  );
  await alice.evaluate(
    async ({ inviteId, choice }) => {
      await (globalThis as unknown as HookWindow).__entwineTestSession?.confirm(inviteId, choice, 'match');
    },
    { inviteId, choice: shieldChoiceOf(opts.aliceShares) },
  );
  const bobsBond = await until(
    `the bond active on ${b}’s page`,
    async () => {
      const bond = await bondWith(bob, a);
      return bond?.status === 'active' ? bond : undefined;
    },
    15_000,
  );
  await bob.evaluate(async (bondId) => {
    await (globalThis as unknown as HookWindow).__entwineTestSession?.verifyBond(bondId, 'match');
  }, bobsBond.bondId);
  const aliceActive = async () => {
    const bond = await bondWith(alice, b);
    return bond?.status === 'active' ? bond : undefined;
  };
  // The inviter's page learns the bond is active from the relay's push, which may come before the answer
  // to her own reveal (the client keeps it until the bond is stored: `parts/bond-life.ts`); no sync here,
  // so a lost push fails the test instead of being papered over.
  const alicesBond = await until(`the bond active on ${a}’s page`, aliceActive, 15_000);
  if (alicesBond.sas !== bobsBond.sas) throw new Error(`the two pages show different SAS: ${alicesBond.sas} / ${bobsBond.sas}`);
  if (alicesBond.verification !== 'match') throw new Error(`${a}’s check of the numbers: ${alicesBond.verification}`);
  return { sas: alicesBond.sas, aliceWords, bobWords };
}
