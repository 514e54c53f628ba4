/**
 * What a verified message does beyond the views: glances are de-duplicated and rate-limited per partner
 * (a flood from a modified client is muted here, and nothing else of the bond is touched); thoughts are
 * kept and answered with a `delivered` receipt; receipts move the marks of this person's thoughts forward
 * (never back); photo chunks are gathered until the photo is complete and its hash matches. A received
 * photo keeps its place only while the partner's view still draws its pin (`view.ts`): when the sharer
 * lowers moments below it, the place is deleted from this device's copy too, not just hidden.
 */
import {
  fromBase64url,
  type GlanceMessage,
  levelAt,
  type Message,
  MOMENT_MAX_BYTES,
  type MomentMessage,
  type PlaceEventMessage,
  RECEIPT_MAX_IDS,
  type ReceiptMessage,
  sha256,
  toBase64url,
} from '@entwine/core';
import type { DeviceEvent, ThoughtMark } from './context.ts';
import type { PartCtx } from './parts/owners.ts';
import type { Verified } from './receive.ts';
import type { BondState, MomentEntry, ThoughtEntry } from './state.ts';
import { changes } from './store/records.ts';
import { pinOf } from './view.ts';

export const THOUGHT_HISTORY = 500;
export const GLANCE_HISTORY = 50;
export const MOMENT_HISTORY = 20;

/**
 * Adds a photo at the front, keeping MOMENT_HISTORY entries; returns the ids of those it let go. Each photo's
 * bytes are one record written once (store/records.ts), so kept photos cost nothing on later saves.
 */
export function keepMoment(bond: BondState, entry: MomentEntry): string[] {
  bond.moments ??= [];
  bond.moments.unshift(entry);
  return bond.moments.splice(MOMENT_HISTORY).map((m) => m.id);
}

/** A received photo's place as this device may keep it: its pin, while the partner's levels allow it. */
function keptPlace(bond: BondState, header: MomentMessage): MomentMessage {
  if (header.place.level === 'none') return header;
  const pin = pinOf(bond.receivedView, header.id);
  return pin ? { ...header, place: pin.place } : { ...header, place: { level: 'none' } };
}

/** Deletes the place of every received photo whose pin the partner withdrew. */
export function withdrawPlaces(bond: BondState): void {
  for (const m of bond.moments ?? []) if (m.from === 'peer') m.header = keptPlace(bond, m.header);
}

/** A partner's glances beyond this burst, refilled one per GLANCE_REFILL_MS, are muted on arrival. */
export const GLANCE_BURST = 10;
export const GLANCE_REFILL_MS = 30_000;
/** A photo whose chunks have not all come within this long is dropped. */
const MOMENT_ASSEMBLY_MS = 60 * 60 * 1000;
/** Photos one partner may have half-sent at once. */
const MOMENTS_ASSEMBLING = 3;
/** Place events remembered per bond to say each once: far more than a day's arrivals and departures. */
const PLACES_REMEMBERED = 64;

const MARK_ORDER: Record<ThoughtMark, number> = { sent: 0, stored: 1, delivered: 2, read: 3 };

/** Moves a mark forward only. */
export function advanceMark(entry: ThoughtEntry, mark: ThoughtMark): boolean {
  if (MARK_ORDER[mark] <= MARK_ORDER[entry.mark]) return false;
  entry.mark = mark;
  return true;
}

export class Inbox {
  /** Per bond: tokens left and when they were last counted (in memory: a restart forgives). */
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly muted = new Map<string, number>();
  private readonly placesSaid = new Map<string, string[]>();
  private replies: Promise<unknown> = Promise.resolve();
  /**
   * Photos still arriving, per bond and moment id. In memory, capped: a partner cannot grow this device's
   * saved state by sending chunks that never complete. A photo cut off by a restart is lost (reported).
   */
  private readonly parts = new Map<
    string,
    Map<string, { header?: MomentMessage; chunks: Map<number, string>; bytes: number; firstAt: number }>
  >();

  constructor(
    private readonly ctx: PartCtx<'streams'>,
    /** Sends follow-up messages (receipts) to one bond; the inbox does not wait for them. */
    private readonly reply: (bond: BondState, messages: Message[]) => Promise<void>,
  ) {}

  accept(v: Verified): DeviceEvent[] {
    const { bond, meta, message } = v;
    switch (message.kind) {
      case 'location':
        return [{ type: 'location', ...meta, message }];
      case 'presence':
        if (v.fromPeer && message.keep) {
          withdrawPlaces(bond);
          this.ctx.mark(changes.momentsOf(bond.bondId));
        }
        return [{ type: 'presence', ...meta, message }];
      case 'feeling':
        return [{ type: 'feeling', ...meta, message }];
      case 'glance':
        return v.fromPeer ? this.glance(bond, message, meta) : [];
      case 'thought':
        return v.fromPeer ? this.thought(bond, message, meta) : [];
      case 'receipt':
        return v.fromPeer ? this.receipt(bond, message) : [];
      case 'moment':
      case 'moment-chunk':
        return v.fromPeer ? this.momentPart(bond, message, meta) : [];
      case 'trail':
        // A newer version of a day is up: said, not fetched (a UI reads it with `trailOf` when it shows that day).
        return v.fromPeer
          ? [{ type: 'trail-day', bondId: bond.bondId, from: meta.from, day: message.day, revision: message.revision }]
          : [];
      case 'place':
        // Said as it came: the sender's device confirmed it (the dwell) and chose this partner to hear it.
        return v.fromPeer && this.firstTimePlace(bond.bondId, message) ? [{ type: 'place', ...meta, message }] : [];
    }
  }

  /**
   * The same arrival or departure again (the backlog read after the live socket delivered it, or a resend)
   * is said once: known by place, event and time, the last few per bond, in memory (a restart reads from the
   * saved read position, past what was said).
   */
  private firstTimePlace(bondId: string, message: PlaceEventMessage): boolean {
    const key = `${message.placeId}/${message.event}/${message.at}`;
    const seen = this.placesSaid.get(bondId) ?? [];
    if (seen.includes(key)) return false;
    seen.push(key);
    if (seen.length > PLACES_REMEMBERED) seen.shift();
    this.placesSaid.set(bondId, seen);
    return true;
  }

  private glance(bond: BondState, message: GlanceMessage, meta: Verified['meta']): DeviceEvent[] {
    bond.glances ??= [];
    const seen = bond.glances;
    if (seen.some((g) => g.id === message.id)) return []; // the same glance again (backlog after live)
    if (!this.takeToken(bond.bondId)) {
      const count = (this.muted.get(bond.bondId) ?? 0) + 1;
      this.muted.set(bond.bondId, count);
      return count === 1 || count % 50 === 0 ? [{ type: 'glances-muted', bondId: bond.bondId, from: bond.peer.name, count }] : [];
    }
    this.muted.delete(bond.bondId);
    seen.unshift({ id: message.id, from: 'peer', glance: message.glance, ts: message.ts });
    seen.splice(GLANCE_HISTORY);
    this.ctx.mark(changes.glances(bond.bondId));
    return [{ type: 'glance', ...meta, message }];
  }

  private takeToken(bondId: string): boolean {
    const now = this.ctx.deps.clock.now();
    const b = this.buckets.get(bondId) ?? { tokens: GLANCE_BURST, at: now };
    const refilled = Math.min(GLANCE_BURST, b.tokens + Math.max(0, now - b.at) / GLANCE_REFILL_MS);
    const ok = refilled >= 1;
    this.buckets.set(bondId, { tokens: ok ? refilled - 1 : refilled, at: now });
    return ok;
  }

  private thought(bond: BondState, message: Extract<Message, { kind: 'thought' }>, meta: Verified['meta']): DeviceEvent[] {
    bond.thoughts ??= [];
    const thoughts = bond.thoughts;
    if (thoughts.some((t) => t.id === message.id && t.from === 'peer')) return [];
    thoughts.push({ id: message.id, from: 'peer', text: message.text, ts: message.ts, mark: 'delivered' });
    thoughts.sort((a, b) => a.ts - b.ts);
    const dropped = thoughts.splice(0, Math.max(0, thoughts.length - THOUGHT_HISTORY));
    this.ctx.mark(changes.thought(bond.bondId, message.id), ...dropped.map((t) => changes.thought(bond.bondId, t.id)));
    this.sendReceipts(bond, 'delivered', [message.id]);
    return [{ type: 'thought', ...meta, message }];
  }

  /** Receipts go only while this person shares thoughts with the partner (a hidden facet says nothing). */
  sendReceipts(bond: BondState, mark: 'delivered' | 'read', ids: string[]): void {
    if (bond.status !== 'active' || levelAt(bond.shield, 'thoughts', this.ctx.deps.clock.now()) === 'hidden' || ids.length === 0) return;
    const messages: ReceiptMessage[] = [];
    for (let i = 0; i < ids.length; i += RECEIPT_MAX_IDS) {
      messages.push({ kind: 'receipt', ts: this.ctx.deps.clock.now(), mark, ids: ids.slice(i, i + RECEIPT_MAX_IDS) });
    }
    // Not awaited by the delivery that caused it (that would hold up the socket); a lost receipt only
    // leaves a mark behind. `repliesQueued` lets a caller wait until they are in the outbox.
    const sent = this.reply(bond, messages).catch(() => undefined);
    this.replies = Promise.all([this.replies, sent]);
  }

  /** Resolves when every receipt queued so far has been sealed (and stored, or failed). */
  repliesQueued(): Promise<unknown> {
    return this.replies;
  }

  private receipt(bond: BondState, message: ReceiptMessage): DeviceEvent[] {
    const events: DeviceEvent[] = [];
    for (const entry of bond.thoughts ?? []) {
      if (entry.from === 'me' && message.ids.includes(entry.id) && advanceMark(entry, message.mark)) {
        this.ctx.mark(changes.thought(bond.bondId, entry.id));
        events.push({ type: 'thought-mark', bondId: bond.bondId, name: bond.peer.name, id: entry.id, mark: entry.mark });
      }
    }
    return events;
  }

  private momentPart(
    bond: BondState,
    message: Extract<Message, { kind: 'moment' | 'moment-chunk' }>,
    meta: Verified['meta'],
  ): DeviceEvent[] {
    if ((bond.moments ?? []).some((m) => m.id === message.id && m.from === 'peer')) return [];
    const now = this.ctx.deps.clock.now();
    const open = this.parts.get(bond.bondId) ?? new Map();
    this.parts.set(bond.bondId, open);
    for (const [id, p] of open) if (now - p.firstAt > MOMENT_ASSEMBLY_MS) open.delete(id);
    let part = open.get(message.id);
    if (!part) {
      if (open.size >= MOMENTS_ASSEMBLING) {
        const oldest = [...open.entries()].sort((a, b) => a[1].firstAt - b[1].firstAt)[0];
        if (oldest) open.delete(oldest[0]); // the partner sent more unfinished photos than anyone takes at once
      }
      part = { chunks: new Map(), bytes: 0, firstAt: now };
      open.set(message.id, part);
    }
    const forged: DeviceEvent = { type: 'forged', bondId: bond.bondId, from: bond.peer.name, reason: 'malformed', cursor: meta.cursor };
    if (message.kind === 'moment') part.header = message;
    else if (!part.chunks.has(message.index)) {
      part.chunks.set(message.index, message.data);
      part.bytes += message.data.length;
    }
    const header = part.header;
    if (part.bytes > (MOMENT_MAX_BYTES * 4) / 3 + 4 || (header && [...part.chunks.keys()].some((i) => i >= header.chunks))) {
      open.delete(message.id);
      return [forged];
    }
    if (!header || part.chunks.size < header.chunks) return [];
    open.delete(message.id);
    const photo = assemble(header, part.chunks);
    if (!photo) return [forged];
    const kept = keptPlace(bond, header);
    const gone = keepMoment(bond, { id: header.id, from: 'peer', header: kept, photo: toBase64url(photo) });
    this.ctx.mark(...[header.id, ...gone].map((id) => changes.moment(bond.bondId, id)));
    return [{ type: 'moment', ...meta, message: kept, photo }];
  }
}

/** The photo from its chunks, or undefined if a chunk is missing or the size or hash is wrong. */
function assemble(header: MomentMessage, chunks: Map<number, string>): Uint8Array | undefined {
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < header.chunks; i++) {
    const data = chunks.get(i);
    if (data === undefined) return undefined;
    try {
      pieces.push(fromBase64url(data));
    } catch {
      return undefined;
    }
  }
  const size = pieces.reduce((n, p) => n + p.length, 0);
  if (size !== header.size) return undefined;
  const photo = new Uint8Array(size);
  let at = 0;
  for (const p of pieces) {
    photo.set(p, at);
    at += p.length;
  }
  return toBase64url(sha256(photo)) === header.sha256 ? photo : undefined;
}
