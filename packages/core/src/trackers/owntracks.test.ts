/**
 * OwnTracks messages: a location's units (vel km/h → m/s, batt % → 0–1, bs → charging), transitions and
 * waypoints, what is ignored, the device from the topic, rejections beside kept points, and encrypted mode
 * against the OwnTracks Android known-answer message (test/vectors/owntracks-secretbox.json).
 */
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import vector from '../../test/vectors/owntracks-secretbox.json' with { type: 'json' };
import { encryptOwnTracks, owntracksKey, readOwnTracks } from './owntracks.ts';
import { throwsInvalid } from './test-support/throws-invalid.ts';

const location = {
  _type: 'location',
  lat: 52.225,
  lon: 13.332,
  tst: 1709283789,
  acc: 10,
  alt: 36,
  vel: 36,
  cog: 270,
  batt: 94,
  bs: 2,
  tid: 'RO',
  inregions: ['home'],
  inrids: ['5f1d1b'],
  topic: 'owntracks/test/iPhone 12 Pro',
};

describe('readOwnTracks: location', () => {
  it('reads a location in Entwine units, the device from its topic, and leaves inregions out', () => {
    expect(readOwnTracks(location)).toEqual([
      {
        kind: 'fix',
        device: 'test/iPhone 12 Pro',
        fix: {
          ts: 1709283789_000,
          lat: 52.225,
          lon: 13.332,
          acc: 10,
          alt: 36,
          speed: 10,
          bearing: 270,
          battery: { level: 0.94, charging: true },
        },
      },
    ]);
  });

  it('bs 3 (full) is charging, 1 unplugged is not, 0 leaves charging unknown', () => {
    const battery = (bs: number) => {
      const [item] = readOwnTracks({ ...location, bs });
      return item?.kind === 'fix' ? item.fix.battery : undefined;
    };
    expect(battery(3)).toEqual({ level: 0.94, charging: true });
    expect(battery(1)).toEqual({ level: 0.94, charging: false });
    expect(battery(0)).toEqual({ level: 0.94 });
  });

  it('the MQTT topic wins over the message topic', () => {
    expect(readOwnTracks(location, { topic: 'owntracks/alice/phone' })[0]).toMatchObject({ device: 'alice/phone' });
    expect(readOwnTracks(location, { topic: 'owntracks/alice/phone/event' })[0]).toMatchObject({ device: 'alice/phone' });
  });

  it('a message without a topic has no device; the fix keeps only the fields it carries', () => {
    expect(readOwnTracks({ _type: 'location', lat: 1, lon: 2, tst: 10 })).toEqual([{ kind: 'fix', fix: { ts: 10_000, lat: 1, lon: 2 } }]);
  });

  it('accepts string numbers', () => {
    const [item] = readOwnTracks({ _type: 'location', lat: '52.5', lon: '13.4', tst: '1709283789', vel: '18', batt: '50' });
    expect(item).toEqual({ kind: 'fix', fix: { ts: 1709283789_000, lat: 52.5, lon: 13.4, speed: 5, battery: { level: 0.5 } } });
  });

  it('leaves out negative speed and accuracy and an out-of-range battery, keeping the point', () => {
    const [item] = readOwnTracks({ _type: 'location', lat: 1, lon: 2, tst: 10, vel: -1, acc: -1, batt: 140, cog: -5 });
    expect(item).toEqual({ kind: 'fix', fix: { ts: 10_000, lat: 1, lon: 2 } });
  });

  it('rejects 0,0, bad coordinates and a missing time, and keeps the good points of the same queue', () => {
    const items = readOwnTracks([
      { _type: 'location', lat: 0, lon: 0, tst: 10 },
      { _type: 'location', lat: 91, lon: 2, tst: 10 },
      { _type: 'location', lat: 'north', lon: 2, tst: 10 },
      { _type: 'location', lat: 1, lon: 2 },
      { _type: 'location', lat: 1, lon: 2, tst: 'yesterday' },
      { _type: 'location', lat: 1, lon: 2, tst: 20 },
      42,
    ]);
    expect(items.map((i) => (i.kind === 'rejected' ? [i.reason, i.index] : i.kind))).toEqual([
      ['null-island', 0],
      ['bad-coordinates', 1],
      ['bad-coordinates', 2],
      ['bad-time', 3],
      ['bad-time', 4],
      'fix',
      ['bad-coordinates', 6],
    ]);
    expect(items[5]).toEqual({ kind: 'fix', fix: { ts: 20_000, lat: 1, lon: 2 } });
  });

  it('a tst in ms (from 1e11 on) is read as ms', () => {
    expect(readOwnTracks({ _type: 'location', lat: 1, lon: 2, tst: 1709283789_123 })[0]).toMatchObject({ fix: { ts: 1709283789_123 } });
  });
});

describe('readOwnTracks: transitions, waypoints and the rest', () => {
  it('reads a transition as enter/leave of the named region', () => {
    const items = readOwnTracks({
      _type: 'transition',
      event: 'leave',
      desc: 'home',
      tst: 1709317615,
      wtst: 1696359532,
      lat: 52.227,
      lon: 13.334,
      acc: 5,
      topic: 'owntracks/test/iPhone 12 Pro/event',
    });
    expect(items).toEqual([
      { kind: 'transition', event: 'leave', place: 'home', ts: 1709317615_000, lat: 52.227, lon: 13.334, device: 'test/iPhone 12 Pro' },
    ]);
  });

  it('reads a waypoint and each entry of waypoints as regions', () => {
    expect(readOwnTracks({ _type: 'waypoint', desc: 'Work', lat: 52.5, lon: 13.4, rad: 150, tst: 1700000000 })).toEqual([
      { kind: 'region', name: 'Work', lat: 52.5, lon: 13.4, radiusM: 150, ts: 1700000000_000 },
    ]);
    const items = readOwnTracks({
      _type: 'waypoints',
      waypoints: [
        { _type: 'waypoint', desc: 'Home', lat: 52.1, lon: 13.1, rad: 50, tst: 1 },
        { _type: 'waypoint', desc: 'Gym', lat: 52.2, lon: 13.2, rad: 80 },
        { _type: 'waypoint', lat: 52.2, lon: 13.2, rad: 80 },
      ],
    });
    expect(items).toEqual([
      { kind: 'region', name: 'Home', lat: 52.1, lon: 13.1, radiusM: 50, ts: 1000 },
      { kind: 'region', name: 'Gym', lat: 52.2, lon: 13.2, radiusM: 80 },
      { kind: 'ignored', what: 'owntracks waypoint without a name, centre or radius' },
    ]);
  });

  it('ignores lwt, card, cmd, status, steps, beacon and unknown types', () => {
    for (const t of ['lwt', 'card', 'cmd', 'status', 'steps', 'beacon', 'future']) {
      expect(readOwnTracks({ _type: t, tst: 1 })).toEqual([{ kind: 'ignored', what: `owntracks ${t}` }]);
    }
  });

  it('ignores waypoints without a list, even in a queue beside a fix', () => {
    expect(
      readOwnTracks([
        { _type: 'waypoints', waypoints: {} },
        { _type: 'location', lat: 1, lon: 2, tst: 3 },
      ]),
    ).toEqual([
      { kind: 'ignored', what: 'owntracks waypoints without a list' },
      { kind: 'fix', fix: { ts: 3000, lat: 1, lon: 2 } },
    ]);
  });

  it('throws on what is not a message: null, a number, a string', () => {
    throwsInvalid(() => readOwnTracks(null), /owntracks: expected a message object, got null/);
    throwsInvalid(() => readOwnTracks(7), /got number/);
    throwsInvalid(() => readOwnTracks('{"_type":"loc'), /got string/);
  });
});

describe('readOwnTracks: encrypted mode', () => {
  const key = owntracksKey('correct horse');
  const nonce = Uint8Array.from({ length: 24 }, (_, i) => i + 1);

  it('owntracksKey is the UTF-8 bytes zero-padded to 32, and refuses more than 32 bytes', () => {
    expect(Array.from(owntracksKey('123'))).toEqual([0x31, 0x32, 0x33, ...new Array(29).fill(0)]);
    expect(owntracksKey('é'.repeat(16)).length).toBe(32);
    throwsInvalid(() => owntracksKey('é'.repeat(17)), /1 to 32 UTF-8 bytes, got 34/);
  });

  it('reads the OwnTracks Android known-answer message with key "123"', () => {
    const items = readOwnTracks(JSON.parse(vector.message), { key: owntracksKey(vector.encryptionKey) });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'fix', fix: { lat: vector.expected.lat, lon: vector.expected.lon, acc: vector.expected.acc } });
  });

  it('round-trips, and lays out data as nonce ‖ box (16-byte tag + plaintext)', () => {
    const inner = { _type: 'location', lat: 48.1, lon: 11.5, tst: 1700000000, vel: 36, topic: 'owntracks/bob/pixel' };
    const sealed = encryptOwnTracks(inner, key, nonce);
    expect(sealed._type).toBe('encrypted');
    const data = base64.decode(sealed.data);
    expect(Array.from(data.subarray(0, 24))).toEqual(Array.from(nonce));
    expect(data.length).toBe(24 + 16 + JSON.stringify(inner).length);
    expect(readOwnTracks(sealed, { key })).toEqual([
      { kind: 'fix', device: 'bob/pixel', fix: { ts: 1700000000_000, lat: 48.1, lon: 11.5, speed: 10 } },
    ]);
  });

  it('an encrypted array of messages reads each', () => {
    const sealed = encryptOwnTracks([{ _type: 'location', lat: 1, lon: 2, tst: 3 }, { _type: 'lwt' }], key, nonce);
    expect(readOwnTracks(sealed, { key }).map((i) => i.kind)).toEqual(['fix', 'ignored']);
  });

  it('throws with a wrong key, no key, a flipped byte, or data too short', () => {
    const sealed = encryptOwnTracks({ _type: 'location', lat: 1, lon: 2, tst: 3 }, key, nonce);
    throwsInvalid(() => readOwnTracks(sealed, { key: owntracksKey('wrong horse') }), /does not open/);
    throwsInvalid(() => readOwnTracks(sealed), /no key is set/);
    const data = base64.decode(sealed.data);
    data[30] = (data[30] as number) ^ 1;
    throwsInvalid(() => readOwnTracks({ _type: 'encrypted', data: base64.encode(data) }, { key }), /does not open/);
    throwsInvalid(() => readOwnTracks({ _type: 'encrypted', data: base64.encode(data.subarray(0, 39)) }, { key }), /at least 40 bytes/);
    throwsInvalid(() => readOwnTracks({ _type: 'encrypted', data: '***' }, { key }), /not base64/);
    throwsInvalid(() => readOwnTracks({ _type: 'encrypted' }, { key }), /base64 "data"/);
  });

  it('refuses an encrypted message inside an encrypted message', () => {
    const once = encryptOwnTracks({ _type: 'location', lat: 1, lon: 2, tst: 3 }, key, nonce);
    throwsInvalid(() => readOwnTracks(encryptOwnTracks(once, key, nonce), { key }), /one level of encryption/);
  });

  it('refuses a key or nonce of the wrong length when sealing', () => {
    throwsInvalid(() => encryptOwnTracks({}, new Uint8Array(31), nonce), /32-byte key, got 31/);
    throwsInvalid(() => encryptOwnTracks({}, key, new Uint8Array(12)), /24-byte nonce, got 12/);
  });
});
