/**
 * What a device does with a tracker app's payload once the app's reader (`core/trackers`) has turned it into
 * items, whichever way it came (the bridge's HTTP or MQTT, or an app drop on the relay collected by the
 * bridge or the web app):
 * - fixes go into the person's vault through `Device.recordFixes`, and this resolves only once that write is
 *   durable — the app is answered (or its drop acknowledged) after it, never before (an app that gets no
 *   answer sends again, and the vault drops what it already holds by time and position);
 * - an OwnTracks transition is a position the phone reported at that moment: kept as a fix, so the places of
 *   this person's own device decide arrivals and leaves with their own hysteresis (the app's regions and its
 *   `inregions` are hints, not trusted);
 * - an iOS visit (Overland `action: visit`) becomes two fixes at the visit's place, at its arrival and its
 *   departure: the stay detector bridges the quiet between co-located fixes (decision 0015, rule 3), so the
 *   phone's visit is a stay in the trail;
 * - an app's region (OwnTracks waypoint) becomes one of this person's places when no place has its name yet:
 *   places are kept on this device only and shared with no one until the person says so;
 * - the battery of the newest fix is the device's battery for presence.
 */
import { PLACE_RADIUS_MAX_M, PLACE_RADIUS_MIN_M, type TrackerFix, type TrackerItem } from '@entwine/core';
import type { Device } from '../device.ts';
import type { ExactFix } from '../state.ts';

export interface Accepted {
  /** Fixes new to the vault. */
  added: number;
  /** Fixes the vault already held (a resend). */
  duplicates: number;
  /** Points refused, each with its reason (the others of the payload were kept). */
  rejected: { index: number; reason: string; detail: string }[];
  /** Places made from the app's regions. */
  placesAdded: string[];
}

export type IntakeDevice = Pick<Device, 'recordFixes' | 'places' | 'addPlace' | 'myFix' | 'setBattery'>;

const exact = (f: TrackerFix): ExactFix => {
  const { battery: _battery, ...fix } = f;
  return fix;
};

/** The fixes a payload's items stand for, in the order they came. */
export function fixesOf(items: readonly TrackerItem[]): ExactFix[] {
  const out: ExactFix[] = [];
  for (const item of items) {
    if (item.kind === 'fix') out.push(exact(item.fix));
    else if (item.kind === 'transition' && item.lat !== undefined && item.lon !== undefined) {
      out.push({ ts: item.ts, lat: item.lat, lon: item.lon });
    } else if (item.kind === 'visit') {
      const at = { lat: item.lat, lon: item.lon, ...(item.acc !== undefined ? { acc: item.acc } : {}) };
      out.push({ ts: item.arrival, ...at });
      if (item.departure !== undefined && item.departure > item.arrival) out.push({ ts: item.departure, ...at });
    }
  }
  return out;
}

/** Records a payload's items on `device`; resolves once they are durable. Callers take one payload at a time (the bridge's turn, the app-drop part's lock). */
export async function recordTrackerItems(device: IntakeDevice, items: readonly TrackerItem[]): Promise<Accepted> {
  const rejected = items.flatMap((i) => (i.kind === 'rejected' ? [{ index: i.index, reason: i.reason, detail: i.detail }] : []));
  const { added, duplicates } = await device.recordFixes(fixesOf(items));
  const placesAdded = await regionsToPlaces(device, items);
  const newest = items
    .flatMap((i) => (i.kind === 'fix' && i.fix.battery ? [i.fix] : []))
    .reduce<TrackerFix | undefined>((a, b) => (!a || b.ts > a.ts ? b : a), undefined);
  const mine = device.myFix();
  if (newest?.battery && (!mine || newest.ts >= mine.ts)) await device.setBattery(newest.battery);
  return { added, duplicates, rejected, placesAdded };
}

async function regionsToPlaces(device: IntakeDevice, items: readonly TrackerItem[]): Promise<string[]> {
  const regions = items.flatMap((i) => (i.kind === 'region' ? [i] : []));
  if (regions.length === 0) return [];
  const known = new Set((await device.places()).map((p) => p.name.toLowerCase()));
  const added: string[] = [];
  for (const r of regions) {
    const name = r.name.trim();
    if (!name || known.has(name.toLowerCase())) continue;
    const radius = Math.min(PLACE_RADIUS_MAX_M, Math.max(PLACE_RADIUS_MIN_M, r.radiusM));
    try {
      await device.addPlace({ name, lat: r.lat, lon: r.lon, radius });
      known.add(name.toLowerCase());
      added.push(name);
    } catch {
      // A region whose name cannot be a place's (too long) stays the app's own; the fixes are what count.
    }
  }
  return added;
}
