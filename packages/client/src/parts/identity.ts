/**
 * The identity part: this person's keys and this device's, the name, signing in to the relay, the device
 * list, and displacement (the identity moved to another device). Owns the `meta`, `identity` and
 * `device-list` records — including the count of envelopes that named no bond of this device (kept in meta).
 */
import {
  authMessage,
  certifyDevice,
  coarseningKeyOf,
  EntwineError,
  fromBase64url,
  generateDeviceKeys,
  generateRecoveryPhrase,
  identityFromPhrase,
  ROUTE_TABLE,
  signDeviceList,
  toBase64url,
} from '@entwine/core';
import type { DeviceDeps } from '../context.ts';
import { countNotShown, type NotShownReason } from '../dropped.ts';
import { identityOf } from '../keys.ts';
import { RelayError } from '../relay-api.ts';
import type { DeviceState } from '../state.ts';
import { changes } from '../store/records.ts';
import type { PartCtx } from './owners.ts';

/** A new identity (or one restored from its phrase) with a new device: the whole first state, and its phrase. */
export async function newIdentityState(
  deps: DeviceDeps,
  args: { name: string; phrase?: string },
): Promise<{ state: DeviceState; phrase: string }> {
  const phrase = args.phrase ?? generateRecoveryPhrase(deps.random);
  let identity: ReturnType<typeof identityFromPhrase>;
  try {
    identity = identityFromPhrase(deps.ed, phrase);
  } catch {
    throw new EntwineError('ENTWINE_ERR_PHRASE_INVALID');
  }
  const keys = generateDeviceKeys(deps.ed, deps.random);
  const now = deps.clock.now();
  const cert = await certifyDevice(deps.ed, identity, keys, now);
  // The version is the creation time in ms: a device restored from the phrase on a new machine
  // publishes a list newer than any it replaces without having to read the old one first.
  const version = now;
  const blob = await signDeviceList(deps.ed, identity, version, [cert]);
  const state: DeviceState = {
    v: 1,
    name: args.name,
    server: deps.transport.origin,
    identity: { seed: toBase64url(identity.seed), publicKey: toBase64url(identity.publicKey), userId: identity.userId },
    device: {
      deviceId: keys.deviceId,
      signSeed: toBase64url(keys.signSeed),
      signPub: toBase64url(keys.signPub),
      dhPriv: toBase64url(keys.dhPriv),
      dhPub: toBase64url(keys.dhPub),
    },
    deviceList: { blob, version },
    invites: {},
    requests: {},
    bonds: {},
    outbox: [],
    source: { coarseningKey: toBase64url(coarseningKeyOf(identity.seed)), grid: {} },
  };
  return { state, phrase };
}

export class IdentityPart {
  constructor(
    private readonly ctx: PartCtx<'identity'>,
    /** Stops whatever still shares or reconnects once this device is displaced. */
    private readonly onDisplaced: (error: Error) => void,
  ) {}

  get state(): DeviceState {
    return this.ctx.state;
  }
  get name(): string {
    return this.state.name;
  }
  get userId(): string {
    return this.state.identity.userId;
  }
  get deviceId(): string {
    return this.state.device.deviceId;
  }
  get server(): string {
    return this.state.server;
  }
  get publicKey(): Uint8Array {
    return identityOf(this.state).publicKey;
  }

  /** Registers this device's list with the relay; says whether the relay knew the identity (a restore). */
  async register(): Promise<boolean | undefined> {
    return (await this.ctx.api.putDevices(this.userId, this.state.deviceList.blob)).known;
  }

  async signIn(): Promise<string> {
    try {
      return await this.signInOnce();
    } catch (error) {
      if (error instanceof RelayError && error.code === 'ENTWINE_ERR_AUTH_DEVICE_REPLACED') await this.displace(error);
      throw error;
    }
  }

  private async signInOnce(): Promise<string> {
    this.refuseIfDisplaced();
    const { api } = this.ctx;
    const ch = await api.send(ROUTE_TABLE.challenge, {}, { deviceId: this.deviceId });
    const nonce = fromBase64url(ch.nonce);
    const sig = await this.ctx.deps.ed.sign(
      authMessage(api.origin, this.deviceId, nonce, ch.exp),
      fromBase64url(this.state.device.signSeed),
    );
    const session = await api.send(ROUTE_TABLE.session, {}, { deviceId: this.deviceId, nonce: ch.nonce, sig: toBase64url(sig) });
    return session.token;
  }

  /**
   * The relay refuses this device because its identity signed a newer device list without it (restored on
   * another device). Until several devices per person exist, that is the end of this device: it stops
   * publishing and reconnecting, shares with no one, and remembers why (it says so after a restart too).
   */
  private async displace(error: Error): Promise<void> {
    if (!this.state.displaced) {
      this.state.displaced = { at: this.ctx.deps.clock.now() };
      await this.ctx.save(changes.meta);
      this.ctx.emit({ type: 'displaced', at: this.state.displaced.at });
    }
    this.onDisplaced(error);
  }

  /** When this identity moved to another device, if it did (see `displace`). */
  get displaced(): { at: number } | undefined {
    return this.state.displaced ? { ...this.state.displaced } : undefined;
  }

  /** Throws the catalogue's refusal once this device is displaced (it no longer signs in or connects). */
  refuseIfDisplaced(): void {
    if (this.state.displaced) throw new EntwineError('ENTWINE_ERR_AUTH_DEVICE_REPLACED');
  }

  /** Counts an envelope not shown that named no bond of this device (the ledger's `droppedElsewhere`, in meta). */
  countNotShownElsewhere(reason: NotShownReason): void {
    countNotShown(this.state, undefined, reason);
    this.ctx.mark(changes.meta);
  }
}
