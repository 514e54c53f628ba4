/**
 * Typed calls to the relay's HTTP API, each through its entry in core's ROUTE_TABLE (method, path,
 * schemas; `routes.ts`). Every answer is checked against its schema; a refusal becomes a `RelayError` carrying the catalogue code,
 * so callers branch on codes, never on message text. A 401 triggers one fresh sign-in and one retry.
 */
import {
  API,
  type ApiBody,
  type Delivery,
  decodeDeliverFrame,
  decodeTrailPage,
  ERRORS,
  isErrorCode,
  type PathParams,
  pathTo,
  ROUTE_TABLE,
  ROUTES,
  type RouteSpec,
  type SignedBlob,
  type TrailPage,
  toBase64url,
} from '@entwine/core';
import type { z } from 'zod';
import type { HttpRequest, HttpResponse, Transport } from './transport.ts';

/** What a table route takes as its JSON body (its request schema's input), or nothing. */
type RequestBody<R extends RouteSpec> = R extends { request: z.ZodType<unknown, infer I> } ? I : Record<string, never>;
/** What a table route answers (its response schema's output), or nothing the client reads. */
type Answer<R extends RouteSpec> = R extends { response: z.ZodType<infer T> } ? T : undefined;

export class RelayError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = 'RelayError';
    this.code = code;
    this.status = status;
  }
}

function refusal(res: HttpResponse): RelayError {
  const body = API.error.safeParse(res.json);
  if (body.success) return new RelayError(body.data.code, res.status, body.data.message);
  return new RelayError('ENTWINE_ERR_REQ_MALFORMED', res.status, `the relay answered ${res.status} without an error body`);
}

export class RelayApi {
  private token: string | undefined;
  constructor(
    private readonly transport: Transport,
    private readonly signIn: () => Promise<string>,
  ) {}

  get origin(): string {
    return this.transport.origin;
  }

  forgetToken(): void {
    this.token = undefined;
  }

  async sessionToken(): Promise<string> {
    this.token ??= await this.signIn();
    return this.token;
  }

  private check<T>(res: HttpResponse, schema: z.ZodType<T> | undefined, ok: number[]): T {
    if (!ok.includes(res.status)) throw refusal(res);
    if (!schema) return undefined as T;
    const parsed = schema.safeParse(res.json);
    if (!parsed.success) throw new RelayError('ENTWINE_ERR_REQ_MALFORMED', res.status, 'the relay answered with an unexpected body');
    return parsed.data;
  }

  private async authed(req: HttpRequest): Promise<HttpResponse> {
    let res = await this.transport.request({ ...req, token: await this.sessionToken() });
    if (res.status === 401) {
      this.token = undefined;
      res = await this.transport.request({ ...req, token: await this.sessionToken() });
    }
    return res;
  }

  /**
   * Calls one route of core's ROUTE_TABLE: its method, its path filled from `params`, a session when the
   * table says so, and the answer checked with the table's response schema (none: nothing is read).
   */
  async send<R extends RouteSpec>(route: R, params: PathParams<R['path']>, json?: RequestBody<R>): Promise<Answer<R>> {
    const req: HttpRequest = { method: route.method, path: pathTo(route.path, params), ...(json !== undefined ? { json } : {}) };
    const res = route.auth === 'session' ? await this.authed(req) : await this.transport.request(req);
    return this.check(res, route.response, [200, 201]) as Answer<R>;
  }

  putDevices(userId: string, deviceList: SignedBlob): Promise<ApiBody<'putDevicesReply'>> {
    return this.send(ROUTE_TABLE.putDevices, { userId }, { deviceList });
  }

  getDevices(userId: string): Promise<ApiBody<'putDevices'>> {
    return this.send(ROUTE_TABLE.getDevices, { userId });
  }

  createInvite(inviteId: string, blob: Uint8Array, expiresAt: number): Promise<void> {
    return this.send(ROUTE_TABLE.createInvite, {}, { inviteId, blob: toBase64url(blob), expiresAt });
  }

  getInvite(inviteId: string): Promise<ApiBody<'inviteView'>> {
    return this.send(ROUTE_TABLE.getInvite, { inviteId });
  }

  respond(inviteId: string, blob: Uint8Array): Promise<void> {
    return this.send(ROUTE_TABLE.inviteResponse, { inviteId }, { blob: toBase64url(blob) });
  }

  decline(inviteId: string): Promise<void> {
    return this.send(ROUTE_TABLE.inviteDecline, { inviteId }, {});
  }

  reveal(inviteId: string, blob: Uint8Array, confirm: SignedBlob): Promise<void> {
    return this.send(ROUTE_TABLE.inviteReveal, { inviteId }, { blob: toBase64url(blob), confirm });
  }

  pairings(): Promise<ApiBody<'pairings'>> {
    return this.send(ROUTE_TABLE.pairings, {});
  }

  bonds(): Promise<ApiBody<'bonds'>> {
    return this.send(ROUTE_TABLE.bonds, {});
  }

  confirm(bondId: string, confirm: SignedBlob): Promise<void> {
    return this.send(ROUTE_TABLE.bondConfirm, { bondId }, { confirm });
  }

  end(bondId: string, end: SignedBlob): Promise<void> {
    return this.send(ROUTE_TABLE.bondEnd, { bondId }, { end });
  }

  postKeyDist(bondId: string, keyDist: SignedBlob): Promise<void> {
    return this.send(ROUTE_TABLE.postKeyDist, { bondId }, { keyDist });
  }

  async keyDists(bondId: string): Promise<SignedBlob[]> {
    return (await this.send(ROUTE_TABLE.keyDists, { bondId })).keyDists;
  }

  /** One envelope over HTTP: resolves 'stored' or 'duplicate' (both durable); anything else throws. */
  async postEnvelope(envelope: Uint8Array): Promise<'stored' | 'duplicate'> {
    const route = ROUTE_TABLE.postEnvelope;
    const res = await this.authed({ method: route.method, path: route.path, bytes: envelope });
    if (res.status === 201) return 'stored';
    if (res.status === 409 && (res.json as { code?: string } | undefined)?.code === 'ENTWINE_ERR_ENVELOPE_DUPLICATE') return 'duplicate';
    throw refusal(res);
  }

  async backlog(bondId: string, after: bigint, limit = 256): Promise<Delivery[]> {
    const res = await this.authed({ method: ROUTE_TABLE.backlog.method, path: ROUTES.bondEnvelopes(bondId, after, limit) });
    if (res.status !== 200 || !res.bytes) throw refusal(res);
    return decodeDeliverFrame(res.bytes);
  }

  /** This device has read the bond's envelopes up to `cursor` (0014 §1); answers its position and missed count. */
  markRead(bondId: string, cursor: bigint): Promise<ApiBody<'readReply'>> {
    return this.send(ROUTE_TABLE.bondRead, { bondId }, { cursor: cursor.toString() });
  }

  /** This person's retention for the bond's chunks they sealed (days, or null: forever). */
  setRetention(bondId: string, days: ApiBody<'retention'>['days']): Promise<ApiBody<'retention'>> {
    return this.send(ROUTE_TABLE.bondRetention, { bondId }, { days });
  }

  /** One sealed day chunk (0014 §2); resolves when stored, a refusal (stale, retention, …) throws its code. */
  async postChunk(chunk: Uint8Array): Promise<void> {
    const route = ROUTE_TABLE.postChunk;
    const res = await this.authed({ method: route.method, path: route.path, bytes: chunk });
    this.check(res, route.response, [200, 201]);
  }

  /** One page of a bond's or the vault's chunks for days `from`…`to` (inclusive); `nextDay` says where to go on. */
  async trailPage(ownerId: string, from: number, to: number): Promise<TrailPage> {
    const res = await this.authed({ method: ROUTE_TABLE.trail.method, path: ROUTES.trail(ownerId, from, to) });
    if (res.status !== 200 || !res.bytes) throw refusal(res);
    return decodeTrailPage(res.bytes);
  }

  postVaultKey(epochId: string, blob: SignedBlob): Promise<ApiBody<'vaultKeyReply'>> {
    return this.send(ROUTE_TABLE.postVaultKey, {}, { epochId, blob });
  }

  async vaultKeys(): Promise<ApiBody<'vaultKeys'>['keys']> {
    return (await this.send(ROUTE_TABLE.vaultKeys, {})).keys;
  }

  /** Makes this person's app drop at `dropId`, or gives it a new token (decision 0019); `tokenHash`: the token's SHA-256. */
  putDrop(dropId: string, tokenHash: string): Promise<ApiBody<'putDropReply'>> {
    return this.send(ROUTE_TABLE.putDrop, { dropId }, { tokenHash });
  }

  /** The drop's posts after seq `after`, in arrival order. */
  async dropPosts(dropId: string, after: number, limit: number): Promise<ApiBody<'dropPosts'>> {
    const route = ROUTE_TABLE.dropPosts;
    return this.check(await this.authed({ method: route.method, path: ROUTES.dropPosts(dropId, after, limit) }), route.response, [200]);
  }

  /** The drop's posts up to `upTo` are recorded: the relay deletes them. */
  ackDropPosts(dropId: string, upTo: number): Promise<ApiBody<'dropAckReply'>> {
    return this.send(ROUTE_TABLE.dropAck, { dropId }, { upTo });
  }
}

/** A person-readable sentence for a relay refusal, from the one catalogue. */
export function describeRelayError(error: RelayError): string {
  return isErrorCode(error.code) ? ERRORS[error.code].message : error.message;
}
