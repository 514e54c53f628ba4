// Issue 14 (places), the web app's side: Alice (a device of her own) names Home and lets Bob hear of it; Bob's
// page, hidden, with his yes to notifications, gets a system notification "Alice left Home · HH:MM" (the time
// she crossed the edge, in his browser's time zone) once her device confirmed the departure; back in view, the
// same words are a notice and a line of the bond's recent activity. Her fixes carry their own times (a quarter
// of an hour ago up to now), so the dwell needs no waiting. Bob then names a place of his own on his Me screen
// (where his browser says he is) and ticks Alice for it.

import { METRES_PER_DEGREE } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { newDevice } from './support/devices.ts';
import { NOTIFICATION_PROBES, setHidden } from './support/notification-probes.ts';
import { joinDeviceInvite, openPartner, until } from './support/web-app.ts';
import { webSuite } from './support/web-suite.ts';

const HOME = { name: 'Home', lat: 46.2, lon: 7.2, radius: 100 };

/** Bob's page records the system notifications it would show, and can be told it is hidden. */
const PROBES = `
  (() => {
    ${NOTIFICATION_PROBES}
  })();
`;

type Probed = { __notifications: { title: string; body?: string }[]; __hidden: boolean };

const web = webSuite({ tag: 'web-place-notice' });

describe('web app: a partner arriving at or leaving a place', () => {
  it('is a system notification while the page is hidden, then a notice and a line of recent activity', async () => {
    const alice = await newDevice(web.url, 'Alice');
    const context = await web.context({ geolocation: { latitude: 47.37, longitude: 8.54, accuracy: 10 } });
    await context.addInitScript({ content: PROBES });
    await context.grantPermissions(['notifications', 'geolocation'], { origin: web.url });
    const bob = await context.newPage();
    try {
      await joinDeviceInvite(bob, alice.device, 'Bob', { location: 'exact', places: 'exact' });
      await bob.getByRole('button', { name: 'Me', exact: true }).click();
      await bob.getByRole('button', { name: /^(Allow|Turn) notifications/ }).click();
      await bob.locator('[data-testid="notify-control"][data-on="true"]').waitFor();
      await bob.getByRole('button', { name: 'Map', exact: true }).click();

      await alice.device.addPlace(HOME);
      await alice.device.sharePlaces('Bob', ['Home']);
      await setHidden(bob, true);
      // Five minutes at home (confirmed inside: no event), then away 400 m: the leave is confirmed 3 min out.
      const start = Date.now() - 15 * 60_000;
      const leftAt = start + 5 * 60_000;
      for (let t = start; t < start + 10 * 60_000; t += 10_000) {
        const north = t < leftAt ? 0 : 400;
        await alice.device.recordFix({ lat: HOME.lat + north / METRES_PER_DEGREE, lon: HOME.lon, acc: 10, ts: t });
      }
      await alice.device.settled();

      const time = await bob.evaluate(
        (at) => new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' }).format(at),
        leftAt,
      );
      const shown = await until('a system notification on Bob’s side', async () =>
        (await bob.evaluate(() => (globalThis as unknown as Probed).__notifications)).find((n) => n.title === 'Alice'),
      );
      // A notification is plain text: the partner's words are isolated by FSI … PDI there.
      expect(shown.body).toBe(`📍 \u2068Alice\u2069 left \u2068Home\u2069 · ${time}`);

      await setHidden(bob, false);
      const notice = bob.locator('.notice[data-kind="place"]');
      await notice.waitFor();
      expect(await notice.textContent()).toContain(`Alice left Home · ${time}.`);
      await openPartner(bob, 'Alice');
      const line = bob.locator('ol.activity li[data-kind="place"]');
      await line.waitFor();
      expect(await line.textContent()).toContain(`Alice left Home · ${time}`);

      // Bob's own places, on his Me screen: one where he stands, ticked for Alice; kept across a reload.
      await bob.getByRole('button', { name: 'Me', exact: true }).click();
      const places = bob.getByTestId('places-control');
      await places.getByLabel('Name').fill('Work');
      await places.getByLabel('Radius (m)').fill('150');
      await places.getByRole('button', { name: 'Add where I am' }).click();
      const work = places.locator('li[data-place="Work"]');
      await work.waitFor();
      expect(await work.textContent()).toContain('150 m');
      // Ticked once the device stored it (the box shows what the device keeps, not the click).
      await work.getByRole('checkbox', { name: 'Alice hears of it' }).click();
      await work.locator('input[type="checkbox"]:checked').waitFor();
      await bob.reload();
      await bob.getByRole('button', { name: 'Me', exact: true }).click();
      await bob.locator('li[data-place="Work"] input[type="checkbox"]:checked').waitFor();
    } finally {
      alice.device.close();
    }
  }, 120_000);
});
