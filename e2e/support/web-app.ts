/**
 * Driving the web app the way a person does — by labels, roles and visible text — plus the one look
 * inside that a test needs: the features MapLibre rendered (`window.__entwine.map.queryRenderedFeatures`).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Device } from '@entwine/client';
import type { ShieldChoice } from '@entwine/core';
import type { Locator, Page } from 'playwright-core';
import { REPO } from './cli.ts';

import { until } from './until.ts';

export { until };

export const SCREENSHOTS = join(REPO, 'e2e/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

/** Reads the 12 words from the phrase screen. */
export async function readPhrase(page: Page): Promise<string[]> {
  const items = await page.locator('ol.phrase li').allTextContents();
  return items.map((t) => t.replace(/^\s*\d+\s*/, '').trim());
}

/** Creates an identity through the onboarding screens; returns the recovery phrase it showed. */
export async function onboard(page: Page, name: string, opts: { shot?: string } = {}): Promise<string[]> {
  await page.getByRole('button', { name: 'Create a new identity' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('ol.phrase li').first().waitFor();
  const words = await readPhrase(page);
  if (words.length !== 12) throw new Error(`expected 12 phrase words, got ${words.length}: ${words.join(' ')}`);
  if (opts.shot) await screenshot(page, opts.shot);
  await page.getByRole('button', { name: 'I have written it down' }).click();
  for (const label of await page.locator('label[for^="word-"]').allTextContents()) {
    const n = Number(label.replace(/\D+/g, ''));
    await page.getByLabel(label, { exact: true }).fill(words[n - 1] as string);
  }
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.locator('.topbar').waitFor();
  return words;
}

export async function makeInvite(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Invite', exact: true }).click();
  await page.getByRole('button', { name: 'Make an invite link' }).click();
  const input = page.getByLabel('Invite link');
  await input.waitFor();
  await page.locator('img.qr').waitFor();
  return input.inputValue();
}

type PlaceLevel = 'exact' | 'street' | 'neighbourhood' | 'city' | 'hidden';

/** What a person chooses to share when bonding; left out: hidden (the default is nothing). */
export interface Share {
  location?: PlaceLevel;
  presence?: boolean;
  feelings?: boolean;
  glances?: boolean;
  thoughts?: boolean;
  moments?: PlaceLevel;
}

/** Every facet the app sends, at the given place levels. */
export function shareAll(location: PlaceLevel = 'exact', moments: PlaceLevel = 'exact'): Share {
  return { location, presence: true, feelings: true, glances: true, thoughts: true, moments };
}

const SWITCH_LABELS = {
  presence: 'My presence (last seen, battery)',
  feelings: 'My feelings (mood)',
  glances: 'Glances (one-tap signals)',
  thoughts: 'Thoughts (messages)',
} as const;

/** Fills the "What you share with NAME" choice on the join or request screen. */
export async function chooseShare(page: Page, share: Share): Promise<void> {
  await page.getByLabel('My location', { exact: true }).selectOption(share.location ?? 'hidden');
  for (const [facet, label] of Object.entries(SWITCH_LABELS) as [keyof typeof SWITCH_LABELS, string][]) {
    const box = page.getByRole('checkbox', { name: label });
    if ((await box.isChecked()) !== (share[facet] ?? false)) await box.click();
  }
  await page.getByLabel('My moments (photos, pinned to a place)', { exact: true }).selectOption(share.moments ?? 'hidden');
}

/** On the join screen (the invite link is open): choose what to share, then ask. */
export async function askToBond(page: Page, inviter: string, share: Share = {}): Promise<void> {
  await page.getByRole('heading', { name: `${inviter} invites you to bond` }).waitFor();
  await chooseShare(page, share);
  await page.getByRole('button', { name: `Ask to bond with ${inviter}` }).click();
}

/**
 * The inviter's yes, from the request banner. `check` is what she says about the numbers shown on the
 * request: they match (the default, what the shared helpers do), skip the check, or none yet (`later`).
 */
export async function acceptRequest(
  page: Page,
  who: string,
  share: Share = {},
  check: 'match' | 'skip' | 'later' = 'match',
): Promise<void> {
  await openRequest(page, who);
  await chooseShare(page, share);
  const button = { match: 'The numbers match', skip: 'Skip (not verified)', later: `Accept ${who}, compare later` }[check];
  await page.getByRole('button', { name: button }).click();
}

/** Opens the request screen of someone who answered this person's invite. */
export async function openRequest(page: Page, who: string): Promise<void> {
  await page.locator('.request-banner', { hasText: who }).getByRole('button', { name: 'Review' }).click();
  await page.getByRole('heading', { name: `${who} wants to bond with you` }).waitFor();
}

/** On a bond screen whose numbers are not checked yet: says they match, and waits until the screen shows it. */
export async function confirmNumbers(page: Page): Promise<void> {
  await page.locator('.numbers-check').getByRole('button', { name: 'The numbers match' }).click();
  await page.locator('.verification[data-verification="match"]').waitFor();
}

export async function sasOn(page: Page): Promise<string> {
  const sas = page.getByTestId('sas');
  await sas.waitFor();
  return (await sas.textContent())?.trim() ?? '';
}

export async function waitBondStatus(page: Page, status: 'active' | 'pending' | 'ended', timeout = 15_000): Promise<void> {
  await page.locator(`.status[data-status="${status}"]`).waitFor({ timeout });
}

export interface RenderedPartner {
  name: string;
  bondId: string;
  lon: number;
  lat: number;
  forged: boolean;
}

interface EntwineWindow {
  __entwine?: {
    map: {
      queryRenderedFeatures(options: { layers: string[] }): {
        properties: Record<string, unknown>;
        geometry: { type: string; coordinates: number[] };
      }[];
    };
  };
}

export interface RenderedArea {
  name: string;
  bondId: string;
  level: string;
  /** The centre and radius the feature was built from (its properties). */
  lat: number;
  lon: number;
  radius: number;
  frozen: boolean;
  geometry: string;
}

/** The partner areas (street / neighbourhood / city) MapLibre has drawn on screen right now, one per partner. */
export async function renderedAreas(page: Page): Promise<RenderedArea[]> {
  const all = await page.evaluate(() => {
    const map = (globalThis as unknown as EntwineWindow).__entwine?.map;
    if (!map) return [];
    return map.queryRenderedFeatures({ layers: ['partner-areas'] }).map((f) => ({
      name: String(f.properties.name),
      bondId: String(f.properties.bondId),
      level: String(f.properties.level),
      lat: Number(f.properties.lat),
      lon: Number(f.properties.lon),
      radius: Number(f.properties.radius),
      frozen: f.properties.frozen === true,
      geometry: f.geometry.type,
    }));
  });
  // A polygon split across tiles comes back once per tile: one entry per partner.
  return [...new Map(all.map((a) => [a.bondId, a])).values()];
}

/** The partner dots MapLibre has drawn on screen right now. */
export async function renderedPartners(page: Page): Promise<RenderedPartner[]> {
  return page.evaluate(() => {
    const map = (globalThis as unknown as EntwineWindow).__entwine?.map;
    if (!map) return [];
    return map.queryRenderedFeatures({ layers: ['partner-dots'] }).map((f) => ({
      name: String(f.properties.name),
      bondId: String(f.properties.bondId),
      lon: f.geometry.coordinates[0] as number,
      lat: f.geometry.coordinates[1] as number,
      forged: f.properties.forged === true,
    }));
  });
}

/** Waits until a partner's dot is rendered within `tolerance` degrees of (lat, lon). */
export async function waitForPartnerAt(
  page: Page,
  name: string,
  lat: number,
  lon: number,
  opts: { tolerance?: number; timeout?: number } = {},
) {
  const tolerance = opts.tolerance ?? 2e-4;
  await page.waitForFunction(
    ({ name, lat, lon, tolerance }) => {
      const map = (globalThis as unknown as EntwineWindow).__entwine?.map;
      if (!map) return false;
      return map
        .queryRenderedFeatures({ layers: ['partner-dots'] })
        .some(
          (f) =>
            f.properties.name === name &&
            Math.abs((f.geometry.coordinates[1] as number) - lat) < tolerance &&
            Math.abs((f.geometry.coordinates[0] as number) - lon) < tolerance,
        );
    },
    { name, lat, lon, tolerance },
    { timeout: opts.timeout ?? 15_000, polling: 100 },
  );
}

/** Who bonds on which app, and what each shares with the other (`bondPages`, `bondPagesQuickly`). */
export interface BondPagesOptions {
  url: string;
  aliceName?: string;
  bobName?: string;
  aliceShares: Share;
  bobShares: Share;
}

/** What both ways of bonding return: the SAS both pages showed, and each person's recovery phrase. */
export interface BondedPages {
  sas: string;
  aliceWords: string[];
  bobWords: string[];
}

/**
 * Two pages through the whole ceremony: Alice onboards and invites, Bob opens the link, onboards and asks,
 * Alice accepts saying the numbers match, Bob says so too; returns once both bonds are active, with the SAS
 * both pages show. For tests of these screens; a test about what comes after the pairing uses
 * `bondPagesQuickly` (`bond-pages-quickly.ts`), ~5 s less per pair.
 */
export async function bondPages(alice: Page, bob: Page, opts: BondPagesOptions): Promise<BondedPages> {
  const a = opts.aliceName ?? 'Alice';
  const b = opts.bobName ?? 'Bob';
  await alice.goto(opts.url);
  const aliceWords = await onboard(alice, a);
  const link = await makeInvite(alice);
  await bob.goto(link);
  const bobWords = await onboard(bob, b);
  await askToBond(bob, a, opts.bobShares);
  await acceptRequest(alice, b, opts.aliceShares, 'match');
  const sas = await sasOn(alice);
  if ((await sasOn(bob)) !== sas) throw new Error('the two pages show different SAS');
  await waitBondStatus(alice, 'active');
  await waitBondStatus(bob, 'active');
  await confirmNumbers(bob); // the invitee's own check, once the numbers reached him
  return { sas, aliceWords, bobWords };
}

/** A rendered partner view (`ui/partner-view.tsx`): its data attributes and its text without the ages. */
export interface ShownView {
  data: Record<string, string>;
  /** The text with every `<time>` (an age, counted by each page from its own clock) left out. */
  text: string;
  /** The instants the ages count from. */
  times: string[];
}

/** The little of the DOM `shownView` touches (the tests compile without the DOM library). */
interface ViewNode {
  attributes: ArrayLike<{ name: string; value: string }>;
  children: ArrayLike<ViewNode>;
  textContent: string | null;
  cloneNode(deep: boolean): ViewNode;
  querySelectorAll(selector: string): ArrayLike<ViewNode & { getAttribute(name: string): string | null; remove(): void }>;
}

export async function shownView(locator: Locator): Promise<ShownView> {
  return locator.evaluate((node) => {
    const el = node as unknown as ViewNode;
    const data: Record<string, string> = {};
    for (const a of Array.from(el.attributes)) if (a.name.startsWith('data-') && a.name !== 'data-testid') data[a.name] = a.value;
    const times = Array.from(el.querySelectorAll('time')).map((t) => t.getAttribute('datetime') ?? '');
    const copy = el.cloneNode(true);
    for (const t of Array.from(copy.querySelectorAll('time'))) t.remove();
    const text = Array.from(copy.children)
      .map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())
      .join(' ');
    return { data, text, times };
  });
}

/** Sets one facet's shield for one partner on the sharing panel (`duration`: a label of the "how long" choice). */
export async function setShield(page: Page, partner: string, facet: string, level: string, duration?: string): Promise<void> {
  const card = page.locator(`[data-partner="${partner}"]`);
  const row = card.locator(`.shield-row[data-facet="${facet}"]`);
  const name = facet.charAt(0).toUpperCase() + facet.slice(1);
  await row.getByLabel(`${name} for ${partner}`, { exact: true }).selectOption(level);
  if (duration) await row.getByLabel(`How long: ${facet} for ${partner}`).selectOption({ label: duration });
  await row.getByRole('button', { name: `Apply ${facet} for ${partner}` }).click();
  await card.locator(`.shield-row[data-facet="${facet}"][data-level="${level}"]`).waitFor();
}

export interface RenderedMoment {
  key: string;
  name: string;
  bondId: string;
  id: string;
  level: string;
  lat: number;
  lon: number;
  /** Areas only. */
  radius?: number;
  geometry: string;
}

/** The photos partners shared that MapLibre has drawn right now: areas (`moment-areas`) and exact points (`moment-points`). */
export async function renderedMoments(page: Page): Promise<RenderedMoment[]> {
  const all = await page.evaluate(() => {
    const map = (globalThis as unknown as EntwineWindow).__entwine?.map;
    if (!map) return [];
    return map.queryRenderedFeatures({ layers: ['moment-areas', 'moment-points'] }).map((f) => ({
      key: String(f.properties.key),
      name: String(f.properties.name),
      bondId: String(f.properties.bondId),
      id: String(f.properties.id),
      level: String(f.properties.level),
      lat: Number(f.properties.lat),
      lon: Number(f.properties.lon),
      ...(f.properties.radius !== undefined ? { radius: Number(f.properties.radius) } : {}),
      geometry: f.geometry.type,
    }));
  });
  return [...new Map(all.map((m) => [m.key, m])).values()];
}

/** Metres between two points (haversine), to check an area's or a photo's place against a true position. */
export function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(h));
}

/** Opens the bond screen of one partner from the map's partner chips. */
export async function openPartner(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Map', exact: true }).click();
  await page.locator(`.partner-chips [data-partner="${name}"]`).click();
  await page.getByRole('heading', { name: `Bond with ${name}` }).waitFor();
}

/**
 * Waits until the app's service worker is active, reloads, and waits until it controls the page. Polled
 * from the test: a string `waitForFunction` polls by evaluating the string in the page, which the app's CSP
 * (no 'unsafe-eval') refuses whenever the first check is not already true.
 */
export async function reloadUnderServiceWorker(page: Page): Promise<void> {
  await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await page.reload();
  await until('the service worker to control the page', async () =>
    (await page.evaluate('navigator.serviceWorker.controller !== null')) ? true : undefined,
  );
}

/** What a page sent and received over its WebSocket to the relay, counted from before it opened one. */
export interface SocketFrames {
  sent(): number;
  received(): number;
}

/**
 * Counts a page's WebSocket frames (its ticks' envelopes out, the relay's acks and deliveries in). Call it
 * before the page opens the app: Playwright reports only sockets opened afterwards.
 */
export function socketFrames(page: Page): SocketFrames {
  let sent = 0;
  let received = 0;
  page.on('websocket', (ws) => {
    ws.on('framesent', () => sent++);
    ws.on('framereceived', () => received++);
  });
  return { sent: () => sent, received: () => received };
}

/**
 * Waits until the page has exchanged `count` more frames each way with the relay — at least one full tick
 * of its own and the relay's answers — so a check that something did *not* change is made after the page
 * had every chance to change it, however slow the machine (instead of a guessed sleep).
 */
export async function moreFrames(frames: SocketFrames, count = 4, timeoutMs = 15_000): Promise<void> {
  const sent = frames.sent() + count;
  const received = frames.received() + count;
  await until(
    `${count} more WebSocket frames each way`,
    async () => (frames.sent() >= sent && frames.received() >= received ? true : undefined),
    timeoutMs,
  );
}

/**
 * Waits until MapLibre has drawn everything it is going to (no tiles loading, no camera move): asks for one
 * more frame and waits for the `idle` event after it — for screenshots, instead of a sleep.
 */
export async function mapIdle(page: Page, timeoutMs = 15_000): Promise<void> {
  await page.evaluate(
    (ms) =>
      new Promise<void>((resolve, reject) => {
        const map = (
          globalThis as unknown as {
            __entwine?: { map: { once(event: 'idle', fn: () => void): void; triggerRepaint(): void } };
          }
        ).__entwine?.map;
        if (!map) return reject(new Error('no map on the page'));
        const timer = setTimeout(() => reject(new Error('the map did not become idle')), ms);
        map.once('idle', () => {
          clearTimeout(timer);
          resolve();
        });
        map.triggerRepaint();
      }),
    timeoutMs,
  );
}

/**
 * The page's person answers an invite of an in-process device (a partner the test drives through the client
 * API): the page onboards as `name` and asks to bond sharing nothing; the device checks the numbers and says
 * yes with `share`. Returns with the bond active on both sides and the page on the map.
 */
export async function joinDeviceInvite(page: Page, device: Device, name: string, share: ShieldChoice): Promise<void> {
  const { link } = await device.invite();
  await page.goto(link);
  await onboard(page, name);
  await askToBond(page, device.name, {});
  await page.getByRole('heading', { name: `Waiting for ${device.name}` }).waitFor();
  await until(`${name}’s request`, async () => ((await device.requests()).some((r) => r.name === name) ? true : undefined), 15_000);
  await device.confirm(name, share, 'match');
  await waitBondStatus(page, 'active');
  await page.getByRole('button', { name: 'Map', exact: true }).click();
  await device.sync(); // the device learns that the page's yes made the bond active
}
