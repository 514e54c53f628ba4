/**
 * Issue 10 acceptance 7: a relay that stores invite and response blobs must not learn how long a display
 * name is from their lengths. Every name from 1 to 64 characters — ASCII, 2-, 3- and 4-byte UTF-8, and the
 * worst case for JSON (control characters, each a 6-byte escape) — gives blobs of one length. The control
 * shows what that length would leak without padding: the document's own JSON grows byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { utf8Encode } from '../bytes.ts';
import { systemRandom } from '../random.ts';
import { DISPLAY_NAME_MAX_CHARS, displayName } from '../schema/common.ts';
import { nobleEd25519 } from './ed25519.ts';
import { certifyDevice, generateDeviceKeys, generateRecoveryPhrase, identityFromPhrase, signDeviceList } from './identity.ts';
import { createInvite, openInvite, openResponse, respondToInvite } from './pairing.ts';

const ed = nobleEd25519;
const random = systemRandom();
const NOW = 1_700_000_000_000;

async function person() {
  const identity = identityFromPhrase(ed, generateRecoveryPhrase(random));
  const device = generateDeviceKeys(ed, random);
  const deviceList = await signDeviceList(ed, identity, 1, [await certifyDevice(ed, identity, device, 1)]);
  return { identity, device, deviceList };
}

/** One character of each UTF-8 width, and a control character (escaped as \u0001 in JSON). */
const ALPHABETS = { ascii: 'a', twoBytes: 'é', threeBytes: '東', fourBytes: '😀', jsonEscaped: '\u0001', quote: '"' } as const;

function namesOf(ch: string): string[] {
  const lengths = [1, 2, 7, 16, 31, 32, 33, 63, DISPLAY_NAME_MAX_CHARS];
  // A control character alone would be trimmed by nobody, but keep a letter first so every name is one a person could type.
  return lengths.map((n) => (ch === 'a' ? 'a'.repeat(n) : `A${ch.repeat(n - 1)}`));
}

describe('pairing blobs do not tell a name’s length', () => {
  it('accepts every test name as a display name (1 to 64 characters, counted as characters)', () => {
    for (const ch of Object.values(ALPHABETS)) for (const name of namesOf(ch)) expect(displayName.safeParse(name).success).toBe(true);
    expect(displayName.safeParse('😀'.repeat(DISPLAY_NAME_MAX_CHARS)).success).toBe(true);
    expect(displayName.safeParse('a'.repeat(DISPLAY_NAME_MAX_CHARS + 1)).success).toBe(false);
  });

  it('gives invite and response blobs one size for every name of 1 to 64 characters', async () => {
    const alice = await person();
    const bob = await person();
    const inviteSizes = new Set<number>();
    const responseSizes = new Set<number>();
    const plainSizes = new Set<number>();
    for (const [kind, ch] of Object.entries(ALPHABETS)) {
      for (const name of [...namesOf(ch), ch.repeat(DISPLAY_NAME_MAX_CHARS).replace(/^./u, 'A')]) {
        const inv = createInvite({ random, identity: alice.identity, deviceList: alice.deviceList, name, now: NOW, ttlMs: 3_600_000 });
        const opened = await openInvite(ed, inv.secret, inv.inviteBlob, NOW);
        if (!opened.ok) throw new Error(`${kind} ${JSON.stringify(name)}: invite did not open (${opened.reason})`);
        expect(opened.value.doc.name).toBe(name);
        const resp = await respondToInvite({
          ed,
          random,
          secret: inv.secret,
          inviteBlob: inv.inviteBlob,
          identity: bob.identity,
          device: bob.device,
          deviceList: bob.deviceList,
          name,
        });
        const back = await openResponse(ed, inv, resp.responseBlob);
        if (!back.ok) throw new Error(`${kind} ${JSON.stringify(name)}: response did not open (${back.reason})`);
        expect(back.value.doc.name).toBe(name);
        inviteSizes.add(inv.inviteBlob.length);
        responseSizes.add(resp.responseBlob.length);
        plainSizes.add(utf8Encode(JSON.stringify(opened.value.doc)).length);
      }
    }
    expect([...inviteSizes]).toHaveLength(1);
    expect([...responseSizes]).toHaveLength(1);
    // Control: the documents themselves differ in length by name, so unpadded blobs would have told it.
    expect(plainSizes.size).toBeGreaterThan(10);
  });

  it('refuses a blob of the old unpadded format rather than guessing', async () => {
    const alice = await person();
    const inv = createInvite({ random, identity: alice.identity, deviceList: alice.deviceList, name: 'Alice', now: NOW, ttlMs: 3_600_000 });
    const withoutVersion = inv.inviteBlob.subarray(1);
    expect(await openInvite(ed, inv.secret, withoutVersion, NOW)).toEqual({ ok: false, reason: 'damaged' });
    const otherVersion = inv.inviteBlob.slice();
    otherVersion[0] = 1;
    expect(await openInvite(ed, inv.secret, otherVersion, NOW)).toEqual({ ok: false, reason: 'damaged' });
  });
});
