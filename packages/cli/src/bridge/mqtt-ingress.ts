/**
 * OwnTracks in MQTT mode, through the person's own broker: the bridge subscribes to the person's topics
 * (`owntracks/#` by default: `owntracks/USER/DEVICE` and its `/event` and `/waypoint(s)` subtopics) and
 * publishes each partner back under this person's `owntracks/entwine-…/` branch (retained, so the app shows
 * them when it connects), which it skips when reading, as it skips every `owntracks/entwine-…` branch. Plain and encrypted payloads are read alike (`readOwnTracks`, with the key of
 * `entwine bridge setup owntracks --encrypt`); partners are published back only encrypted with that key —
 * without one, nothing of them goes to the broker.
 *
 * Delivery: MQTT 5, a persistent session (`clean: false` with a week's session expiry, a client id fixed per
 * home) with QoS 1, so the broker keeps what the phone sent while the bridge is down; a message is
 * acknowledged to the broker only once its fixes are durable (`customHandleAcks`). A message that cannot be read (not JSON, not OwnTracks) is logged and
 * acknowledged — sent again, it would be refused again — and never stops the messages after it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { EntwineError, encryptOwnTracks, owntracksKey, readOwnTracks } from '@entwine/core';
import type { MqttClient } from 'mqtt';
import type { Bridge } from './bridge.ts';
import type { BridgeStore } from './bridge-store.ts';
import { friendMessages, friendTopic, type Partner } from './owntracks-friends.ts';

export interface MqttIngressOptions {
  url: string;
  /** What to subscribe to; default `owntracks/#`. */
  topic?: string;
  bridge: Bridge;
  store: BridgeStore;
  partners: () => Partner[];
  log: (line: string) => void;
  /** Names the persistent session: one per home, so a restarted bridge gets what queued meanwhile. */
  home: string;
  /** This person's `friendsBranch`. */
  branch: string;
}

export interface MqttIngress {
  client: MqttClient;
  /** Publishes every partner's position (and card) now; called on each tick and on each partner update. */
  publishPartners(): Promise<void>;
  close(): Promise<void>;
}

/** The topic a message is about: `owntracks/USER/DEVICE`, without its `/event` or `/waypoint(s)` tail. */
function deviceTopic(topic: string): string {
  return topic.split('/').slice(0, 3).join('/');
}

export async function connectMqtt(o: MqttIngressOptions): Promise<MqttIngress> {
  const { connectAsync } = await import('mqtt');
  const clientId = `entwine-bridge-${createHash('sha256').update(o.home).digest('hex').slice(0, 12)}`;
  const record = () => o.store.app('owntracks');
  const keyOf = () => {
    const k = record().key;
    return k ? owntracksKey(k) : undefined;
  };
  // What this bridge shows on the broker, per partner topic. Retained messages of an earlier run come back on
  // subscribing to the branch and are listed too, so a partner whose bond ended meanwhile is cleared.
  const published = new Map<string, string>();
  let client: MqttClient | undefined;
  client = await connectAsync(o.url, {
    clientId,
    // MQTT 5: the one version whose acknowledgement the client can hold back until the fixes are durable
    // (`customHandleAcks`); and a session that outlives a disconnect only with an expiry (a week here), so the
    // broker keeps what the phone sends while the bridge is down.
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 7 * 24 * 3600 },
    reconnectPeriod: 1000,
    customHandleAcks: (topic, payload, _packet, done) => {
      if (topic.startsWith('owntracks/entwine-')) {
        // Partners as some bridge publishes them: never fixes. This person's own, left from an earlier run,
        // are listed so that one whose bond ended meanwhile is cleared.
        const partnerTopic = deviceTopic(topic); // the same three levels: owntracks/entwine-PERSON/BOND
        if (topic.startsWith(`${o.branch}/`) && payload.length > 0 && !published.has(partnerTopic)) published.set(partnerTopic, '');
        return done(0);
      }
      const tail = topic.split('/')[3];
      if (tail !== undefined && tail !== 'event' && tail !== 'waypoint' && tail !== 'waypoints') return done(0); // cmd, info, …
      let message: unknown;
      try {
        message = JSON.parse(payload.toString('utf8'));
      } catch {
        o.log(`owntracks (mqtt ${topic}): refused: not JSON (${payload.length} bytes)`);
        return done(0);
      }
      let items: ReturnType<typeof readOwnTracks>;
      try {
        const key = keyOf();
        items = readOwnTracks(message, { topic: deviceTopic(topic), ...(key ? { key } : {}) });
      } catch (error) {
        o.log(`owntracks (mqtt ${topic}): refused: ${error instanceof EntwineError ? error.detail : String(error)}`);
        return done(0);
      }
      o.bridge.accept('owntracks', items).then(
        (a) => {
          o.log(
            `owntracks (mqtt): ${a.added} new, ${a.duplicates} already kept${a.rejected.length ? `, ${a.rejected.length} refused` : ''}`,
          );
          done(0);
        },
        (error: unknown) => {
          // Not durable: the broker keeps it (no PUBACK) and sends it again when the bridge reconnects.
          o.log(`owntracks (mqtt): not recorded: ${error instanceof Error ? error.message : String(error)}`);
          client?.end(true);
        },
      );
    },
  });
  await client.subscribeAsync([o.topic ?? 'owntracks/#', `${o.branch}/#`], { qos: 1 });

  const ingress: MqttIngress = {
    client,
    async publishPartners() {
      const key = keyOf();
      // Partners shared their positions with this person, not with whoever runs or reads the broker: without
      // the app's key they are not published at all (the bridge said so when it started).
      if (!key) return;
      const shown = new Set<string>();
      for (const partner of o.partners()) {
        const topic = friendTopic(partner);
        const [location, card] = friendMessages(partner);
        if (!location || !card) continue;
        shown.add(topic);
        const plain = JSON.stringify(location);
        if (published.get(topic) === plain) continue; // unchanged since the last time
        const wrap = (m: Record<string, unknown>) => JSON.stringify(encryptOwnTracks(m, key, randomBytes(24)));
        await client.publishAsync(topic, wrap(location), { qos: 1, retain: true });
        await client.publishAsync(`${topic}/info`, wrap(card), { qos: 1, retain: true });
        published.set(topic, plain);
      }
      // A partner who stopped sharing a position, or whose bond ended: the retained messages are cleared (an
      // empty retained message deletes them on the broker), so the app shows nothing of them any more.
      for (const topic of published.keys()) {
        if (shown.has(topic)) continue;
        await client.publishAsync(topic, '', { qos: 1, retain: true });
        await client.publishAsync(`${topic}/info`, '', { qos: 1, retain: true });
        published.delete(topic);
      }
    },
    async close() {
      await client.endAsync();
    },
  };
  return ingress;
}
