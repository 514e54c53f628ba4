/**
 * Telling the person outside the page: the Notifications API while the page is hidden (only once they
 * asked for it, with a button, and the browser allowed it) and a short vibration for a glance (only where
 * the browser allows it: after the person has touched the page). In-page notices are shown either way.
 * A notification goes through the service worker where one controls the page (Chrome on Android allows
 * no other way), else through `new Notification`.
 */
import { getSettings, updateSettings } from './settings.ts';

export type NotifyPermission = NotificationPermission | 'unsupported';

export function notifyPermission(): NotifyPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser (it shows its own prompt); remembers that the person wants them if it says yes. */
export async function askToNotify(): Promise<NotifyPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  const answer = await Notification.requestPermission();
  updateSettings({ notify: answer === 'granted' });
  return answer;
}

/** Whether a notification would be shown now: asked for, allowed, and the page not in view. */
export function wouldNotify(): boolean {
  return getSettings().notify && notifyPermission() === 'granted' && document.visibilityState === 'hidden';
}

export function showSystemNotification(title: string, body: string, tag: string): void {
  if (!wouldNotify()) return;
  const options: NotificationOptions = { body, tag, icon: '/icon-192.png', badge: '/icon-192.png' };
  const viaWorker = navigator.serviceWorker?.controller ? navigator.serviceWorker.ready : undefined;
  if (viaWorker) {
    void viaWorker.then((reg) => reg.showNotification(title, options)).catch(() => undefined);
    return;
  }
  try {
    new Notification(title, options);
  } catch {
    // a browser that allows notifications only from a service worker, and none runs: the in-page notice stays
  }
}

interface UserActivation {
  hasBeenActive: boolean;
}

/** A short buzz for a glance, where the browser allows it (Chrome: only after the person touched the page). */
export function vibrate(pattern: number[]): void {
  const nav = navigator as Navigator & { userActivation?: UserActivation };
  if (typeof nav.vibrate !== 'function' || nav.userActivation?.hasBeenActive === false) return;
  try {
    nav.vibrate(pattern);
  } catch {
    // not allowed here: the notice on screen is enough
  }
}
