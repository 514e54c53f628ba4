/**
 * `entwine bridge`: this home's device as the person's tracker apps' server (issue 15, DESIGN §9,
 * docs/decisions/0018-tracker-bridge.md). It listens for OwnTracks, Overland, GPSLogger and Traccar Client /
 * OsmAnd over HTTP, and with `--mqtt` reads OwnTracks from the person's broker; it records what they send in
 * the vault (durably, before any app is answered), publishes on the tick at each partner's shield level like
 * any device of theirs, and gives the apps the partners back where the app can show friends (OwnTracks).
 *
 * `entwine bridge setup APP` prints what to paste into the app: the URL with its token, a QR code, and for
 * OwnTracks a configuration file (`.otrc`) the app imports.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Collected, collectDrop, type Device, dropTokenHash, dropUrl } from '@entwine/client';
import { GPSLOGGER_QUERY, isTrackerApp, owntracksConfig, owntracksPassphrase, TRACKER_APPS, type TrackerApp } from '@entwine/core';
import { Bridge } from '../bridge/bridge.ts';
import { type BridgeStore, openBridgeStore } from '../bridge/bridge-store.ts';
import { collectDropEvery } from '../bridge/drop-collector.ts';
import { listen } from '../bridge/http-ingress.ts';
import { friendsBranch, type Partner } from '../bridge/owntracks-friends.ts';
import { type CommandContext, UsageError } from '../context.ts';
import { qr } from './bonding.ts';

const DEFAULT_BRIDGE_LISTEN = '127.0.0.1:8789';

function hostPort(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(listen);
  const port = Number(m?.[3]);
  if (!m || !(port >= 0 && port <= 65_535)) throw new UsageError(`--listen takes HOST:PORT, e.g. 0.0.0.0:8789; got ${listen}`);
  return { host: (m[1] ?? m[2]) as string, port };
}

/** This person's partners, as the apps show them (`friendMessages` leaves out those who share no position). */
function partnersOf(device: Device, branch: string): Partner[] {
  return device
    .bonds()
    .filter((b) => b.status === 'active')
    .map((b) => ({ branch, bondId: b.bondId, name: b.name, view: device.viewOf(b.bondId) })); // by id: two partners may share a name
}

/** How often the bridge collects OwnTracks' posts from its drop on the relay, by default. */
const DEFAULT_COLLECT_EVERY_S = 10;

function collectEverySeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_COLLECT_EVERY_S;
  const s = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || s < 0.2 || s > 3600)
    throw new UsageError(`--collect-every takes seconds from 0.2 to 3600; got ${value}`);
  return s;
}

export async function bridge(ctx: CommandContext, opts: { listen?: string; mqtt?: string; mqttTopic?: string; collectEvery?: string }) {
  const { host, port } = hostPort(opts.listen ?? DEFAULT_BRIDGE_LISTEN);
  const collectEveryMs = collectEverySeconds(opts.collectEvery) * 1000;
  const device = await ctx.device();
  const store = openBridgeStore(ctx.home);
  const log = (line: string) => ctx.out(`${new Date().toISOString()}  ${line}`);
  const core = new Bridge(device, store);
  const branch = friendsBranch(createHash('sha256').update(device.identityPublicKey).digest('hex'));
  const partners = () => partnersOf(device, branch);

  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const { server, url } = await listen({ bridge: core, store, partners, log }, host, port);
  const mqtt = opts.mqtt
    ? await (await import('../bridge/mqtt-ingress.ts')).connectMqtt({
        url: opts.mqtt,
        ...(opts.mqttTopic ? { topic: opts.mqttTopic } : {}),
        bridge: core,
        store,
        partners,
        log,
        home: ctx.home,
        branch,
      })
    : undefined;
  // Partners' positions go back to the broker as they change (each update the device receives).
  device.on((e) => {
    if (e.type === 'location' || e.type === 'bond-ended') mqtt?.publishPartners().catch((err: unknown) => log(`mqtt: ${String(err)}`));
  });
  device.startPublishing();
  device.connect().catch((err: unknown) => log(`relay: ${err instanceof Error ? err.message : String(err)} (the bridge keeps recording)`));
  const owntracks = store.list().find((a) => a.app === 'owntracks');
  const drop = owntracks?.drop && owntracks.key ? { id: owntracks.drop.id, passphrase: owntracks.key } : undefined;
  const collector = drop ? collectDropEvery(collectEveryMs, device, core, drop, log) : undefined;

  if (mqtt && !store.app('owntracks').key) {
    ctx.out(
      'Partners are not published to the broker: their positions go back to OwnTracks over MQTT only encrypted. Run `entwine bridge setup owntracks --encrypt` and set the key in the app.',
    );
  }
  ctx.out(
    `Bridge listening on ${url}${mqtt ? ` and reading ${opts.mqttTopic ?? 'owntracks/#'} from ${redacted(opts.mqtt ?? '')}` : ''}${drop ? `, collecting OwnTracks' sealed posts from the relay every ${collectEveryMs / 1000} s` : ''}.`,
  );
  const apps = store.list();
  ctx.out(
    apps.length
      ? `Apps set up: ${apps.map((a) => a.app).join(', ')}. Ctrl-C to stop.`
      : 'No app set up yet: run `entwine bridge setup APP` (owntracks, overland, gpslogger, traccar). Ctrl-C to stop.',
  );
  await stopped;
  // Stop taking payloads, let those in flight finish (each is answered after its durable write), then leave.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await mqtt?.close();
  await collector?.stop();
  // What came in since the last seal goes into the vault's chunks (and the partners' trails) now; offline, it
  // stays in the device's store and is sealed by the next run.
  await device
    .sealTrail({ now: true })
    .catch((err: unknown) => log(`trail not sealed now: ${err instanceof Error ? err.message : String(err)}`));
  device.close();
  await device.flushed();
  store.close();
}

/** A broker URL without its password, for the log. */
function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

/** `entwine bridge apps`: each app set up, and when it last reported (from `bridge.db`; tokens are not shown). */
export function apps(ctx: CommandContext, opts: { json?: boolean }) {
  const store = openBridgeStore(ctx.home);
  try {
    const list = store.list().map(({ app, createdAt, lastSeen, lastPoints }) => ({
      app,
      setUp: new Date(createdAt).toISOString(),
      lastReported: lastSeen === undefined ? null : new Date(lastSeen).toISOString(),
      lastPoints: lastPoints ?? null,
    }));
    if (opts.json) return ctx.out(JSON.stringify(list));
    if (list.length === 0) return ctx.out('No app set up yet: run `entwine bridge setup APP` (owntracks, overland, gpslogger, traccar).');
    for (const a of list) {
      ctx.out(
        `${a.app.padEnd(10)} set up ${a.setUp}  ${a.lastReported ? `last reported ${a.lastReported} (${a.lastPoints} point${a.lastPoints === 1 ? '' : 's'})` : 'has not reported yet'}`,
      );
    }
  } finally {
    store.close();
  }
}

function checkApp(app: string | undefined): TrackerApp {
  if (!app || !isTrackerApp(app)) {
    throw new UsageError(`bridge setup needs an APP: ${TRACKER_APPS.join(', ')}${app ? ` (not "${app}")` : ''}`);
  }
  return app;
}

export async function setup(
  ctx: CommandContext,
  appArg: string | undefined,
  opts: { publicUrl?: string; listen?: string; encrypt?: boolean; renew?: boolean; json?: boolean; viaRelay?: boolean },
) {
  const app = checkApp(appArg);
  if (opts.encrypt && app !== 'owntracks') throw new UsageError('--encrypt is for OwnTracks (the only app with encrypted payloads)');
  if (opts.viaRelay && app !== 'owntracks') throw new UsageError('--via-relay is for OwnTracks (the only app that seals what it sends)');
  if (opts.viaRelay && opts.publicUrl)
    throw new UsageError("--via-relay posts to your relay: --public-url is for the bridge's own address");
  const encrypt = opts.encrypt || opts.viaRelay;
  const store = openBridgeStore(ctx.home);
  try {
    const before = store.list().find((a) => a.app === app);
    // A new passphrase cannot open what the app sealed under the old one: what waits in the drop is collected
    // and recorded first, as the bridge would; if that fails, nothing is renewed.
    if (opts.renew && encrypt && before?.drop && before.key) {
      const got = await collectBeforeRenew(ctx, store, { id: before.drop.id, passphrase: before.key });
      if (got.posts > 0 && !opts.json)
        ctx.out(
          `Collected ${got.points} point${got.points === 1 ? '' : 's'} from ${got.posts} waiting post${got.posts === 1 ? '' : 's'} under the old key first.`,
        );
    }
    let record = opts.renew ? store.renew(app) : store.app(app);
    // A new passphrase with --encrypt when there is none, or with --renew (the old one then stops opening).
    if (encrypt && (!record.key || opts.renew))
      record = store.setKey(
        app,
        owntracksPassphrase((n) => randomBytes(n)),
      );
    let shown: Shown;
    if (opts.viaRelay) {
      const device = await ctx.device();
      try {
        // The drop keeps its address; --renew gives it a new token (the relay replaces the hash at once).
        const drop = {
          id: record.drop?.id ?? randomBytes(16).toString('base64url'),
          token: record.drop && !opts.renew ? record.drop.token : randomBytes(32).toString('base64url'),
        };
        await device.putDrop(drop.id, dropTokenHash(drop.token));
        record = store.setDrop(app, drop);
        shown = describeRelaySetup(dropUrl(device.server, drop.id), drop.token, record.key as string);
      } finally {
        device.close();
        await device.flushed();
      }
    } else {
      const base = (opts.publicUrl ?? `http://${opts.listen ?? DEFAULT_BRIDGE_LISTEN}`).replace(/\/+$/, '');
      shown = describeSetup(app, base, record.token, record.key);
    }
    if (opts.json) {
      ctx.out(JSON.stringify({ app, ...shown.json }));
      return;
    }
    for (const line of shown.lines) ctx.out(line);
    if (app === 'owntracks' && shown.config) {
      const file = join(ctx.home, 'entwine-owntracks.otrc');
      writeFileSync(file, `${JSON.stringify(shown.config, null, 2)}\n`, { mode: 0o600 });
      chmodSync(file, 0o600); // an older file keeps its mode on rewrite: it holds the token (and the passphrase)
      ctx.out(`OwnTracks configuration written to ${file} (open it on the phone, or scan the code below).`);
    }
    ctx.out(await qr(shown.qr));
    if (opts.viaRelay) {
      ctx.out('Keep `entwine bridge` running somewhere (any address will do): it collects these posts from the relay and shares them.');
    } else if (!opts.publicUrl) {
      ctx.out(
        `The phone must reach this address: run the bridge with --listen 0.0.0.0:PORT and give --public-url http://THIS-MACHINE:PORT here (a LAN address, a VPN, or Termux on the phone itself at 127.0.0.1).`,
      );
    }
  } finally {
    store.close();
  }
}

/** What waits in the drop, recorded through the bridge's own intake (one device, opened and closed here). */
async function collectBeforeRenew(ctx: CommandContext, store: BridgeStore, drop: { id: string; passphrase: string }): Promise<Collected> {
  const device = await ctx.device();
  try {
    const bridge = new Bridge(device, store);
    const got = await collectDrop(device, drop, (items) => bridge.accept('owntracks', items));
    // Sealed now, as a stopping bridge seals: the points are in the vault already; unsealed, the next
    // `entwine bridge` (or any write) seals them.
    if (got.points > 0) await device.sealTrail().catch(() => undefined);
    return got;
  } finally {
    device.close();
    await device.flushed();
  }
}

interface Shown {
  lines: string[];
  qr: string;
  config?: Record<string, unknown>;
  json: Record<string, unknown>;
}

/** OwnTracks posting sealed to the person's drop on the relay: the same configuration, the relay's address. */
function describeRelaySetup(url: string, token: string, key: string): Shown {
  const { config, qr } = owntracksConfig(url, token, key);
  return {
    lines: [
      'OwnTracks → Settings → Connection: Mode HTTP (posting sealed to your relay, which cannot open it)',
      `  URL       ${url}`,
      "  Identification: Username entwine (any), Password (the drop's token):",
      `  ${token}`,
      '  Encryption key (Settings → Connection → Security; required: the relay refuses anything readable):',
      `  ${key}`,
      'OwnTracks shows no friends this way (the relay cannot tell it where anyone is); through the bridge or MQTT it does.',
    ],
    qr,
    config,
    json: { url, username: 'entwine', password: token, encryptionKey: key, config, viaRelay: true },
  };
}

function describeSetup(app: TrackerApp, base: string, token: string, key: string | undefined): Shown {
  switch (app) {
    case 'owntracks': {
      const { config, qr: inline } = owntracksConfig(`${base}/owntracks`, token, key);
      return {
        lines: [
          'OwnTracks → Settings → Connection: Mode HTTP',
          `  URL       ${base}/owntracks`,
          '  Identification: Username entwine (any), Password (the token):',
          `  ${token}`,
          ...(key ? ['  Encryption key (Settings → Connection → Security):', `  ${key}`] : []),
          'For MQTT mode instead: point the app at your broker and run `entwine bridge --mqtt mqtt://BROKER:1883`.',
        ],
        qr: inline,
        config,
        json: { url: `${base}/owntracks`, username: 'entwine', password: token, ...(key ? { encryptionKey: key } : {}), config },
      };
    }
    case 'overland': {
      const url = `${base}/overland?token=${token}`;
      return {
        lines: ['Overland → Settings → Receiver Endpoint (the token is in the URL):', `  ${url}`],
        qr: url,
        json: { url },
      };
    }
    case 'gpslogger': {
      const url = `${base}/gpslogger?token=${token}&${GPSLOGGER_QUERY}`;
      return {
        lines: ['GPSLogger → Logging details → Log to custom URL: URL (HTTP method GET or POST):', `  ${url}`],
        qr: url,
        json: { url },
      };
    }
    case 'traccar': {
      const osmand = `${base}/?id=${token}&lat={0}&lon={1}&timestamp={2}&hdop={3}&altitude={4}`;
      return {
        lines: [
          'Traccar Client: Server URL and Device identifier (the token):',
          `  ${base}`,
          `  ${token}`,
          'OsmAnd → Trip recording → Online tracking web address:',
          `  ${osmand}`,
        ],
        qr: base,
        json: { url: base, deviceIdentifier: token, osmand },
      };
    }
  }
}
