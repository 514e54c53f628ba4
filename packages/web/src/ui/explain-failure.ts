/**
 * The one place where a typed failure becomes words on screen (STYLE §15). Everything the app can fail
 * with is classified by its type — a relay refusal's catalogue code, a rejected envelope's reason, a pairing
 * check's reason, the key store's reason, a geolocation error code — never by matching message text.
 */
import {
  DROPS,
  describeRelayError,
  NEWER_VERSION,
  type NotShownReason,
  REJECTIONS,
  type Rejection,
  RelayError,
  type TrailDamage,
  type UpdateNeeded,
} from '@entwine/client';
import { EntwineError, ERRORS, FACET_WORDS, type Facet, facetNoun, isErrorCode, pairingFailureWords, shieldRefusal } from '@entwine/core';
import { RelayUnreachableError } from '../adapters/browser-transport.ts';
import { KEY_STORE_FAILURES, KeyStoreError, type KeyStoreFailure } from '../adapters/indexeddb-vault.ts';
import { PASSKEY_FAILURES, PasskeyError, type PasskeyFailure } from '../adapters/passkey-unlock.ts';
import { PhotoUnreadableError } from '../adapters/resize-photo.ts';
import type { Route } from '../app/route.ts';
import { levelName } from './shield-words.ts';
import { OWN_EMOJI_MAX } from './user-text.ts';

export interface Explanation {
  title: string;
  detail: string;
  /** Where the person can put it right, if somewhere in the app. */
  open?: { route: Route; label: string };
}

/** What a screen was sending when it was refused: lets a shield's refusal name the facet and where to open it. */
export interface Sending {
  facet: Facet;
  /** The partner's name. */
  name: string;
}

/** Failures the app itself raises (as opposed to those thrown by the client or the platform). */
export const APP_FAILURES = {
  invalidPhrase: 'invalid-phrase',
  phraseMismatch: 'phrase-mismatch',
  emptyName: 'empty-name',
  notAnInvite: 'not-an-invite',
  notEmoji: 'not-emoji',
} as const;
export type AppFailureReason = (typeof APP_FAILURES)[keyof typeof APP_FAILURES];

export class AppFailure extends Error {
  readonly reason: AppFailureReason;
  constructor(reason: AppFailureReason) {
    super(reason);
    this.name = 'AppFailure';
    this.reason = reason;
  }
}

const APP_TEXT: Record<AppFailureReason, Explanation> = {
  'invalid-phrase': {
    title: 'That is not a valid recovery phrase',
    detail: 'A recovery phrase is 12 English words from the list Entwine uses. Check the spelling and the order of each word.',
  },
  'phrase-mismatch': {
    title: 'Those words do not match your phrase',
    detail: 'Look at the phrase again and type the words asked for. They are numbered from 1.',
  },
  'empty-name': { title: 'Choose a name', detail: 'Your partner sees this name when you invite them or ask to bond.' },
  'not-an-invite': {
    title: 'This is not an invite link',
    detail:
      'This address is not an Entwine invite (one looks like https://HOST/i/…#… and is copied whole, with the part after #). Ask for the link again.',
  },
  'not-emoji': {
    title: 'Only emoji here',
    detail: `“Your own emoji” takes one emoji (up to ${OWN_EMOJI_MAX}), such as 🌧️ or 🎉 — no letters, digits or spaces. Leave it empty to show your mood’s emoji; words go in the note.`,
  },
};

const REJECTION_TEXT: Record<Rejection, string> = {
  [REJECTIONS.forged]: 'its signature or encryption check failed — someone changed it, or it was not sealed by your partner',
  [REJECTIONS.replayed]: 'it is a copy of a message already received, sent again',
  [REJECTIONS.unknownSender]: 'it names a device your partner never listed',
  [REJECTIONS.unknownEpoch]: 'it was sealed with a key your partner never gave you',
  [REJECTIONS.malformed]: 'it could not be read as an Entwine message',
  [REJECTIONS.future]: 'it claims a time more than five minutes ahead of this device’s clock',
};

/** Why an envelope was rejected: it is always shown as "forged or damaged", with this as the reason. */
export function explainRejection(reason: Rejection): Explanation {
  return { title: 'Forged or damaged envelope', detail: `Not shown as a position: ${REJECTION_TEXT[reason] ?? reason}.` };
}

const NOT_SHOWN_TEXT: Record<NotShownReason, string> = {
  ...REJECTION_TEXT,
  [DROPS.notOurBond]: 'it names a bond this device does not have',
  [DROPS.bondNotActive]: 'it belongs to this bond while it is not active',
  [DROPS.ownEcho]: 'it is one this device sent, echoed back by the relay (routine)',
  [DROPS.belowCursor]: 'it was already read here, handed over again (routine when a live delivery meets a catch-up)',
  [NEWER_VERSION]: 'it is genuine but needs a newer version of Entwine to be shown (update Entwine)',
};

/** A genuine envelope this version cannot show: from a newer Entwine, never called forged. */
export function explainNewerVersion(from: string): Explanation {
  return {
    title: 'Needs a newer version of Entwine',
    detail: `${from} sent something this version of Entwine cannot show yet. It is genuine, not forged: update Entwine to see it.`,
  };
}

const TRAIL_DAMAGE_TEXT: Record<TrailDamage, string> = {
  forged: 'its signature or encryption check failed, or it is not theirs — someone changed it, or it was not sealed by them',
  stale: 'it is an older version of a day this device already read a newer version of, handed over again (a replay)',
  damaged: 'it opened, but what is inside could not be read as a day of a trail',
  'newer-version': 'it is genuine but needs a newer version of Entwine',
  'unknown-epoch': 'it was sealed with a key this device was never given',
};

/** A day's chunk that did not verify: said as such, never drawn as a trail (0014 §2). */
export function explainTrailDamage(reason: TrailDamage, from: string): Explanation {
  if (reason === 'newer-version') {
    return {
      title: `This day's trail from ${from} needs a newer version of Entwine`,
      detail: 'It is genuine, not forged: update Entwine to see it.',
    };
  }
  return { title: `This day's trail from ${from} could not be verified`, detail: `Not drawn: ${TRAIL_DAMAGE_TEXT[reason] ?? reason}.` };
}

/** The relay refused this app's protocol version (or this app is newer than the relay). */
export function explainUpdateNeeded(code: UpdateNeeded): Explanation {
  return {
    title: code === 'ENTWINE_ERR_PROTOCOL_TOO_OLD' ? 'Update Entwine' : 'The relay needs an update',
    detail: ERRORS[code].message,
  };
}

/** Why an envelope the relay handed over was not shown (`device.dropped()`), in a few words. */
export function explainNotShown(reason: NotShownReason): string {
  return NOT_SHOWN_TEXT[reason] ?? reason;
}

/** A failed pairing, with the reason in the words the CLI prints too (core `pairingFailureWords`). */
export function explainPairingFailure(reason: string): Explanation {
  return { title: 'Bonding failed a check; no bond was made', detail: `${pairingFailureWords(reason)}. Ask for a new invite.` };
}

const KEY_STORE_TEXT: Record<KeyStoreFailure, Explanation> = {
  [KEY_STORE_FAILURES.unavailable]: {
    title: 'This browser will not keep your keys',
    detail:
      'Entwine stores your keys in this browser’s IndexedDB, which is switched off here (a private window or a storage setting). Open Entwine in a normal window.',
  },
  [KEY_STORE_FAILURES.keyMissing]: {
    title: 'Your keys are locked away',
    detail:
      'The key that unlocks your stored identity is gone (site data was partly cleared). Restore your identity from its recovery phrase.',
  },
  [KEY_STORE_FAILURES.undecryptable]: {
    title: 'Your stored identity cannot be opened',
    detail:
      'The stored data does not decrypt with this browser’s key; it was damaged or replaced. Restore your identity from its recovery phrase.',
  },
  [KEY_STORE_FAILURES.locked]: {
    title: 'Entwine is locked',
    detail: 'Your identity on this device opens only with your passkey. Unlock it with the passkey you chose.',
  },
};

const PASSKEY_TEXT: Record<PasskeyFailure, Explanation> = {
  [PASSKEY_FAILURES.unsupported]: {
    title: 'Passkeys are not available here',
    detail:
      'This browser, or this address (an IP address cannot have passkeys), offers no passkeys. Entwine stays protected by this browser profile only.',
  },
  [PASSKEY_FAILURES.noPrf]: {
    title: 'This passkey gives Entwine no key',
    detail:
      'The passkey or the browser does not support the PRF extension, which Entwine needs to derive a key from it. Nothing changed: your keys stay protected by this browser profile only.',
  },
  [PASSKEY_FAILURES.notAllowed]: {
    title: 'No passkey answered',
    detail: 'The request was cancelled or timed out. Try again with the passkey you chose for Entwine.',
  },
};

const GEO_TEXT: Record<number, Explanation> = {
  1: {
    title: 'Location is blocked',
    detail: 'This browser denied Entwine your location. Allow it in the site settings (the icon left of the address) and try again.',
  },
  2: { title: 'Your position is unavailable', detail: 'The device could not find where it is right now; Entwine keeps trying.' },
  3: { title: 'Finding your position is taking long', detail: 'No fix yet; Entwine keeps trying. Being near a window or outdoors helps.' },
};

export function explainGeolocation(code: number): Explanation {
  return GEO_TEXT[code] ?? { title: 'Location failed', detail: `The browser reported error ${code}.` };
}

export function explainInsecureContext(origin: string): Explanation {
  return {
    title: 'Entwine cannot work on this address',
    detail:
      `This page was opened as ${origin}, over plain HTTP from another machine. Browsers give the cryptography Entwine needs ` +
      '(WebCrypto, key storage, location) only to secure pages, so nothing here could be kept private.',
  };
}

/**
 * Refusals the device itself makes before anything is sent (a shield that hides the facet, a glance too
 * soon after the last, a photo of the wrong kind or size): titled as "not sent", not as the relay's no.
 */
const NOT_SENT: Record<string, string> = {
  ENTWINE_ERR_SHIELD_HIDDEN: 'Not sent: you do not share this with them',
  ENTWINE_ERR_GLANCE_TOO_FAST: 'Not sent yet',
  ENTWINE_ERR_MOMENT_TYPE: 'This photo cannot be shared',
  ENTWINE_ERR_MOMENT_TOO_LARGE: 'This photo is too large',
  ENTWINE_ERR_MOMENT_LIMIT: 'No more photos today',
  ENTWINE_ERR_INPUT_INVALID: 'Not sent',
};

/** Invite refusals: the link itself cannot be used (said as what happened, not as "the relay said no"). */
const INVITE_REFUSED = new Set([
  'ENTWINE_ERR_INVITE_NOT_FOUND',
  'ENTWINE_ERR_INVITE_EXPIRED',
  'ENTWINE_ERR_INVITE_USED',
  'ENTWINE_ERR_INVITE_DECLINED',
  'ENTWINE_ERR_INVITE_OWN',
]);

/**
 * A shield's refusal, said with the facet it hides and where to open it. `sending` comes from the screen
 * that sent (it knows the facet); without it, the device's own words name the facet.
 */
function explainShieldHidden(error: RelayError | EntwineError, sending: Sending | undefined): Explanation {
  if (!sending)
    return {
      title: NOT_SENT.ENTWINE_ERR_SHIELD_HIDDEN as string,
      detail: error.message,
      open: { route: { name: 'sharing' }, label: 'Open Sharing' },
    };
  const facet = FACET_WORDS[sending.facet].name;
  return {
    title: shieldRefusal(sending.facet, sending.name).text,
    detail:
      `Your shield for ${sending.name} keeps ${facetNoun(sending.facet)} hidden or frozen. To send, open Sharing, find ${sending.name}, ` +
      `and set ${facet} to ${levelName(sending.facet, 'exact')}.`,
    open: { route: { name: 'sharing' }, label: 'Open Sharing' },
  };
}

/** Any thrown value → words; `sending` says what the screen was sending, for a shield's refusal. */
export function explainFailure(error: unknown, sending?: Sending): Explanation {
  // The relay's refusals (RelayError) and the device's own (EntwineError) carry codes of the one catalogue.
  const coded = error instanceof RelayError || error instanceof EntwineError ? error : undefined;
  if (coded?.code === 'ENTWINE_ERR_SHIELD_HIDDEN') return explainShieldHidden(coded, sending);
  if (coded && INVITE_REFUSED.has(coded.code)) {
    return { title: 'This invite cannot be used', detail: isErrorCode(coded.code) ? ERRORS[coded.code].message : coded.message };
  }
  if (error instanceof RelayError) return { title: NOT_SENT[error.code] ?? 'The relay said no', detail: describeRelayError(error) };
  if (error instanceof EntwineError) {
    if (error.code === 'ENTWINE_ERR_PROTOCOL_TOO_OLD' || error.code === 'ENTWINE_ERR_PROTOCOL_RELAY_TOO_OLD')
      return explainUpdateNeeded(error.code);
    return { title: NOT_SENT[error.code] ?? 'Not done', detail: ERRORS[error.code].message };
  }
  if (error instanceof PhotoUnreadableError) {
    return { title: 'This photo cannot be read', detail: 'The browser could not open it as an image. Choose a JPEG, PNG or WebP photo.' };
  }
  if (error instanceof KeyStoreError) return KEY_STORE_TEXT[error.reason];
  if (error instanceof PasskeyError) return PASSKEY_TEXT[error.reason];
  if (error instanceof AppFailure) return APP_TEXT[error.reason];
  if (error instanceof RelayUnreachableError) {
    return { title: 'The relay cannot be reached', detail: 'Check your connection and try again; the live connection retries by itself.' };
  }
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
}
