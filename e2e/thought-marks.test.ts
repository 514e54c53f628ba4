// Thoughts (issue 6): sent while the partner is offline, stored by the relay, delivered when the partner
// comes back, read once they are shown — each mark seen by the sender, and only ever moving forward. Too
// long a thought, or one to a partner shielded from thoughts, is refused before anything is sent.
import { describe, expect, it } from 'vitest';
import { newDevice, numbersMatch } from './support/devices.ts';
import { hookedRelayForSuite } from './support/relay-in-process.ts';

const relay = hookedRelayForSuite();

describe('thought marks', () => {
  it('go sent → stored → delivered → read across an offline partner', async () => {
    const alice = await newDevice(relay.url, 'Alice');
    const bob = await newDevice(relay.url, 'Bob');
    const { link } = await alice.device.invite();
    await bob.device.acceptInvite(link, { thoughts: 'exact' });
    await alice.device.confirm('Bob', { thoughts: 'exact' }, 'match');
    await numbersMatch(bob.device, 'Alice');
    await alice.device.sync();

    // Bob is offline (no socket, no reads). Alice's thoughts are stored by the relay.
    const first = await alice.device.say('Bob', 'dinner at 8?');
    const second = await alice.device.say('Bob', 'ü'.repeat(900)); // 1 800 bytes: the 4 KiB bucket
    expect(alice.device.thoughtsWith('Bob').map((t) => t.mark)).toEqual(['stored', 'stored']);
    expect(alice.events.filter((e) => e.type === 'thought-mark').map((e) => (e.type === 'thought-mark' ? e.mark : ''))).toEqual([
      'stored',
      'stored',
    ]);

    // Bob comes back: he gets both, and his device answers "delivered".
    await bob.device.pull();
    expect(bob.device.thoughtsWith('Alice').map((t) => [t.id, t.from, t.text.length])).toEqual([
      [first.id, 'peer', 12],
      [second.id, 'peer', 900],
    ]);
    await bob.device.drainOutbox();
    await alice.device.pull();
    expect(alice.device.thoughtsWith('Bob').map((t) => t.mark)).toEqual(['delivered', 'delivered']);

    // Bob's app shows them: "read". A late "delivered" receipt can never move a mark back.
    await bob.device.markRead('Alice');
    await bob.device.drainOutbox();
    await alice.device.pull();
    expect(alice.device.thoughtsWith('Bob').map((t) => t.mark)).toEqual(['read', 'read']);
    expect(bob.device.thoughtsWith('Alice').every((t) => t.mark === 'read')).toBe(true);

    await expect(alice.device.say('Bob', 'x'.repeat(2001))).rejects.toMatchObject({ code: 'ENTWINE_ERR_INPUT_INVALID' });
    await alice.device.setShield('Bob', 'thoughts', 'hidden');
    await expect(alice.device.say('Bob', 'hello?')).rejects.toMatchObject({ code: 'ENTWINE_ERR_SHIELD_HIDDEN' });
    alice.device.close();
    bob.device.close();
  }, 60_000);
});
