/**
 * The relay's HTTP routes, named once so the relay and every client use the same paths.
 * Auth: "session" routes need `Authorization: Bearer <token>` from the challenge–response sign-in.
 *
 *   PUT  /v1/users/:userId/devices        {deviceList} → {userId, version, existed}   public; the identity's signature authorises it; rollback → 409
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
 *   POST /v1/envelopes                    octet-stream envelope   session; 201 stored, 409 duplicate
 *   GET  /v1/bonds/:bondId/envelopes?after=N&limit=M → octet-stream DELIVER frame   session
 *   GET  /v1/ws                           WebSocket (first frame: hello with the token)
 *   GET  /healthz                         → {ok: true}
 *   GET  /v1/basemap                      → {format, url | tiles, minzoom, maxzoom, bounds, …}   public; 404 BASEMAP_NONE without one
 *   GET  /basemap/archive.pmtiles         the PMTiles archive, by HTTP range requests (206, If-Range, 416)   public
 *   GET  /basemap/tiles/:z/:x/:y.mvt      one vector tile of an MBTiles basemap (204 where the file has none)   public
 */
export const ROUTES = {
  devices: (userId: string) => `/v1/users/${userId}/devices`,
  challenge: '/v1/auth/challenge',
  session: '/v1/auth/session',
  invites: '/v1/invites',
  invite: (inviteId: string) => `/v1/invites/${inviteId}`,
  inviteResponse: (inviteId: string) => `/v1/invites/${inviteId}/response`,
  inviteDecline: (inviteId: string) => `/v1/invites/${inviteId}/decline`,
  inviteReveal: (inviteId: string) => `/v1/invites/${inviteId}/reveal`,
  pairings: '/v1/pairings',
  bonds: '/v1/bonds',
  bondConfirm: (bondId: string) => `/v1/bonds/${bondId}/confirm`,
  bondEnd: (bondId: string) => `/v1/bonds/${bondId}/end`,
  bondKeys: (bondId: string) => `/v1/bonds/${bondId}/keys`,
  envelopes: '/v1/envelopes',
  bondEnvelopes: (bondId: string, after: bigint, limit: number) => `/v1/bonds/${bondId}/envelopes?after=${after}&limit=${limit}`,
  ws: '/v1/ws',
  health: '/healthz',
  basemap: '/v1/basemap',
  /** The PMTiles archive (when the basemap is one), read by range requests. */
  basemapArchive: '/basemap/archive.pmtiles',
  /** MapLibre's tile URL template for an MBTiles basemap; MapLibre fills in {z}/{x}/{y}. */
  basemapTiles: '/basemap/tiles/{z}/{x}/{y}.mvt',
} as const;
