/**
 * The relay's HTTP routes in one table (`ROUTE_TABLE`): per route its method, its path pattern, whether it
 * needs a session, and the schemas of its JSON request and response bodies (from `api.ts`). The relay's
 * plugins register each route from its entry and parse its body with the entry's schema; the client calls
 * each route from its entry and checks the answer with the entry's schema — so a route's path, method and
 * schemas are written once. `ROUTES` builds concrete paths from the same patterns.
 * Auth: "session" routes need `Authorization: Bearer <token>` from the challenge–response sign-in.
 *
 *   PUT  /v1/users/:userId/devices        {deviceList} → {userId, version, known}   public; the identity's signature authorises it; rollback → 409
 *   GET  /v1/users/:userId/devices        → {deviceList}          session
 *   POST /v1/auth/challenge               {deviceId} → {nonce, exp}
 *   POST /v1/auth/session                 {deviceId, nonce, sig} → {token, exp}
 *   POST /v1/invites                      {inviteId, blob, expiresAt}        session; single-use, ≤ 24 h
 *   GET  /v1/invites/:inviteId            → {inviteId, blob, expiresAt, state} session
 *   POST /v1/invites/:inviteId/response   {blob}                  session; consumes the invite (second → 409)
 *   POST /v1/invites/:inviteId/decline    {}                      session; inviter only
 *   POST /v1/invites/:inviteId/reveal     {blob, confirm}         session; inviter only; creates the pending bond
 *   GET  /v1/pairings                     → {invites: [...]}       session; both roles
 *   GET  /v1/bonds                        → {bonds: [...]}         session
 *   POST /v1/bonds/:bondId/confirm        {confirm}               session; the second yes activates the bond
 *   POST /v1/bonds/:bondId/end            {end}                   session; either member; immediate
 *   POST /v1/bonds/:bondId/keys           {keyDist}               session; active bonds only
 *   GET  /v1/bonds/:bondId/keys           → {keyDists}             session
 *   POST /v1/bonds/:bondId/read           {cursor} → {cursor, missed}   session; members; the read position only moves up
 *   POST /v1/bonds/:bondId/retention      {days} → {days}         session; members; the caller's own retention for the bond
 *   POST /v1/envelopes                    octet-stream envelope   session; 201 stored, 409 duplicate
 *   GET  /v1/bonds/:bondId/envelopes?after=N&limit=M → octet-stream DELIVER frame   session
 *   POST /v1/chunks                       octet-stream day chunk  session; 201 {status}; newest revision only
 *   GET  /v1/trail/:ownerId?from=D&to=D   → octet-stream trail page (trail-page.ts)   session; the bond's members or the vault's person
 *   POST /v1/vault/keys                   {epochId, blob} → {status}   session; the caller's own vault
 *   GET  /v1/vault/keys                   → {keys}                 session; the caller's own vault
 *   PUT  /v1/drops/:dropId                {tokenHash} → {status}   session; the caller's own drop (decision 0019)
 *   GET  /v1/drops                        → {drops}                session; the caller's drops
 *   GET  /v1/drops/:dropId/posts?after=N&limit=M → {posts, more}   session; the drop's person
 *   POST /v1/drops/:dropId/ack            {upTo} → {deleted}       session; the drop's person
 *   POST /v1/drops/:dropId                {_type: "encrypted", data} → []   the app; HTTP basic auth, the drop's token as password
 *   GET  /v1/ws                           WebSocket (first frame: hello with the token)
 *   GET  /healthz                         → {ok: true}
 *   GET  /v1/basemap                      → {format, url | tiles, minzoom, maxzoom, bounds, …}   public; 404 BASEMAP_NONE without one
 *   GET  /basemap/archive.pmtiles         the PMTiles archive, by HTTP range requests (206, If-Range, 416)   public
 *   GET  /basemap/tiles/:z/:x/:y.mvt      one vector tile of an MBTiles basemap (204 where the file has none)   public
 */
import type { z } from 'zod';
import { API } from './api.ts';

export type RouteMethod = 'GET' | 'POST' | 'PUT';

/** One route: method, path pattern (`:name` for a path parameter), who may call it, its JSON bodies. */
export interface RouteSpec {
  method: RouteMethod;
  path: string;
  auth: 'public' | 'session';
  /** The JSON request body's schema; absent: no body, or not JSON (envelopes are octet-stream). */
  request?: z.ZodType;
  /** The JSON response body's schema; absent: nothing the client reads, or not JSON. */
  response?: z.ZodType;
}

export const ROUTE_TABLE = {
  putDevices: { method: 'PUT', path: '/v1/users/:userId/devices', auth: 'public', request: API.putDevices, response: API.putDevicesReply },
  getDevices: { method: 'GET', path: '/v1/users/:userId/devices', auth: 'session', response: API.putDevices },
  challenge: {
    method: 'POST',
    path: '/v1/auth/challenge',
    auth: 'public',
    request: API.challengeRequest,
    response: API.challengeResponse,
  },
  session: { method: 'POST', path: '/v1/auth/session', auth: 'public', request: API.sessionRequest, response: API.sessionResponse },
  createInvite: { method: 'POST', path: '/v1/invites', auth: 'session', request: API.createInvite },
  getInvite: { method: 'GET', path: '/v1/invites/:inviteId', auth: 'session', response: API.inviteView },
  inviteResponse: { method: 'POST', path: '/v1/invites/:inviteId/response', auth: 'session', request: API.inviteResponse },
  inviteDecline: { method: 'POST', path: '/v1/invites/:inviteId/decline', auth: 'session' },
  inviteReveal: { method: 'POST', path: '/v1/invites/:inviteId/reveal', auth: 'session', request: API.inviteReveal },
  pairings: { method: 'GET', path: '/v1/pairings', auth: 'session', response: API.pairings },
  bonds: { method: 'GET', path: '/v1/bonds', auth: 'session', response: API.bonds },
  bondConfirm: { method: 'POST', path: '/v1/bonds/:bondId/confirm', auth: 'session', request: API.bondConfirm },
  bondEnd: { method: 'POST', path: '/v1/bonds/:bondId/end', auth: 'session', request: API.bondEnd },
  postKeyDist: { method: 'POST', path: '/v1/bonds/:bondId/keys', auth: 'session', request: API.keyDist },
  keyDists: { method: 'GET', path: '/v1/bonds/:bondId/keys', auth: 'session', response: API.keyDists },
  /** Body: one envelope, `application/octet-stream`; 201 stored, 409 duplicate. */
  postEnvelope: { method: 'POST', path: '/v1/envelopes', auth: 'session' },
  /** Query `after`, `limit`; answers a DELIVER frame, `application/octet-stream`. */
  backlog: { method: 'GET', path: '/v1/bonds/:bondId/envelopes', auth: 'session' },
  bondRead: { method: 'POST', path: '/v1/bonds/:bondId/read', auth: 'session', request: API.readRequest, response: API.readReply },
  bondRetention: {
    method: 'POST',
    path: '/v1/bonds/:bondId/retention',
    auth: 'session',
    request: API.retention,
    response: API.retention,
  },
  /** Body: one day chunk, `application/octet-stream`; 201 stored, 409 CHUNK_STALE, 410 CHUNK_RETENTION. */
  postChunk: { method: 'POST', path: '/v1/chunks', auth: 'session', response: API.chunkReply },
  /** Query `from`, `to` (UTC day numbers, inclusive); answers a trail page, `application/octet-stream`. */
  trail: { method: 'GET', path: '/v1/trail/:ownerId', auth: 'session' },
  postVaultKey: { method: 'POST', path: '/v1/vault/keys', auth: 'session', request: API.vaultKey, response: API.vaultKeyReply },
  vaultKeys: { method: 'GET', path: '/v1/vault/keys', auth: 'session', response: API.vaultKeys },
  putDrop: { method: 'PUT', path: '/v1/drops/:dropId', auth: 'session', request: API.putDrop, response: API.putDropReply },
  drops: { method: 'GET', path: '/v1/drops', auth: 'session', response: API.drops },
  /** Query `after` (a seq), `limit`. */
  dropPosts: { method: 'GET', path: '/v1/drops/:dropId/posts', auth: 'session', response: API.dropPosts },
  dropAck: { method: 'POST', path: '/v1/drops/:dropId/ack', auth: 'session', request: API.dropAck, response: API.dropAckReply },
  /** The app's post: its own token by HTTP basic auth (not a session); answers `[]`, what OwnTracks reads as "no friends". */
  postToDrop: { method: 'POST', path: '/v1/drops/:dropId', auth: 'public', request: API.dropPost },
  /** Upgraded to the WebSocket; the hello frame carries the token (`protocol.ts`). */
  ws: { method: 'GET', path: '/v1/ws', auth: 'public' },
  health: { method: 'GET', path: '/healthz', auth: 'public' },
  basemap: { method: 'GET', path: '/v1/basemap', auth: 'public', response: API.basemap },
} as const satisfies Record<string, RouteSpec>;

export type RouteName = keyof typeof ROUTE_TABLE;

/** The path parameters a pattern names, e.g. `{ bondId: string }` for `/v1/bonds/:bondId/keys`. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, string>;

/** A route's concrete path: each `:name` replaced by its parameter (ids are base64url, so nothing to escape). */
export function pathTo<P extends string>(pattern: P, params: PathParams<P>): string {
  return pattern.replace(/:(\w+)/g, (_m, name: string) => {
    const value = (params as Record<string, string>)[name];
    if (value === undefined) throw new TypeError(`${pattern}: expected a value for :${name}, got none`);
    return value;
  });
}

const T = ROUTE_TABLE;

export const ROUTES = {
  devices: (userId: string) => pathTo(T.putDevices.path, { userId }),
  challenge: T.challenge.path,
  session: T.session.path,
  invites: T.createInvite.path,
  invite: (inviteId: string) => pathTo(T.getInvite.path, { inviteId }),
  inviteResponse: (inviteId: string) => pathTo(T.inviteResponse.path, { inviteId }),
  inviteDecline: (inviteId: string) => pathTo(T.inviteDecline.path, { inviteId }),
  inviteReveal: (inviteId: string) => pathTo(T.inviteReveal.path, { inviteId }),
  pairings: T.pairings.path,
  bonds: T.bonds.path,
  bondConfirm: (bondId: string) => pathTo(T.bondConfirm.path, { bondId }),
  bondEnd: (bondId: string) => pathTo(T.bondEnd.path, { bondId }),
  bondKeys: (bondId: string) => pathTo(T.keyDists.path, { bondId }),
  envelopes: T.postEnvelope.path,
  bondEnvelopes: (bondId: string, after: bigint, limit: number) => `${pathTo(T.backlog.path, { bondId })}?after=${after}&limit=${limit}`,
  bondRead: (bondId: string) => pathTo(T.bondRead.path, { bondId }),
  bondRetention: (bondId: string) => pathTo(T.bondRetention.path, { bondId }),
  chunks: T.postChunk.path,
  /** Days are UTC day numbers (days since 1970-01-01), both inclusive. */
  trail: (ownerId: string, from: number, to: number) => `${pathTo(T.trail.path, { ownerId })}?from=${from}&to=${to}`,
  vaultKeys: T.vaultKeys.path,
  drops: T.drops.path,
  drop: (dropId: string) => pathTo(T.putDrop.path, { dropId }),
  dropPosts: (dropId: string, after: number, limit: number) => `${pathTo(T.dropPosts.path, { dropId })}?after=${after}&limit=${limit}`,
  dropAck: (dropId: string) => pathTo(T.dropAck.path, { dropId }),
  ws: T.ws.path,
  health: T.health.path,
  basemap: T.basemap.path,
  /** The PMTiles archive (when the basemap is one), read by range requests. */
  basemapArchive: '/basemap/archive.pmtiles',
  /** MapLibre's tile URL template for an MBTiles basemap; MapLibre fills in {z}/{x}/{y}. */
  basemapTiles: '/basemap/tiles/{z}/{x}/{y}.mvt',
} as const;
