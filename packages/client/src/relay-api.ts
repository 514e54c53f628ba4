/**
 * Typed calls to the relay's HTTP API (routes in core `routes.ts`, bodies in core `api.ts`). Every
 * answer is checked against its schema; a refusal becomes a `RelayError` carrying the catalogue code,
 * so callers branch on codes, never on message text. A 401 triggers one fresh sign-in and one retry.
 */
import {
  API,
  type ApiBody,
  type Delivery,
  decodeDeliverFrame,
  ERRORS,
  isErrorCode,
  ROUTES,
  type SignedBlob,
  toBase64url,
} from '@entwine/core';
import type { z } from 'zod';
import type { HttpRequest, HttpResponse, Transport } from './transport.ts';

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

  /** Unauthenticated call; `ok` lists the statuses that count as success. */
  async plain<T>(req: HttpRequest, schema: z.ZodType<T> | undefined, ok: number[] = [200, 201]): Promise<T> {
    const res = await this.transport.request(req);
    return this.check(res, schema, ok);
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

  async call<T>(req: HttpRequest, schema: z.ZodType<T> | undefined, ok: number[] = [200, 201]): Promise<T> {
    return this.check(await this.authed(req), schema, ok);
  }

  putDevices(userId: string, deviceList: SignedBlob): Promise<ApiBody<'putDevicesResult'>> {
    return this.plain({ method: 'PUT', path: ROUTES.devices(userId), json: { deviceList } }, API.putDevicesResult);
  }

  getDevices(userId: string): Promise<ApiBody<'putDevices'>> {
    return this.call({ method: 'GET', path: ROUTES.devices(userId) }, API.putDevices);
  }

  createInvite(inviteId: string, blob: Uint8Array, expiresAt: number): Promise<void> {
    return this.call({ method: 'POST', path: ROUTES.invites, json: { inviteId, blob: toBase64url(blob), expiresAt } }, undefined);
  }

  getInvite(inviteId: string): Promise<ApiBody<'inviteView'>> {
    return this.call({ method: 'GET', path: ROUTES.invite(inviteId) }, API.inviteView);
  }

  respond(inviteId: string, blob: Uint8Array): Promise<void> {
    return this.call({ method: 'POST', path: ROUTES.inviteResponse(inviteId), json: { blob: toBase64url(blob) } }, undefined);
  }

  decline(inviteId: string): Promise<void> {
    return this.call({ method: 'POST', path: ROUTES.inviteDecline(inviteId), json: {} }, undefined);
  }

  reveal(inviteId: string, blob: Uint8Array, confirm: SignedBlob): Promise<void> {
    return this.call({ method: 'POST', path: ROUTES.inviteReveal(inviteId), json: { blob: toBase64url(blob), confirm } }, undefined);
  }

  pairings(): Promise<ApiBody<'pairings'>> {
    return this.call({ method: 'GET', path: ROUTES.pairings }, API.pairings);
  }

  bonds(): Promise<ApiBody<'bonds'>> {
    return this.call({ method: 'GET', path: ROUTES.bonds }, API.bonds);
  }

  confirm(bondId: string, confirm: SignedBlob): Promise<void> {
    return this.call({ method: 'POST', path: ROUTES.bondConfirm(bondId), json: { confirm } }, undefined);
  }

  end(bondId: string, end: SignedBlob): Promise<void> {
    return this.call({ method: 'POST', path: ROUTES.bondEnd(bondId), json: { end } }, undefined);
  }

  postKeyDist(bondId: string, keyDist: SignedBlob): Promise<void> {
    return this.call({ method: 'POST', path: ROUTES.bondKeys(bondId), json: { keyDist } }, undefined);
  }

  async keyDists(bondId: string): Promise<SignedBlob[]> {
    return (await this.call({ method: 'GET', path: ROUTES.bondKeys(bondId) }, API.keyDists)).keyDists;
  }

  /** One envelope over HTTP: resolves 'stored' or 'duplicate' (both durable); anything else throws. */
  async postEnvelope(envelope: Uint8Array): Promise<'stored' | 'duplicate'> {
    const res = await this.authed({ method: 'POST', path: ROUTES.envelopes, bytes: envelope });
    if (res.status === 201) return 'stored';
    if (res.status === 409 && (res.json as { code?: string } | undefined)?.code === 'ENTWINE_ERR_ENVELOPE_DUPLICATE') return 'duplicate';
    throw refusal(res);
  }

  async backlog(bondId: string, after: bigint, limit = 256): Promise<Delivery[]> {
    const res = await this.authed({ method: 'GET', path: ROUTES.bondEnvelopes(bondId, after, limit) });
    if (res.status !== 200 || !res.bytes) throw refusal(res);
    return decodeDeliverFrame(res.bytes);
  }
}

/** A person-readable sentence for a relay refusal, from the one catalogue. */
export function describeRelayError(error: RelayError): string {
  return isErrorCode(error.code) ? ERRORS[error.code].message : error.message;
}
