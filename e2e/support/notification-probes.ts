/**
 * Page-side probes for what a page would tell its person outside itself: every system notification it would
 * show (by `ServiceWorkerRegistration.showNotification` or `new Notification`) is recorded in
 * `window.__notifications` instead, and `window.__hidden` makes the page say it is hidden, as when its person
 * has switched to another app. A statement list, to go inside a test's own init script.
 */
import type { Page } from 'playwright-core';

export const NOTIFICATION_PROBES = `
    window.__notifications = [];
    const record = (title, options) => { window.__notifications.push({ title, body: options && options.body }); };
    if (window.ServiceWorkerRegistration) {
      ServiceWorkerRegistration.prototype.showNotification = function (title, options) { record(title, options); return Promise.resolve(); };
    }
    const Real = window.Notification;
    if (Real) {
      function Fake(title, options) { record(title, options); }
      Object.defineProperty(Fake, 'permission', { get: () => Real.permission });
      Fake.requestPermission = (...a) => Real.requestPermission(...a);
      window.Notification = Fake;
    }
    window.__hidden = false;
    Object.defineProperty(Document.prototype, 'visibilityState', { get() { return window.__hidden ? 'hidden' : 'visible'; }, configurable: true });
    Object.defineProperty(Document.prototype, 'hidden', { get() { return window.__hidden; }, configurable: true });
`;

/** Tells a probed page it is hidden (or visible again), as switching apps does, with the event a page hears. */
export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    const g = globalThis as unknown as {
      __hidden: boolean;
      document: { dispatchEvent(e: unknown): void };
      Event: new (t: string) => unknown;
    };
    g.__hidden = h;
    g.document.dispatchEvent(new g.Event('visibilitychange'));
  }, hidden);
}
