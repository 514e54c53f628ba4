// Issue 15, acceptance 2: OwnTracks in MQTT mode through the real Mosquitto on 127.0.0.1:1883. A "phone" (an
// MQTT client in this test, publishing what the OwnTracks app publishes) sends Alice's positions to her topic,
// one plain and one in OwnTracks' encrypted mode (`entwine bridge setup owntracks --encrypt`); garbage between
// them is refused without stopping what follows. Bob's `watch` sees each position at exact, and the phone's
// subscription gets Bob back on Alice's friends branch, encrypted with her key, once he shares one. Each run
// uses topics of its own, so runs never see each other's messages.
import { randomBytes } from 'node:crypto';
import { encryptOwnTracks, owntracksKey, readOwnTracks } from '@entwine/core';
import { connectAsync } from 'mqtt';
import { describe, expect, it } from 'vitest';
import { bondedPair, spawnCli } from './support/cli.ts';
import { dayOfArgs, endWithinOneDay } from './support/one-day.ts';
import { relayForSuite } from './support/relay-process.ts';
import { until } from './support/until.ts';

const BROKER = 'mqtt://127.0.0.1:1883';
const suite = relayForSuite('bridge-mqtt');

describe('entwine bridge --mqtt (OwnTracks through Mosquitto)', () => {
  it('reads plain and encrypted positions from the broker and publishes partners back, encrypted', async () => {
    const server = suite.relay.url;
    const pair = await bondedPair(server);
    const setup = JSON.parse(await pair.a('bridge', 'setup', 'owntracks', '--encrypt', '--json')) as { encryptionKey: string };
    expect(setup.encryptionKey).toHaveLength(32);
    const key = owntracksKey(setup.encryptionKey);
    const user = `alice${randomBytes(4).toString('hex')}`;
    const topic = `owntracks/${user}/phone`;

    const phone = await connectAsync(BROKER, { clientId: `phone-${user}`, clean: true });
    const received: { topic: string; payload: string }[] = [];
    phone.on('message', (t, p) => received.push({ topic: t, payload: p.toString('utf8') }));
    // What the app subscribes to: friends' positions, and their cards on `/info`.
    await phone.subscribeAsync(['owntracks/+/+', 'owntracks/+/+/info'], { qos: 1 });

    const bridge = spawnCli([
      'bridge',
      '--listen',
      '127.0.0.1:0',
      '--mqtt',
      BROKER,
      '--mqtt-topic',
      `owntracks/${user}/#`,
      '--home',
      pair.homeA,
      '--server',
      server,
    ]);
    const bob = spawnCli(['watch', '--json', '--home', pair.homeB, '--server', server]);
    let sentAt = 0; // when the phone's points were taken (a time clear of midnight)
    try {
      await bridge.waitFor((l) => l.startsWith('Bridge listening on ') && l.includes('reading'));
      await bob.waitFor((l) => l.includes('"state":"open"'));
      const bobSees = (lat: number, lon: number) =>
        bob.waitFor((l) => {
          const e = JSON.parse(l) as { type: string; level: string; lat: number; lon: number };
          return e.type === 'location' && e.level === 'exact' && e.lat === lat && e.lon === lon;
        }, 30_000);
      const tst = Math.floor(endWithinOneDay(30_000) / 1000);
      sentAt = tst * 1000;

      // Plain, as the app sends without a key: vel km/h.
      await phone.publishAsync(
        topic,
        JSON.stringify({ _type: 'location', lat: 50.1101, lon: 8.6821, tst: tst - 30, vel: 18, acc: 9, tid: 'AL' }),
        {
          qos: 1,
        },
      );
      expect(JSON.parse(await bobSees(50.1101, 8.6821))).toMatchObject({ speed: 5, acc: 9 });

      // Garbage on her topic: refused in the log, and the next message still goes through.
      await phone.publishAsync(topic, 'not json {', { qos: 1 });
      await phone.publishAsync(topic, JSON.stringify({ _type: 'location', lat: 'north', lon: 8.6, tst }), { qos: 1 });
      await bridge.waitFor((l) => l.includes('refused: not JSON'));

      // Encrypted mode: the bridge opens it with the key it made.
      const secret = encryptOwnTracks(
        { _type: 'location', lat: 50.1102, lon: 8.6822, tst: tst - 20, acc: 7, tid: 'AL' },
        key,
        randomBytes(24),
      );
      await phone.publishAsync(topic, JSON.stringify(secret), { qos: 1 });
      expect(JSON.parse(await bobSees(50.1102, 8.6822))).toMatchObject({ acc: 7 });
      // A message sealed with another key is refused, not recorded.
      const forged = encryptOwnTracks({ _type: 'location', lat: 1.5, lon: 1.5, tst }, owntracksKey('not-the-key'), randomBytes(24));
      await phone.publishAsync(topic, JSON.stringify(forged), { qos: 1 });
      await bridge.waitFor((l) => /owntracks \(mqtt .*\): refused/.test(l) && !l.includes('not JSON'));

      // Bob shares a position: the phone gets him on Alice's branch, encrypted with her key, as a friend.
      await pair.b('share', '--lat', '45.764', '--lon', '4.8357');
      const friend = await until(
        'Bob on Alice’s branch of the broker',
        async () => {
          for (const m of received) {
            if (!m.topic.startsWith('owntracks/entwine-') || m.topic.endsWith('/info') || !m.payload) continue;
            // Other runs' retained partners (other people's branches, other keys) are on the broker too.
            let items: ReturnType<typeof readOwnTracks>;
            try {
              items = readOwnTracks(JSON.parse(m.payload), { key });
            } catch {
              continue;
            }
            const fix = items.find((i) => i.kind === 'fix');
            if (fix?.kind === 'fix' && fix.fix.lat === 45.764) return { topic: m.topic, payload: JSON.parse(m.payload), fix: fix.fix };
          }
          return undefined;
        },
        30_000,
      );
      expect(friend.payload._type).toBe('encrypted'); // the broker holds no plaintext of Bob either
      expect(friend.fix).toMatchObject({ lat: 45.764, lon: 4.8357 });
      const isCard = (m: { topic: string; payload: string }) => m.topic === `${friend.topic}/info` && m.payload !== '';
      const card = await until('Bob’s card on the broker', async () => received.find(isCard), 30_000);
      const decodedCard = readOwnTracks(JSON.parse(card?.payload ?? '{}'), { key });
      expect(decodedCard).toEqual([{ kind: 'ignored', what: 'owntracks card' }]); // it opened with her key: a card
      // The test leaves nothing retained on the machine's broker.
      for (const t of [friend.topic, `${friend.topic}/info`]) await phone.publishAsync(t, '', { qos: 1, retain: true });
    } finally {
      await bob.stop();
      expect(await bridge.stop('SIGTERM')).toBe(0);
      await phone.endAsync();
    }
    // Her vault holds both positions from the broker, and nothing of the refused ones.
    const [day] = JSON.parse(await pair.a('trail', ...dayOfArgs(sentAt), '--json')) as { fixes: { lat: number; lon: number }[] }[];
    const kept = (day?.fixes ?? []).map((f) => `${f.lat},${f.lon}`);
    expect(kept).toContain('50.1101,8.6821');
    expect(kept).toContain('50.1102,8.6822');
    expect(kept).not.toContain('1.5,1.5');
  }, 180_000);
});
