/**
 * The app-drop part (decision 0019): OwnTracks set up to post sealed straight to this person's relay, and this
 * device collecting what it posted. Setting up makes a drop on the relay (a random id, and the SHA-256 of a
 * random token the app signs in with) and a random passphrase the app seals each message with; the relay can
 * open none of it. Collecting reads the waiting posts, opens them and records their items like a tracker
 * app's payload (`trackers/tracker-intake.ts`), then lets the relay delete them.
 *
 * `entwine bridge` keeps its own drops in its own store (the bridge's apps); this part is what a device
 * without a bridge — the web app — uses, and its record is its own (store/app-drop-records.ts).
 */
import { owntracksPassphrase, ROUTES, sha256, type TrackerItem, toBase64url, utf8Encode } from '@entwine/core';
import type { RelayApi } from '../relay-api.ts';
import { APP_DROP_KIND } from '../store/app-drop-records.ts';
import { decodeJson, encodeJson } from '../store/records.ts';
import { type Collected, collectDrop } from '../trackers/drop-collect.ts';
import type { StoreCtx } from './owners.ts';

export interface AppDropSetup {
  app: 'owntracks';
  /** The drop's id on the relay (its URL is `server` + `/v1/drops/` + id). */
  id: string;
  /** The address the app posts to. */
  url: string;
  /** The app's password (HTTP basic auth); the relay keeps only its SHA-256. */
  token: string;
  /** The app's encryption key (its passphrase); never leaves this device but to the app. */
  passphrase: string;
  madeAt: number;
  /** When the app last posted (as the relay received it) and how many points that collection held. */
  lastReport?: { at: number; points: number };
}

type Stored = Omit<AppDropSetup, 'url'>;

/** What the relay is told of a drop's token (`PUT /v1/drops/:dropId`): its SHA-256, never the token. */
export const dropTokenHash = (token: string): string => toBase64url(sha256(utf8Encode(token)));
/** The address an app posts to: the relay's drop route under the device's server. */
export const dropUrl = (server: string, dropId: string): string => `${server.replace(/\/+$/, '')}${ROUTES.drop(dropId)}`;

export interface AppDropDeps {
  api: Pick<RelayApi, 'putDrop' | 'dropPosts' | 'ackDropPosts'>;
  server: () => string;
  /** Records a payload's items durably (the device's tracker intake). */
  record(items: TrackerItem[]): Promise<{ added: number; duplicates: number }>;
}

export class AppDropPart {
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: StoreCtx,
    private readonly deps: AppDropDeps,
  ) {}

  /** OwnTracks' drop as set up on this device, if it is. */
  async get(): Promise<AppDropSetup | undefined> {
    const value = await this.ctx.deps.store.get(APP_DROP_KIND, 'owntracks');
    return value ? this.withUrl(decodeJson<Stored>(value)) : undefined;
  }

  /**
   * Sets OwnTracks up to post to a drop of this person's on the relay. Already set up, the same setup is
   * given again (and told to the relay again, which is harmless); `renew` keeps the address but makes a new
   * token and a new passphrase — what is still waiting is collected first, because the new passphrase cannot
   * open it (if that fails, so does the renewal), and the old token stops working at once.
   */
  setUp(opts: { renew?: boolean } = {}): Promise<AppDropSetup> {
    return this.locked(async () => {
      const before = await this.get();
      // What the old passphrase sealed must be in before it is replaced: a renewal whose collection fails (the
      // relay away, a record that could not be written) fails too, and changes nothing.
      if (before && opts.renew) await this.collectNow(before);
      const old = before && opts.renew ? await this.get() : before; // with the last report that collection noted
      const random = this.ctx.deps.random;
      const next: Stored =
        old && !opts.renew
          ? stripUrl(old)
          : {
              app: 'owntracks',
              id: old?.id ?? toBase64url(random.bytes(16)),
              token: toBase64url(random.bytes(32)),
              passphrase: owntracksPassphrase((n) => random.bytes(n)),
              madeAt: this.ctx.deps.clock.now(),
              ...(old?.lastReport ? { lastReport: old.lastReport } : {}),
            };
      // The relay first: a setup the relay does not know is never shown as working.
      await this.deps.api.putDrop(next.id, dropTokenHash(next.token));
      await this.save(next);
      return this.withUrl(next);
    });
  }

  /** Collects what the app posted since; resolves once it is recorded and the relay told to let it go. */
  collect(): Promise<Collected> {
    return this.locked(async () => {
      const setup = await this.get();
      return setup ? this.collectNow(setup) : { posts: 0, points: 0, unreadable: 0 };
    });
  }

  private async collectNow(setup: AppDropSetup): Promise<Collected> {
    const got = await collectDrop(this.deps.api, { id: setup.id, passphrase: setup.passphrase }, this.deps.record);
    if (got.newestAt !== undefined) await this.save({ ...stripUrl(setup), lastReport: { at: got.newestAt, points: got.points } });
    return got;
  }

  private save(setup: Stored): Promise<void> {
    return this.ctx.deps.store.write([{ op: 'put', kind: APP_DROP_KIND, id: setup.app, value: encodeJson(setup) }]);
  }

  private withUrl(s: Stored): AppDropSetup {
    return { ...s, url: dropUrl(this.deps.server(), s.id) };
  }

  private locked<T>(run: () => Promise<T>): Promise<T> {
    const next = this.lock.then(run);
    this.lock = next.catch(() => undefined);
    return next;
  }
}

const stripUrl = ({ url: _url, ...rest }: AppDropSetup): Stored => rest;
