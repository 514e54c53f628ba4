/**
 * The partners, as OwnTracks shows friends: for each active bond whose partner shares a location with this
 * person, a `_type: location` message at the level that partner chose (an area is its centre, with the area's
 * radius as the accuracy, so the app draws a circle, never a pin finer than the level), and a `_type: card`
 * with the partner's name. Each partner has a topic of its own, `owntracks/entwine-PERSON/BOND`, which is how
 * the app tells one friend from another: PERSON is named from this person's identity, so two people whose
 * bridges share one broker never write over each other's partners. The bridge never reads its own branch
 * as fixes.
 *
 * Nothing here is more than the partner's own shield gave this device: it is the view the web app and
 * `entwine watch` show.
 */
import type { PartnerView } from '@entwine/client';

/** The topic branch one person's bridge publishes partners under: `owntracks/entwine-` and 8 hex digits of their identity key's hash. */
export function friendsBranch(identityHash: string): string {
  return `owntracks/entwine-${identityHash.replace(/[^0-9a-f]/g, '').slice(0, 8)}`;
}

export interface Partner {
  /** `friendsBranch` of the person whose partner this is. */
  branch: string;
  bondId: string;
  name: string;
  view: PartnerView;
}

/** A partner's two-letter tracker id: the first two letters of the name, as OwnTracks shows it on the map. */
export function trackerId(name: string): string {
  const letters = [...name.normalize('NFC')].filter((c) => /\p{L}|\p{N}/u.test(c));
  return (letters.slice(0, 2).join('') || '??').toUpperCase();
}

/** A partner's topic: stable per bond (a rename keeps it), safe for MQTT (no `+`, `#` or `/`). */
export function friendTopic(partner: Pick<Partner, 'branch' | 'bondId'>): string {
  return `${partner.branch}/${partner.bondId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 16)}`;
}

/** The OwnTracks messages for one partner: a location and a card, or nothing while they share no position. */
export function friendMessages(partner: Partner): Record<string, unknown>[] {
  const loc = partner.view.location;
  if (!loc || (partner.view.locationState !== 'live' && partner.view.locationState !== 'frozen')) return [];
  const topic = friendTopic(partner);
  const tid = trackerId(partner.name);
  const at = loc.level === 'exact' ? loc.fixTs : loc.ts;
  const location: Record<string, unknown> = {
    _type: 'location',
    tid,
    topic,
    lat: loc.lat,
    lon: loc.lon,
    tst: Math.floor(at / 1000),
    acc: Math.round(loc.level === 'exact' ? (loc.acc ?? 0) : loc.radius),
  };
  if (loc.level === 'exact' && loc.speed !== undefined) location.vel = Math.round(loc.speed * 3.6);
  if (loc.level === 'exact' && loc.alt !== undefined) location.alt = Math.round(loc.alt);
  return [location, { _type: 'card', tid, topic, name: partner.name }];
}

/** Every partner's messages, as one HTTP reply or one MQTT publication per partner. */
export function friendsOf(partners: Partner[]): Record<string, unknown>[] {
  return partners.flatMap(friendMessages);
}
