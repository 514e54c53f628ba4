/**
 * The places part (decision 0016): the places this person named on this device (a name, a centre, a radius),
 * per bond the places its partner may hear of (none unless this person shares one), and the arrive/leave
 * tracker fed with every fix this device records. An event the tracker confirms is sealed as one `place`
 * message to each active bond that may hear of that place and whose `places` shield is `exact` at that
 * moment; every other bond gets nothing at all — no envelope, no change to its ticks.
 *
 * Its records (store/place-records.ts) are its own, not in the in-memory state: like the trail it writes
 * straight to the store (a `StoreCtx`), and it reads them from the store when it uses them, so a place added
 * or shared by another process on the same home counts from the next fix. Imported fixes are history, not
 * the present: they are never fed here.
 */
import {
  EntwineError,
  emptyPlacePresence,
  levelAt,
  type Message,
  type Place,
  type PlaceEvent,
  type PlacePresenceState,
  placePresence,
  placeSchema,
  toBase64url,
} from '@entwine/core';
import { heldForNumbers } from '../numbers-hold.ts';
import type { BondState, ExactFix } from '../state.ts';
import type { StoreOp } from '../store/device-store.ts';
import { PLACE_KINDS } from '../store/place-records.ts';
import { encodeJson as json, decodeJson as parse } from '../store/records.ts';
import type { StoreCtx } from './owners.ts';

export interface PlacesDeps {
  /** Seals messages to one bond (the publisher's): queued in the outbox, resolved once the relay stored them. */
  seal(bond: BondState, messages: Message[]): Promise<void>;
}

export type PlaceInput = Omit<Place, 'id'>;

const byName = (a: Place, b: Place) =>
  a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0;

/** The `places` shield level at which a partner hears of a place they may: only `exact` (decision 0016). */
export const PLACE_EVENT_LEVEL = 'exact';

export class PlacesPart {
  private lock: Promise<unknown> = Promise.resolve();
  /** Place messages sealed in the background and not yet stored by the relay (`idle`). */
  private readonly sending = new Set<Promise<unknown>>();

  constructor(
    private readonly ctx: StoreCtx,
    private readonly deps: PlacesDeps,
  ) {}

  /** This person's places, by name. */
  async list(): Promise<Place[]> {
    const rows = await this.ctx.deps.store.list(PLACE_KINDS.place);
    return rows.map((r) => parse<Place>(r.value)).sort(byName);
  }

  /** Names a new place; the name must be new (places are addressed by name) and the place valid. */
  async add(input: PlaceInput): Promise<Place> {
    const candidate = { id: toBase64url(this.ctx.deps.random.bytes(8)), ...input };
    const parsed = placeSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `a place's ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
    }
    return this.locked(async () => {
      const place = parsed.data;
      const existing = await this.list();
      if (existing.some((p) => p.name.toLowerCase() === place.name.toLowerCase())) {
        throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `you already have a place named "${place.name}"`);
      }
      await this.ctx.deps.store.write([{ op: 'put', kind: PLACE_KINDS.place, id: place.id, value: json(place) }]);
      return place;
    });
  }

  /** Forgets a place (by name or id) and every bond's leave to hear of it, at once. */
  async remove(which: string): Promise<Place> {
    return this.locked(async () => {
      const [place] = this.resolve(await this.list(), [which]);
      const ops: StoreOp[] = [{ op: 'delete', kind: PLACE_KINDS.place, id: place!.id }];
      for (const row of await this.ctx.deps.store.list(PLACE_KINDS.share)) {
        const ids = parse<string[]>(row.value);
        if (ids.includes(place!.id))
          ops.push(
            this.shareOp(
              row.id,
              ids.filter((id) => id !== place!.id),
            ),
          );
      }
      await this.ctx.deps.store.write(ops);
      return place!;
    });
  }

  /** The places the bond's partner may hear of, by name. */
  async sharedWith(bondId: string): Promise<Place[]> {
    const ids = await this.shareOf(bondId);
    return (await this.list()).filter((p) => ids.includes(p.id));
  }

  /** Lets the bond's partner hear of these places (names or ids), from the next event on. */
  async share(bondId: string, which: string[]): Promise<Place[]> {
    return this.locked(async () => {
      const places = this.resolve(await this.list(), which);
      const ids = new Set(await this.shareOf(bondId));
      for (const p of places) ids.add(p.id);
      await this.ctx.deps.store.write([this.shareOp(bondId, [...ids])]);
      return places;
    });
  }

  /** Stops the bond's partner hearing of these places, at once (an event being sealed right now may still go). */
  async unshare(bondId: string, which: string[]): Promise<Place[]> {
    return this.locked(async () => {
      const places = this.resolve(await this.list(), which);
      const drop = new Set(places.map((p) => p.id));
      const ids = (await this.shareOf(bondId)).filter((id) => !drop.has(id));
      await this.ctx.deps.store.write([this.shareOp(bondId, ids)]);
      return places;
    });
  }

  /**
   * Feeds one fix this device recorded to the tracker; the events it confirms are sealed in the background
   * (`idle` waits for them), so a fix is never held up by the relay.
   */
  async observe(fix: ExactFix): Promise<void> {
    return this.observeMany([fix]);
  }

  /** Fixes in time order (a tracker app's batch): one read and one write of the presence state for all of them. */
  async observeMany(fixes: readonly ExactFix[]): Promise<void> {
    if (fixes.length === 0) return;
    return this.locked(async () => {
      const places = await this.list();
      if (places.length === 0) return; // nothing to track; no record written
      const bytes = await this.ctx.deps.store.get(PLACE_KINDS.presence, '');
      let state = bytes ? parse<PlacePresenceState>(bytes) : emptyPlacePresence();
      const events: PlaceEvent[] = [];
      for (const fix of fixes) {
        const input = { lat: fix.lat, lon: fix.lon, ts: fix.ts, ...(fix.acc !== undefined ? { acc: fix.acc } : {}) };
        const step = placePresence(state, input, places);
        state = step.state;
        events.push(...step.events);
      }
      await this.ctx.deps.store.write([{ op: 'put', kind: PLACE_KINDS.presence, id: '', value: json(state) }]);
      if (events.length > 0) await this.send(events);
    });
  }

  /** Resolves when every place message sealed so far was stored by the relay (or failed). */
  async idle(): Promise<void> {
    await this.lock;
    while (this.sending.size > 0) await Promise.all([...this.sending]);
  }

  private async send(events: PlaceEvent[]): Promise<void> {
    await this.ctx.refresh(); // a shield or a bond another process on this home changed
    const now = this.ctx.deps.clock.now();
    for (const bond of Object.values(this.ctx.state.bonds)) {
      if (bond.status !== 'active' || heldForNumbers(bond)) continue;
      if (levelAt(bond.shield, 'places', now) !== PLACE_EVENT_LEVEL) continue;
      const allowed = new Set(await this.shareOf(bond.bondId));
      const messages: Message[] = events
        .filter((e) => allowed.has(e.placeId))
        .map((e) => ({ kind: 'place', ts: now, event: e.event, placeId: e.placeId, name: e.name, at: e.at }));
      if (messages.length === 0) continue;
      // A failure (offline too long, the bond ended meanwhile) loses this event: it is news, not history.
      const sent: Promise<unknown> = this.deps.seal(bond, messages).catch(() => undefined);
      this.sending.add(sent);
      void sent.finally(() => this.sending.delete(sent));
    }
  }

  private async shareOf(bondId: string): Promise<string[]> {
    const bytes = await this.ctx.deps.store.get(PLACE_KINDS.share, bondId);
    return bytes ? parse<string[]>(bytes) : [];
  }

  private shareOp(bondId: string, ids: string[]): StoreOp {
    return ids.length === 0
      ? { op: 'delete', kind: PLACE_KINDS.share, id: bondId }
      : { op: 'put', kind: PLACE_KINDS.share, id: bondId, value: json(ids.sort()) };
  }

  /** Each name (case-insensitive) or id to its place; an unknown one is refused, naming it. */
  private resolve(places: Place[], which: string[]): Place[] {
    return which.map((w) => {
      const place = places.find((p) => p.id === w) ?? places.find((p) => p.name.toLowerCase() === w.toLowerCase());
      if (!place) throw new EntwineError('ENTWINE_ERR_INPUT_INVALID', `you have no place named "${w}"`);
      return place;
    });
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}
