/**
 * OwnTracks (iOS, Android) over HTTP or MQTT: one message is a JSON object, or an array of them (the HTTP
 * mode's queue), keyed on `_type` (the booklet's json.md; research notes §2.7).
 *
 * - `location` → a fix: `lat`, `lon`, `tst` (Unix s of the fix, not `created_at`), `acc` m, `alt` m,
 *   `vel` **km/h** → m/s, `cog` → bearing, `batt` % → 0–1 with `bs` (1 unplugged, 2 charging, 3 full; 0 unknown).
 *   `inregions`/`inrids` are **not** read: the app's idea of which region it is in is not trusted; the
 *   bridge derives arrivals from the fixes against the person's own places.
 * - `transition` → enter/leave of the region named `desc`, at `tst`.
 * - `waypoint` → a region (`desc`, `lat`, `lon`, `rad`, `tst`); `waypoints` → one region per entry of
 *   its `waypoints`. A waypoint that is not a usable region (no name, bad centre or radius) is ignored.
 * - `lwt`, `card`, `cmd`, `status`, `steps`, `beacon` and any `_type` this does not know → ignored.
 * - `encrypted` → `data` is base64 of nonce(24) ‖ crypto_secretbox (XSalsa20-Poly1305); opened with
 *   the key, the inner JSON is read as above. No key, or a box that does not open, refuses the whole
 *   message: nothing unauthenticated is ever read.
 *
 * `device` is "USER/DEVICE" from the topic `owntracks/USER/DEVICE` (`opts.topic` for MQTT, the
 * message's own `topic` in HTTP mode); a topic of another shape is kept whole.
 */
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { base64 } from '@scure/base';
import { utf8Decode, utf8Encode } from '../bytes.ts';
import { EntwineError } from '../errors.ts';
import { fixItem, fixOf, isRejected, kindOf, numberOf, placeAndTime, textOf, timeOf, within } from './tracker-fields.ts';
import { TRACKER_REJECTIONS, type TrackerItem } from './tracker-item.ts';

const NONCE_LENGTH = 24;
const KEY_LENGTH = 32;
/** Poly1305's tag, before the ciphertext in a secretbox. */
const TAG_LENGTH = 16;

const invalid = (detail: string) => new EntwineError('ENTWINE_ERR_INPUT_INVALID', `owntracks: ${detail}`);

/**
 * The key the OwnTracks apps use: the passphrase's UTF-8 bytes, zero-padded to 32 — the apps apply no KDF,
 * so neither can we. A passphrase of more than 32 bytes cannot be the app's key.
 */
export function owntracksKey(passphrase: string): Uint8Array {
  const bytes = utf8Encode(passphrase);
  if (bytes.length === 0 || bytes.length > KEY_LENGTH) {
    throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `owntracks: expected a passphrase of 1 to 32 UTF-8 bytes, got ${bytes.length}`);
  }
  const key = new Uint8Array(KEY_LENGTH);
  key.set(bytes);
  return key;
}

/** `json` sealed as the apps expect it in encrypted mode: `{ _type: 'encrypted', data: base64(nonce ‖ box) }`. */
export function encryptOwnTracks(json: object, key: Uint8Array, nonce: Uint8Array): { _type: 'encrypted'; data: string } {
  if (key.length !== KEY_LENGTH) throw invalid(`expected a ${KEY_LENGTH}-byte key, got ${key.length}`);
  if (nonce.length !== NONCE_LENGTH) throw invalid(`expected a ${NONCE_LENGTH}-byte nonce, got ${nonce.length}`);
  const box = xsalsa20poly1305(key, nonce).encrypt(utf8Encode(JSON.stringify(json)));
  const data = new Uint8Array(NONCE_LENGTH + box.length);
  data.set(nonce);
  data.set(box, NONCE_LENGTH);
  return { _type: 'encrypted', data: base64.encode(data) };
}

function decrypt(m: Record<string, unknown>, key: Uint8Array | undefined): unknown {
  if (!key) throw invalid('got an encrypted message, but no key is set for it (set the same passphrase as in the app)');
  if (key.length !== KEY_LENGTH) throw invalid(`expected a ${KEY_LENGTH}-byte key, got ${key.length}`);
  if (typeof m.data !== 'string') throw invalid(`expected base64 "data" in an encrypted message, got ${kindOf(m.data)}`);
  let data: Uint8Array;
  try {
    data = base64.decode(m.data);
  } catch {
    throw invalid('expected base64 "data" in an encrypted message, got text that is not base64');
  }
  if (data.length < NONCE_LENGTH + TAG_LENGTH) {
    throw invalid(`expected at least ${NONCE_LENGTH + TAG_LENGTH} bytes of nonce and box, got ${data.length}`);
  }
  let plain: Uint8Array;
  try {
    plain = xsalsa20poly1305(key, data.subarray(0, NONCE_LENGTH)).decrypt(data.subarray(NONCE_LENGTH));
  } catch {
    throw invalid('expected a message sealed with this passphrase, got one that does not open (wrong passphrase, or altered)');
  }
  try {
    return JSON.parse(utf8Decode(plain));
  } catch {
    throw invalid('expected JSON inside the encrypted message, got bytes that do not parse');
  }
}

/** "USER/DEVICE" from `owntracks/USER/DEVICE[/event…]`; another non-empty topic whole. */
function deviceOf(topic: unknown): string | undefined {
  const t = textOf(topic);
  if (!t) return undefined;
  const parts = t.split('/');
  return parts[0] === 'owntracks' && parts.length >= 3 && parts[1] && parts[2] ? `${parts[1]}/${parts[2]}` : t;
}

type Located = Extract<TrackerItem, { kind: 'transition' | 'region' }>;
const withDevice = (item: Located, device: string | undefined): Located => (device === undefined ? item : { ...item, device });

function regionOf(w: unknown, device: string | undefined): TrackerItem {
  if (typeof w !== 'object' || w === null) return { kind: 'ignored', what: 'owntracks waypoint that is not an object' };
  const r = w as Record<string, unknown>;
  const name = textOf(r.desc);
  const lat = within(numberOf(r.lat), -90, 90);
  const lon = within(numberOf(r.lon), -180, 180);
  const radiusM = numberOf(r.rad);
  if (name === undefined || lat === undefined || lon === undefined || radiusM === undefined || radiusM <= 0) {
    return { kind: 'ignored', what: 'owntracks waypoint without a name, centre or radius' };
  }
  const ts = timeOf(r.tst);
  return withDevice(
    ts === undefined ? { kind: 'region', name, lat, lon, radiusM } : { kind: 'region', name, lat, lon, radiusM, ts },
    device,
  );
}

/** `opened`: this message came out of an `encrypted` one; the apps never seal twice, so that is refused. */
function readOne(msg: unknown, index: number, opts: { key?: Uint8Array; topic?: string }, opened: boolean): TrackerItem[] {
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) throw invalid(`expected a message object, got ${kindOf(msg)}`);
  const m = msg as Record<string, unknown>;
  const device = deviceOf(opts.topic) ?? deviceOf(m.topic);
  switch (m._type) {
    case 'location': {
      const at = placeAndTime(m.lat, m.lon, m.tst, index);
      if (isRejected(at)) return [at];
      const vel = numberOf(m.vel);
      const batt = numberOf(m.batt);
      const bs = numberOf(m.bs);
      const fix = fixOf(at, {
        acc: numberOf(m.acc),
        alt: numberOf(m.alt),
        speed: vel === undefined ? undefined : vel / 3.6,
        bearing: numberOf(m.cog),
        batteryLevel: batt === undefined ? undefined : batt / 100,
        charging: bs === 2 || bs === 3 ? true : bs === 1 ? false : undefined,
      });
      return [fixItem(fix, device)];
    }
    case 'transition': {
      const event = m.event === 'enter' || m.event === 'leave' ? m.event : undefined;
      const place = textOf(m.desc);
      const ts = timeOf(m.tst);
      if (!event || place === undefined || ts === undefined)
        return [{ kind: 'ignored', what: 'owntracks transition without event, region or time' }];
      const lat = within(numberOf(m.lat), -90, 90);
      const lon = within(numberOf(m.lon), -180, 180);
      const at = lat !== undefined && lon !== undefined && !(lat === 0 && lon === 0) ? { lat, lon } : {};
      return [withDevice({ kind: 'transition', event, place, ts, ...at }, device)];
    }
    case 'waypoint':
      return [regionOf(m, device)];
    case 'waypoints': {
      // Not thrown: in an HTTP queue that would refuse the fixes beside it, and the app would resend them forever.
      if (!Array.isArray(m.waypoints)) return [{ kind: 'ignored', what: 'owntracks waypoints without a list' }];
      return m.waypoints.map((w) => regionOf(w, device));
    }
    case 'encrypted': {
      if (opened) throw invalid('expected one level of encryption, got an encrypted message inside another');
      // The inner message names its own topic in HTTP mode; the MQTT topic, when given, still wins.
      return readMessage(decrypt(m, opts.key), opts, true);
    }
    default:
      return [{ kind: 'ignored', what: `owntracks ${typeof m._type === 'string' ? m._type : 'message without _type'}` }];
  }
}

function readMessage(message: unknown, opts: { key?: Uint8Array; topic?: string }, opened: boolean): TrackerItem[] {
  if (Array.isArray(message)) {
    // One element of a queue that is not a message is that point's loss, not the queue's.
    return message.flatMap((m, i): TrackerItem[] =>
      typeof m === 'object' && m !== null && !Array.isArray(m)
        ? readOne(m, i, opts, opened)
        : [
            {
              kind: 'rejected',
              reason: TRACKER_REJECTIONS.badCoordinates,
              index: i,
              detail: `expected a message object, got ${kindOf(m)}`,
            },
          ],
    );
  }
  return readOne(message, 0, opts, opened);
}

/**
 * One OwnTracks HTTP body or MQTT message (already parsed from JSON) as tracker items. Throws
 * `ENTWINE_ERR_INPUT_INVALID` when it is not a message (or array of messages), or is encrypted without a
 * key or under another one.
 */
export function readOwnTracks(message: unknown, opts: { key?: Uint8Array; topic?: string } = {}): TrackerItem[] {
  return readMessage(message, opts, false);
}
