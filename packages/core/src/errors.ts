/**
 * The one error catalogue. Every refusal the relay sends and every failure a client shows has a code
 * here, an HTTP status, and a sentence that tells a person what to do. `docs/errors.md` lists the same
 * codes; `errors-doc.test.ts` keeps the two equal. Retired codes are never reused.
 */
export const ERRORS = {
  ENTWINE_ERR_REQ_MALFORMED: { status: 400, message: 'The request could not be read. Check that the client is up to date.' },
  ENTWINE_ERR_REQ_TOO_LARGE: { status: 413, message: 'The request is larger than this relay accepts.' },
  ENTWINE_ERR_REQ_UNSUPPORTED_TYPE: { status: 415, message: 'This endpoint takes a different content type.' },
  ENTWINE_ERR_REQ_NOT_FOUND: { status: 404, message: 'There is nothing at this address.' },
  ENTWINE_ERR_REQ_BAD_PATH: {
    status: 400,
    message: 'This address has a broken percent-encoding (a % not followed by valid UTF-8); check the link.',
  },
  ENTWINE_ERR_REQ_BAD_RANGE: {
    status: 416,
    message: 'The byte range asked for is malformed or lies outside the file; ask again without a Range header or within its size.',
  },
  ENTWINE_ERR_RATE_LIMITED: { status: 429, message: 'This device is sending too fast; it will be retried shortly.' },
  ENTWINE_ERR_REGISTER_TOO_FAST: {
    status: 429,
    message: 'Too many identities were registered from this network just now; wait the time the relay gives and try again.',
  },
  ENTWINE_ERR_AUTH_TOO_FAST: {
    status: 429,
    message: 'This device asked to sign in too often; wait the time the relay gives and try again.',
  },
  ENTWINE_ERR_INVITE_TOO_FAST: {
    status: 429,
    message: 'You made many invites in a short time; wait the time the relay gives before making another.',
  },
  ENTWINE_ERR_AUTH_REQUIRED: { status: 401, message: 'Sign in with this device first.' },
  ENTWINE_ERR_AUTH_BAD_SIGNATURE: { status: 401, message: 'The sign-in signature did not verify for this device.' },
  ENTWINE_ERR_AUTH_NONCE_USED: { status: 401, message: 'This sign-in challenge was already used or has expired; ask for a new one.' },
  ENTWINE_ERR_AUTH_UNKNOWN_DEVICE: { status: 401, message: 'This relay does not know this device. Register it first.' },
  ENTWINE_ERR_AUTH_DEVICE_REPLACED: {
    status: 410,
    message:
      'This identity moved to another device (restored from its recovery phrase there); this device no longer shares or receives anything.',
  },
  ENTWINE_ERR_PROTOCOL_TOO_OLD: {
    status: 426,
    message: 'This version of Entwine is too old for this relay: update Entwine (reload the web app, or install the new CLI).',
  },
  ENTWINE_ERR_PROTOCOL_RELAY_TOO_OLD: {
    status: 426,
    message: 'This relay runs an older Entwine than this app: ask whoever runs the relay to update Entwine on it.',
  },
  ENTWINE_ERR_DEVICE_LIST_INVALID: { status: 400, message: 'The device list is not signed by this identity.' },
  ENTWINE_ERR_DEVICE_LIST_ROLLBACK: { status: 409, message: 'The device list is older than the one already stored.' },
  ENTWINE_ERR_PHRASE_INVALID: {
    status: 400,
    message: 'This recovery phrase is not valid: it is 12 English words with a checksum; check each word and their order.',
  },
  ENTWINE_ERR_INVITE_NOT_FOUND: { status: 404, message: 'This invite does not exist. Ask for a new link.' },
  ENTWINE_ERR_INVITE_EXPIRED: { status: 410, message: 'This invite has expired. Ask for a new link.' },
  ENTWINE_ERR_INVITE_USED: { status: 409, message: 'This invite was already used. Ask for a new link.' },
  ENTWINE_ERR_INVITE_DECLINED: { status: 410, message: 'This invite was declined by the person who made it.' },
  ENTWINE_ERR_INVITE_STATE: { status: 409, message: 'This invite is not at the step this request belongs to.' },
  ENTWINE_ERR_INVITE_NOT_YOURS: { status: 403, message: 'Only the person who made this invite can do that.' },
  ENTWINE_ERR_INVITE_OWN: { status: 409, message: 'This is your own invite; send the link to the person you want to bond with.' },
  ENTWINE_ERR_REQUEST_NOT_FOUND: {
    status: 404,
    message: 'No one of that name is waiting for your yes; the list of requests shows who answered your invites.',
  },
  ENTWINE_ERR_BOND_NOT_FOUND: { status: 404, message: 'There is no such bond: it never existed, or it has ended.' },
  ENTWINE_ERR_BOND_NOT_MEMBER: { status: 403, message: 'This device is not part of that bond.' },
  ENTWINE_ERR_BOND_PENDING: { status: 409, message: 'This bond is waiting for both people to say yes; nothing is relayed until then.' },
  ENTWINE_ERR_BOND_ENDED: { status: 410, message: 'This bond has ended; nothing more is relayed.' },
  ENTWINE_ERR_BOND_EXISTS: { status: 409, message: 'A bond with this id already exists; start the pairing again with a new invite.' },
  ENTWINE_ERR_BOND_UNVERIFIED: {
    status: 409,
    message: 'Compare the numbers with them first (or skip the check); until then nothing is shared in this bond.',
  },
  ENTWINE_ERR_SIGNED_DOC_INVALID: {
    status: 400,
    message: 'A signed document did not verify for this device, or names a different bond, person or device.',
  },
  ENTWINE_ERR_ENVELOPE_MALFORMED: { status: 400, message: 'The envelope could not be decoded.' },
  ENTWINE_ERR_ENVELOPE_SENDER: { status: 403, message: 'The envelope names a different sending device than the one signed in.' },
  ENTWINE_ERR_ENVELOPE_DUPLICATE: { status: 409, message: 'This envelope is already stored.' },
  ENTWINE_ERR_CHUNK_MALFORMED: {
    status: 400,
    message: 'The trail chunk could not be read: its header or its length is not that of a day chunk.',
  },
  ENTWINE_ERR_CHUNK_SENDER: { status: 403, message: 'The trail chunk names a different sending device than the one signed in.' },
  ENTWINE_ERR_CHUNK_STALE: {
    status: 409,
    message: 'A newer version of this day is already stored; this older one was not kept.',
  },
  ENTWINE_ERR_CHUNK_RETENTION: {
    status: 410,
    message: 'This day is older than the history kept in this bond, so it was not stored; raising the retention applies from now on.',
  },
  ENTWINE_ERR_CHUNK_FUTURE: {
    status: 400,
    message: "This day is later than tomorrow by the relay's clock; check this device's date and time.",
  },
  ENTWINE_ERR_TRAIL_NOT_YOURS: {
    status: 403,
    message: 'This history belongs to a bond this device is not part of, or to another person; only its own people can read or add to it.',
  },
  ENTWINE_ERR_DROP_UNKNOWN: {
    status: 404,
    message: 'This relay has no app drop at this address for you; set the app up again (`entwine bridge setup owntracks --via-relay`).',
  },
  ENTWINE_ERR_DROP_TAKEN: { status: 409, message: 'This drop address belongs to someone else; set the app up again for a new one.' },
  ENTWINE_ERR_DROP_TOO_MANY: {
    status: 409,
    message: 'You have as many app drops as this relay allows; renew an existing one instead of making another.',
  },
  ENTWINE_ERR_DROP_AUTH: {
    status: 401,
    message: "The app's password is not this drop's token: paste the password `entwine bridge setup owntracks --via-relay` shows.",
  },
  ENTWINE_ERR_DROP_PLAINTEXT: {
    status: 400,
    message:
      'The relay takes only sealed app payloads and kept nothing of this one: set the encryption key in OwnTracks (Settings → Connection → Security).',
  },
  ENTWINE_ERR_DROP_FULL: {
    status: 507,
    message:
      'This drop holds as many waiting posts as the relay allows; start `entwine bridge` to collect them (the app keeps the rest and sends them again).',
  },
  ENTWINE_ERR_STORE_UNAVAILABLE: { status: 503, message: 'The relay could not store this right now; it will be retried.' },
  ENTWINE_ERR_SHIELD_HIDDEN: { status: 403, message: 'You do not share this with them right now; change your shield for them first.' },
  ENTWINE_ERR_SHIELD_LEVEL: { status: 400, message: 'This facet has no such level; choose one of the levels it offers.' },
  ENTWINE_ERR_INPUT_INVALID: { status: 400, message: 'That cannot be sent as it is; check its length and contents.' },
  ENTWINE_ERR_GLANCE_TOO_FAST: { status: 429, message: 'Glances are gentle: wait a moment before sending another.' },
  ENTWINE_ERR_MOMENT_TYPE: { status: 415, message: 'Only JPEG, PNG and WebP photos can be shared.' },
  ENTWINE_ERR_MOMENT_TOO_LARGE: { status: 413, message: 'This photo is too large to share, even after resizing.' },
  ENTWINE_ERR_MOMENT_LIMIT: {
    status: 429,
    message: 'You have shared as many photos with them today as a bond allows; try again tomorrow.',
  },
  ENTWINE_ERR_BASEMAP_NONE: {
    status: 404,
    message:
      'This relay serves no street map; the map shows outlines, or the tiles you chose. Its operator can add one (docs/operations.md).',
  },
  ENTWINE_ERR_INTERNAL: { status: 500, message: 'The relay hit an unexpected problem; try again, and report it if it keeps happening.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * An error that carries a catalogue code; the relay turns it into `{ code, message }` with its status, and
 * the client throws it for every refusal of its own. `detail` names what the sentence is about (a partner,
 * a facet, a field); the message is the catalogue's sentence followed by it in brackets.
 */
export class EntwineError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  constructor(code: ErrorCode, detail?: string) {
    super(detail ? `${ERRORS[code].message} (${detail})` : ERRORS[code].message);
    this.name = 'EntwineError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.detail = detail;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}
