/**
 * The photos of the moments shown on screen, as object URLs made once per moment from the bytes the
 * client verified (every chunk present, the SHA-256 matching) — never a URL the relay could point at.
 * URLs of moments that left the client's history are revoked, and all of them when the session closes.
 */
import type { MomentEntry } from '@entwine/client';
import { fromBase64url, type MomentMessage } from '@entwine/core';

export interface ShownMoment {
  id: string;
  from: 'me' | 'peer';
  header: MomentMessage;
  /** An object URL of the photo (metadata already stripped by the sender's client). */
  url: string;
}

export class MomentPhotos {
  private readonly urls = new Map<string, Map<string, string>>();

  /** The moments of one bond with a URL each; URLs are kept for moments seen before. */
  list(bondId: string, entries: MomentEntry[]): ShownMoment[] {
    const before = this.urls.get(bondId) ?? new Map<string, string>();
    const after = new Map<string, string>();
    const shown: ShownMoment[] = [];
    for (const e of entries) {
      const key = `${e.from}/${e.id}`;
      let url = before.get(key);
      if (!url) {
        try {
          url = URL.createObjectURL(new Blob([fromBase64url(e.photo) as Uint8Array<ArrayBuffer>], { type: e.header.mime }));
        } catch {
          continue; // unreadable bytes: the client checked the hash, so this does not happen; show nothing rather than break
        }
      }
      after.set(key, url);
      shown.push({ id: e.id, from: e.from, header: e.header, url });
    }
    for (const [key, url] of before) if (!after.has(key)) URL.revokeObjectURL(url);
    this.urls.set(bondId, after);
    return shown;
  }

  /** Forgets a bond's photos (it ended). */
  drop(bondId: string): void {
    for (const url of this.urls.get(bondId)?.values() ?? []) URL.revokeObjectURL(url);
    this.urls.delete(bondId);
  }

  close(): void {
    for (const bondId of [...this.urls.keys()]) this.drop(bondId);
  }
}
