// The facets between two people in the web app: Alice (in Tokyo, by her browser's position) and Bob,
// bonded through their pages' sessions (`bondPagesQuickly`), each sharing everything (Alice's photos pinned at neighbourhood level).
// (a) presence: Bob's card of Alice shows her battery bucket (a stubbed navigator.getBattery), charging,
//     online, still, and her local time and time zone — Asia/Tokyo, the time there now — though both
//     browsers run in Europe/Zurich;
// (b) a feeling Alice sets (mood, intensity, note) shows on Bob's card with its age, in his notices and his
//     timeline of her feelings;
// (c) a glance from Alice is on Bob's page soon after her click (measured page to page and printed; bound:
//     PUSHED_WITHIN_MS), buzzes where allowed, a second one too soon is refused on Alice's side, and with Bob's page hidden (and his yes to
//     notifications) it goes to the system's notifications;
// (d) a thought Alice sends while Bob's page is closed is marked "stored", shows once Bob's page reopens
//     (unread on his chip), Alice's mark goes to "delivered", and to "read" once Bob opens the conversation;
// (e) a photo Alice picks (a JPEG fixture carrying GPS EXIF) is resized and shared: it is in Bob's list and
//     renders, carries none of the fixture's metadata, and is on Bob's map as a neighbourhood area around
//     Alice — not at the photo's own GPS position.
// Screenshots: facets-partner-card, facets-feeling-picker, facets-glance, facets-thoughts, facets-moments,
// facets-moment-map.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GLANCE_GAP_MS } from '@entwine/client';
import { encode as encodePng } from 'fast-png';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { leakedCanaries } from '../packages/core/test/fixtures/media/canary.ts';
import { bondPagesQuickly } from './support/bond-pages-quickly.ts';
import { pageLog } from './support/browser.ts';
import { REPO, tempDir } from './support/cli.ts';
import { NOTIFICATION_PROBES, setHidden } from './support/notification-probes.ts';
import { PUSHED_WITHIN_MS } from './support/pushed-within.ts';
import {
  mapIdle,
  metresBetween,
  moreFrames,
  openPartner,
  renderedMoments,
  type SocketFrames,
  screenshot,
  shareAll,
  socketFrames,
  until,
} from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const TOKYO = { latitude: 35.65858, longitude: 139.74543, accuracy: 20 };
const PHOTO = join(REPO, 'packages/core/test/fixtures/media/baseline-gps.jpg');

/** Alice's battery, as her browser reports it: 80 %, charging. */
const BATTERY_STUB = `
  (() => {
    const battery = Object.assign(new EventTarget(), { level: 0.8, charging: true, chargingTime: 0, dischargingTime: Infinity });
    Object.defineProperty(Navigator.prototype, 'getBattery', { value: () => Promise.resolve(battery), configurable: true });
  })();
`;

/**
 * Bob's page records what it would tell him outside itself (vibrations, system notifications) and when
 * each notice first appeared in the DOM (by this page's clock: both pages run on one machine), and can
 * be told it is hidden (`__hidden`), as when he switches to another app.
 */
const BOB_PROBES = `
  (() => {
    window.__vibrations = [];
    navigator.vibrate = (p) => { window.__vibrations.push(p); return true; };
    ${NOTIFICATION_PROBES}
    window.__noticeSeen = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.notice[data-kind]')) {
        if (el.__seen) continue;
        el.__seen = true;
        window.__noticeSeen.push({ kind: el.getAttribute('data-kind'), text: el.textContent, at: Date.now() });
      }
    }).observe(document, { childList: true, subtree: true });
  })();
`;

interface Probed {
  __vibrations: number[][];
  __notifications: { title: string; body?: string }[];
  __noticeSeen: { kind: string; text: string; at: number }[];
  __hidden: boolean;
  __clickAt?: number;
}
const probe = <K extends keyof Probed>(page: Page, key: K) => page.evaluate((k) => (globalThis as unknown as Probed)[k], key);

/**
 * Holds the page's clock (`Date.now`, what the device reads through core's `systemClock`) at the instant of
 * the call until `releaseClock`; its timers run on. Only for the span of two clicks a check compares.
 */
async function holdClock(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { Date: { now(): number }; __realNow?: () => number };
    const real = g.Date.now.bind(g.Date);
    const held = real();
    g.__realNow = real;
    g.Date.now = () => held;
  });
}

async function releaseClock(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as unknown as { Date: { now(): number }; __realNow?: () => number };
    if (g.__realNow) g.Date.now = g.__realNow;
    delete g.__realNow;
  });
}

/** "HH:MM" in a zone, a minute either side of now (the page and the test may straddle a minute). */
function clockNear(timeZone: string): string[] {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return [-60_000, 0, 60_000].map((d) => f.format(new Date(Date.now() + d)));
}

/** A 3000 × 1500 PNG (a gradient), larger than the app shares. */
function widePng(): Uint8Array {
  const width = 3000;
  const height = 1500;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      data[i] = (x * 255) / width;
      data[i + 1] = (y * 255) / height;
      data[i + 2] = 128;
      data[i + 3] = 255;
    }
  }
  return encodePng({ width, height, data, channels: 4 });
}

let aliceCtx: BrowserContext;
let bobCtx: BrowserContext;
let alice: Page;
/** Alice's page's WebSocket traffic, to know it went on ticking while a check waits for nothing to change. */
let aliceFrames: SocketFrames;
let bob: Page;
const logs: { alice: string[]; bob: string[] } = { alice: [], bob: [] };

async function withLogs<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`${String(error)}\n--- alice ---\n${logs.alice.slice(-40).join('\n')}\n--- bob ---\n${logs.bob.slice(-40).join('\n')}`);
  }
}

const web = webSuite({ tag: 'web-facets' });

beforeAll(async () => {
  aliceCtx = await web.context({ geolocation: TOKYO });
  bobCtx = await web.context();
  await aliceCtx.addInitScript({ content: BATTERY_STUB });
  await bobCtx.addInitScript({ content: BOB_PROBES });
  await bobCtx.grantPermissions(['notifications'], { origin: web.url });
  alice = await aliceCtx.newPage();
  aliceFrames = socketFrames(alice);
  bob = await bobCtx.newPage();
  logs.alice = pageLog(alice);
  logs.bob = pageLog(bob);
  await bondPagesQuickly(alice, bob, { url: web.url, aliceShares: shareAll('exact', 'neighbourhood'), bobShares: shareAll() });
  await alice.getByRole('button', { name: 'Map', exact: true }).click();
  await alice.getByRole('button', { name: 'Use my location' }).click();
}, 90_000);

describe('web app: presence, feelings, glances, thoughts and moments between two pages', () => {
  it('(a) shows Alice’s battery, charging, online and her local time in Asia/Tokyo on Bob’s card', async () => {
    await withLogs(async () => {
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      const extra = bob.getByTestId('extra-Alice');
      await extra.locator('[data-time-zone="Asia/Tokyo"]').waitFor();
      // Waited for, not read once: a tick's location and presence are two envelopes, each shown as it arrives
      // (the Session follows device events since webdoor), so the time zone (from the location) can be on
      // the chip a moment before that tick's presence brings "still" (motion needs the position).
      await bob.locator('[data-testid="presence-Alice"]', { hasText: /^online · battery 75–100 % · charging · still$/ }).waitFor();

      await openPartner(bob, 'Alice');
      const card = bob.getByTestId('view-of');
      await bob.locator('[data-testid="view-of"][data-battery="75-100"][data-time-zone="Asia/Tokyo"]').waitFor();
      expect(await card.getAttribute('data-charging')).toBe('true');
      expect(await card.getAttribute('data-moving')).toBe('false');
      expect(['day', 'twilight', 'night']).toContain(await card.getAttribute('data-daylight'));
      const clock = (await card.locator('.local-clock').textContent()) ?? '';
      expect(clockNear('Asia/Tokyo')).toContain(clock);
      // Not the page's own zone: both browsers run in Europe/Zurich.
      expect(clockNear('Europe/Zurich')).not.toContain(clock);
      const local = (await card.locator('.view-local-time').textContent()) ?? '';
      // The offset, not the zone's city: a zone's name is not where the person is.
      expect(local).toMatch(/^\d\d:\d\d · UTC\+9 · \S+ (day|twilight|night)$/);
      // Where she is, named on Bob's device from the position she sent.
      await card.locator('.place-name[data-locality="Tokyo"][data-country="JP"]').waitFor({ timeout: 20_000 });
      expect(await card.locator('.place-name').textContent()).toBe('near Tokyo, Japan');
      // Waited for, not read once: on a loaded machine her ticks can lag past the online window for a moment.
      await card.locator('.view-presence', { hasText: /^online · battery 75–100 % · charging · still$/ }).waitFor();
      await card.scrollIntoViewIfNeeded();
      await screenshot(bob, 'facets-partner-card');
    });
  }, 60_000);

  it('(b) puts the feeling Alice sets, with its intensity and note, on Bob’s card and timeline', async () => {
    await withLogs(async () => {
      await alice.getByRole('button', { name: 'Me', exact: true }).click();
      await alice.locator('.mood-grid label', { hasText: 'happy' }).click();
      expect(await alice.getByRole('radio', { name: 'happy' }).isChecked()).toBe(true);
      await alice.getByLabel(/^Intensity/).fill('4');
      await alice.getByLabel('A short note (optional)').fill('sunny walk');
      await alice.getByRole('button', { name: 'Share this feeling' }).click();
      const t0 = Date.now();
      await alice
        .getByTestId('my-feeling')
        .getByText(/You feel .*happy · .* 4\/5 · “sunny walk”/)
        .waitFor();
      await alice.getByTestId('feeling-picker').scrollIntoViewIfNeeded();
      await screenshot(alice, 'facets-feeling-picker');

      const card = bob.locator('[data-testid="view-of"][data-mood="happy"][data-intensity="4"]');
      await card.waitFor();
      const ms = Date.now() - t0;
      expect(await card.locator('.view-feeling').textContent()).toMatch(
        /^😊 happy · ●●●●○ 4\/5 · “sunny walk” · set (just now|\d+ s ago)$/,
      );
      await bob.locator('.notice[data-kind="feeling"]', { hasText: 'Alice feels happy (4/5): “sunny walk”.' }).waitFor();
      await bob.locator('.feeling-timeline li[data-mood="happy"][data-intensity="4"]').waitFor();
      // Alice's preview says the same as Bob's card.
      await alice.getByRole('button', { name: 'Sharing', exact: true }).click();
      await alice.locator('[data-partner="Bob"] [data-testid="seen-by"][data-mood="happy"][data-intensity="4"]').waitFor();
      console.log(`(b) feeling on Bob's card ${ms} ms after Alice shared it`);
    });
  }, 60_000);

  it('(c) shows a glance from Alice on Bob’s page as soon as it is pushed, refuses a second one too soon', async () => {
    await withLogs(async () => {
      await openPartner(alice, 'Bob');
      // Bob says yes to system notifications first (used below, while his page is hidden).
      await bob.getByRole('button', { name: 'Me', exact: true }).click();
      // (The context granted the permission already, so the browser asks nothing: the button turns them on.)
      await bob.getByRole('button', { name: /^(Allow|Turn) notifications/ }).click();
      await bob.locator('[data-testid="notify-control"][data-on="true"]').waitFor();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();

      const hug = alice.getByRole('button', { name: 'Send hug to Bob' });
      await hug.evaluate((el) =>
        el.addEventListener('click', () => ((globalThis as unknown as Probed).__clickAt = Date.now()), { capture: true, once: true }),
      );
      // A second glance at once is refused on Alice's side (the gentle pace: GLANCE_GAP_MS), and says so.
      // "At once" by her device's clock, which the test holds still from the hug to the refusal: on a loaded
      // machine more than GLANCE_GAP_MS of real time can pass between two clicks (a run here failed so).
      await holdClock(alice);
      await hug.click();
      await alice.getByText('Sent hug to Bob.').waitFor();
      const hugSent = Date.now();
      await alice.getByRole('button', { name: 'Send heartbeat to Bob' }).click();
      await alice.getByRole('alert').getByText('Not sent yet.').waitFor();
      await releaseClock(alice);

      const notice = bob.locator('.notice[data-kind="glance"]', { hasText: 'Alice sent you a hug.' });
      await notice.waitFor({ timeout: PUSHED_WITHIN_MS });
      const clickAt = (await probe(alice, '__clickAt')) as number;
      const seen = (await probe(bob, '__noticeSeen')).find((n) => n.kind === 'glance' && n.text.includes('hug'));
      expect(seen).toBeDefined();
      const latency = (seen?.at ?? 0) - clickAt;
      console.log(`(c) glance: Alice's click → visible on Bob's page in ${latency} ms`);
      expect(latency).toBeGreaterThanOrEqual(0);
      expect(latency).toBeLessThan(PUSHED_WITHIN_MS);
      expect(await bob.locator('.notices').getAttribute('role')).toBe('status');
      expect((await probe(bob, '__vibrations')).length).toBeGreaterThan(0);
      await screenshot(bob, 'facets-glance');

      // Bob's page hidden: the glance goes to the system's notifications too.
      await setHidden(bob, true);
      // Alice's own pace lets the next glance go once GLANCE_GAP_MS have passed since the hug was sent.
      await until('Alice’s glance pace to allow another', async () => (Date.now() - hugSent > GLANCE_GAP_MS ? true : undefined));
      await alice.getByRole('button', { name: 'Send goodnight to Bob' }).click();
      const shown = await until('a system notification on Bob’s side', async () =>
        (await probe(bob, '__notifications')).find((n) => n.title === 'Alice'),
      );
      // Her name is isolated (FSI … PDI) from the app's words, deliberately since webdoor: a system
      // notification is plain text, where these invisible marks are the only isolation there is (the page
      // itself uses <bdi>, so its notice below has no marks).
      expect(shown.body).toBe('🌙 \u2068Alice\u2069 says goodnight');
      await setHidden(bob, false);
      await bob.locator('.notice[data-kind="glance"]', { hasText: 'Alice says goodnight.' }).waitFor();
      // Bob's card of his glances lists both.
      await openPartner(bob, 'Alice');
      await bob.locator('.glance-log li[data-from="peer"][data-glance="goodnight"]').waitFor();
      await bob.locator('.glance-log li[data-from="peer"][data-glance="hug"]').waitFor();
    });
  }, 60_000);

  it('(d) delivers a thought sent while Bob’s page was closed once it reopens, then marks it read', async () => {
    await withLogs(async () => {
      await bob.close();
      // Alice's card of Bob goes from online to "last seen" once his page stops publishing.
      const presence = alice.getByTestId('view-of').locator('.view-presence');
      await presence.getByText(/^last seen /).waitFor({ timeout: 15_000 });

      await alice.getByTestId('open-thoughts').click();
      await alice.getByRole('heading', { name: 'Thoughts with Bob' }).waitFor();
      await alice.getByLabel('Thought for Bob').fill('Dinner at eight? 🍜');
      await alice.getByRole('button', { name: 'Send' }).click();
      const mine = alice.locator('.thought[data-from="me"]', { hasText: 'Dinner at eight?' });
      await mine.locator('.mark[data-mark="stored"]').waitFor();
      expect(await mine.locator('.mark').getAttribute('aria-label')).toBe('Stored by the relay, waiting for Bob’s device');
      await moreFrames(aliceFrames); // Alice's page ticks on and hears from the relay: still only stored
      expect(await mine.getAttribute('data-mark')).toBe('stored');

      const t0 = Date.now();
      bob = await bobCtx.newPage();
      logs.bob = pageLog(bob);
      await bob.goto(web.url);
      await bob.locator('.notice[data-kind="thought"]', { hasText: 'Alice: Dinner at eight? 🍜' }).waitFor();
      const reopenMs = Date.now() - t0;
      await bob.getByTestId('unread-Alice').getByText('1').waitFor();
      await mine.locator('.mark[data-mark="delivered"]').waitFor();
      expect(await mine.locator('.mark').getAttribute('aria-label')).toBe('Delivered to Bob’s device');
      const deliveredMs = Date.now() - t0;
      await moreFrames(aliceFrames);
      expect(await mine.getAttribute('data-mark')).toBe('delivered');

      // Bob opens the conversation (from the notice): what he sees there is read.
      await bob.locator('.notice[data-kind="thought"]').getByRole('button', { name: 'Reply' }).click();
      await bob.getByRole('heading', { name: 'Thoughts with Alice' }).waitFor();
      await bob.locator('.thought[data-from="peer"]', { hasText: 'Dinner at eight? 🍜' }).waitFor();
      await mine.locator('.mark[data-mark="read"]').waitFor();
      expect(await mine.locator('.mark').getAttribute('aria-label')).toBe('Read by Bob');

      // Bob answers; Alice has the conversation open, so his thought is read at once.
      await bob.getByLabel('Thought for Alice').fill('Yes! See you there.');
      await bob.getByRole('button', { name: 'Send' }).click();
      await alice.locator('.thought[data-from="peer"]', { hasText: 'Yes! See you there.' }).waitFor();
      await bob.locator('.thought[data-from="me"][data-mark="read"]', { hasText: 'Yes! See you there.' }).waitFor();
      expect(await alice.locator('.notice[data-kind="thought"]').count()).toBe(0);
      await screenshot(alice, 'facets-thoughts');
      console.log(`(d) Bob's page reopened: thought shown after ${reopenMs} ms, Alice saw "delivered" after ${deliveredMs} ms`);
    });
  }, 90_000);

  it('(e) shares a photo Alice picks: in Bob’s list, rendered, stripped, and on his map at her moments level', async () => {
    await withLogs(async () => {
      const original = new Uint8Array(await readFile(PHOTO));
      expect(leakedCanaries(original).length).toBeGreaterThan(0); // the fixture does carry GPS and a serial
      await bob.getByRole('button', { name: 'Map', exact: true }).click();

      await openPartner(alice, 'Bob');
      await alice.getByTestId('open-moments').click();
      await alice.getByRole('heading', { name: 'Moments with Bob' }).waitFor();
      await alice.getByText(/Pinned to an area around you: neighbourhood/).waitFor();
      // A large picked image is scaled to 2048 px on its longest side and re-encoded as JPEG before sharing.
      await alice.getByTestId('moment-file').setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: Buffer.from(widePng()) });
      await alice
        .locator('.moment-preview figcaption')
        .getByText(/^2048 × 1024 px, \d+ KiB;/)
        .waitFor();
      await alice.getByTestId('moment-file').setInputFiles(PHOTO);
      await alice
        .locator('.moment-preview figcaption')
        .getByText(/^\d+ × \d+ px, \d+ KiB;/)
        .waitFor();
      await alice.locator('.moment-preview img').waitFor();
      await alice.getByLabel('Caption (optional)').fill('Tokyo Tower at dusk');
      const t0 = Date.now();
      await alice.getByRole('button', { name: 'Share with Bob' }).click();
      await alice.locator('.moments li[data-from="me"]').waitFor();

      // Named on Bob's device at the photo's level (neighbourhood): the town only.
      await bob
        .locator('.notice[data-kind="moment"]', { hasText: 'Alice shared a photo somewhere in Tokyo: Tokyo Tower at dusk' })
        .waitFor();
      const arrivedMs = Date.now() - t0;
      // The notice's own button first: a notice leaves after 12 s, which the map's checks below can outlast
      // on a loaded machine.
      await bob.locator('.notice[data-kind="moment"]').getByRole('button', { name: 'See it' }).click();
      const item = bob.locator('.moments li[data-from="peer"]');
      await item.waitFor();
      expect(await item.getAttribute('data-place-level')).toBe('neighbourhood');
      expect(await item.locator('figcaption').textContent()).toMatch(
        /^Alice · Tokyo Tower at dusk · .* · neighbourhood area · within 1 km of .* Save$/,
      );
      const img = item.locator('img');
      await until('the photo to render', async () =>
        (await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)) > 0 ? true : undefined,
      );
      // The bytes Bob holds (saved from his list) carry none of the fixture's metadata.
      const [download] = await Promise.all([bob.waitForEvent('download'), item.getByRole('link', { name: 'Save' }).click()]);
      // Saved through the connection (the run's shared Chromium is another process: `path()` is not ours to read).
      const dir = await tempDir('web-facets-download');
      await download.saveAs(join(dir, 'moment.jpg'));
      const bytes = new Uint8Array(await readFile(join(dir, 'moment.jpg')));
      await rm(dir, { recursive: true, force: true });
      expect(bytes[0]).toBe(0xff);
      expect(bytes[1]).toBe(0xd8);
      expect(leakedCanaries(bytes)).toEqual([]);
      expect(Buffer.from(bytes).includes(Buffer.from('Exif\0\0'))).toBe(false);
      expect(await bob.locator('body').textContent()).not.toContain('47.12346');
      await item.scrollIntoViewIfNeeded();
      await screenshot(bob, 'facets-moments');
      await bob.getByRole('button', { name: 'Map', exact: true }).click();
      // On Bob's map: an area of the neighbourhood's radius around Alice, never a point, and not where the photo's GPS says.
      const area = await until('the photo’s area on Bob’s map', async () => (await renderedMoments(bob)).find((m) => m.name === 'Alice'));
      expect(area.level).toBe('neighbourhood');
      expect(area.geometry).toBe('Polygon');
      expect(area.radius).toBe(1000);
      const off = metresBetween(area, { lat: TOKYO.latitude, lon: TOKYO.longitude });
      expect(off).toBeGreaterThan(1);
      expect(off).toBeLessThan(1000);
      expect(metresBetween(area, { lat: 47.123456, lon: 8.987654 })).toBeGreaterThan(1_000_000);
      expect(await bob.locator('.moment-marker.area').textContent()).toBe('📷 Alice');
      expect(await bob.locator('.moment-marker.pin').count()).toBe(0);
      // Closer in for the screenshot: the area, its dashed edge and its label.
      await bob.evaluate(
        ({ lat, lon }) =>
          (globalThis as unknown as { __entwine: { map: { jumpTo(o: unknown): void } } }).__entwine.map.jumpTo({
            center: [lon, lat],
            zoom: 13,
          }),
        area,
      );
      await mapIdle(bob);
      await screenshot(bob, 'facets-moment-map');

      console.log(`(e) photo on Bob's page ${arrivedMs} ms after Alice shared it (${bytes.length} bytes received)`);

      expect(logs.alice.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
      expect(logs.bob.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
    });
  }, 90_000);
});
