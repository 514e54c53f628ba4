import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACK_STATUS, decodeAckFrame, encodeSendFrame, FRAME, ROUTES } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { createRelay } from './relay.ts';
import { SqliteStore } from './store/sqlite-store.ts';
import type { NewEnvelope, Store } from './store/store.ts';
import { newEpochId, seal } from './test-support/envelopes.ts';
import { activeBond, signedUp } from './test-support/pairing.ts';
import { makePerson } from './test-support/people.ts';
import { connectReady, http } from './test-support/relay-client.ts';

/** A store whose envelope writes fail while `broken` is set (a full disk, say). */
class FlakyStore extends SqliteStore {
  broken = false;
  override appendEnvelopes(envelopes: readonly NewEnvelope[]) {
    return this.broken ? Promise.reject(new Error('SQLITE_FULL')) : super.appendEnvelopes(envelopes);
  }
}

describe('when the store cannot write', () => {
  it('nothing is acknowledged: ACK storeUnavailable, HTTP 503, and the socket stays usable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entwine-flaky-'));
    const store = new FlakyStore({ dataDir: dir });
    const relay = await createRelay({ store: store as Store, logger: false });
    try {
      const alice = await signedUp(relay.url, await makePerson('Alice'));
      const bob = await signedUp(relay.url, await makePerson('Bob'));
      const { bondId } = await activeBond(relay.url, alice, bob);
      const device = alice.person.devices[0]!;
      const socket = await connectReady(relay.url, alice.token);
      const epoch = newEpochId();
      store.broken = true;
      socket.ws.send(encodeSendFrame([await seal(device, bondId, epoch, 1n)]));
      expect(decodeAckFrame(await socket.binary(FRAME.ack))[0]!.status).toBe(ACK_STATUS.storeUnavailable);
      const viaHttp = await http(relay.url, 'POST', ROUTES.envelopes, { token: alice.token, bytes: await seal(device, bondId, epoch, 2n) });
      expect(viaHttp).toMatchObject({ status: 503, json: { code: 'ENTWINE_ERR_STORE_UNAVAILABLE' } });
      store.broken = false;
      socket.ws.send(encodeSendFrame([await seal(device, bondId, epoch, 1n)]));
      expect(decodeAckFrame(await socket.binary(FRAME.ack))[0]!.status).toBe(ACK_STATUS.stored);
      await socket.close();
    } finally {
      await relay.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
