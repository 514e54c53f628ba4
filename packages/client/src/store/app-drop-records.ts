/**
 * The app drops' records (decision 0019): a kind of its own, never part of the in-memory DeviceState, written
 * only by the app-drop part (parts/app-drop.ts) straight to the store.
 *
 * | kind      | id         | holds                                                                    |
 * |-----------|------------|--------------------------------------------------------------------------|
 * | app-drop  | owntracks  | the drop's id, the app's token and passphrase, when it was made, and when |
 * |           |            | the app last reported (`AppDropSetup`)                                    |
 *
 * The token and the passphrase are secrets of this device, like its keys: the relay keeps only the token's
 * SHA-256 and never sees the passphrase. Nothing here belongs to a bond.
 */
export const APP_DROP_KIND = 'app-drop';
