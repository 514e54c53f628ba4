// What OwnTracks is shown of a partner: never finer than the partner's level (an area is its centre with the
// area's radius as the accuracy), nothing while they share no position, and a topic per bond on the person's branch.
import type { PartnerView } from '@entwine/client';
import { describe, expect, it } from 'vitest';
import { friendMessages, friendsBranch, friendTopic, trackerId } from './owntracks-friends.ts';

const branch = friendsBranch('0123456789abcdef');
const view = (location: PartnerView['location'], locationState: PartnerView['locationState'] = 'live'): PartnerView =>
  ({ location, locationState, presenceState: 'unknown' }) as PartnerView;

describe('OwnTracks friends', () => {
  it('gives an exact partner as a pin, with speed in km/h, and a card with the name', () => {
    const msgs = friendMessages({
      branch,
      bondId: 'bond-1',
      name: 'Bob',
      view: view({
        kind: 'location',
        level: 'exact',
        ts: 1_800_000_030_000,
        fixTs: 1_800_000_000_000,
        lat: 48.85,
        lon: 2.35,
        acc: 7.4,
        speed: 5,
      }),
    });
    expect(msgs).toEqual([
      {
        _type: 'location',
        tid: 'BO',
        topic: 'owntracks/entwine-01234567/bond-1',
        lat: 48.85,
        lon: 2.35,
        tst: 1_800_000_000,
        acc: 7,
        vel: 18,
      },
      { _type: 'card', tid: 'BO', topic: 'owntracks/entwine-01234567/bond-1', name: 'Bob' },
    ]);
  });

  it('gives an area as its centre and radius, and nothing while hidden', () => {
    const area = view({ kind: 'location', level: 'city', ts: 1_800_000_000_000, lat: 48.8, lon: 2.3, radius: 8000 });
    const [location] = friendMessages({ branch, bondId: 'b', name: 'Éloïse', view: area });
    expect(location).toMatchObject({ lat: 48.8, lon: 2.3, acc: 8000, tid: 'ÉL' });
    expect(location).not.toHaveProperty('vel');
    expect(friendMessages({ branch, bondId: 'b', name: 'E', view: view(area.location, 'hidden') })).toEqual([]);
    expect(friendMessages({ branch, bondId: 'b', name: 'E', view: view(undefined, 'unknown') })).toEqual([]);
  });

  it('keeps topics MQTT-safe and tracker ids two letters', () => {
    expect(friendTopic({ branch, bondId: 'a/b+c#d' })).toBe('owntracks/entwine-01234567/abcd');
    expect(trackerId('  ')).toBe('??');
    expect(trackerId('李小龍')).toBe('李小');
  });
});
