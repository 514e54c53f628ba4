/**
 * Every command of `entwine` and the options they share. Each entry loads its own module when it runs, so
 * that importing this table costs nothing but the table.
 */
import { parseArgs } from 'node:util';
import { type CommandContext, UsageError } from './context.ts';

export type Values = ReturnType<typeof parseCommandLine>['values'];
/** A command: runs, then returns its exit code, or -1 to keep the process running (`start`). */
export type Run = (ctx: CommandContext, values: Values, positionals: string[]) => Promise<number>;

export const COMMANDS: Readonly<Record<string, Run>> = {
  async start(ctx, v) {
    const { start } = await import('./commands/start.ts');
    await start(ctx, {
      port: v.port,
      data: v.data,
      host: v.host,
      tlsCert: v['tls-cert'],
      tlsKey: v['tls-key'],
      publicUrl: v['public-url'],
      web: v.web,
      noWeb: v['no-web'],
      webOrigins: v['web-origin'],
      trustProxy: v['trust-proxy'],
      basemap: v.basemap,
      liveDays: v['live-days'],
    });
    return -1; // keep running
  },
  async init(ctx, v) {
    const { init } = await import('./commands/identity.ts');
    await init(ctx, { name: v.name, phrase: v.phrase });
    return 0;
  },
  async invite(ctx, v) {
    await (await import('./commands/bonding.ts')).invite(ctx, { ttl: v.ttl });
    return 0;
  },
  async accept(ctx, v, [, link]) {
    await (await import('./commands/bonding.ts')).accept(ctx, link, { share: v.share });
    return 0;
  },
  async requests(ctx, v) {
    await (await import('./commands/bonding.ts')).requests(ctx, { json: v.json });
    return 0;
  },
  async confirm(ctx, v, [, who]) {
    const { confirm } = await import('./commands/bonding.ts');
    await confirm(ctx, who, { share: v.share, numbersMatch: v['numbers-match'], skipCheck: v['skip-check'] });
    return 0;
  },
  async verify(ctx, v, [, who]) {
    await (await import('./commands/bonding.ts')).verify(ctx, who, { numbersMatch: v['numbers-match'], skipCheck: v['skip-check'] });
    return 0;
  },
  async decline(ctx, _v, [, who]) {
    await (await import('./commands/bonding.ts')).decline(ctx, who);
    return 0;
  },
  async bonds(ctx, v) {
    await (await import('./commands/bonding.ts')).bonds(ctx, { json: v.json });
    return 0;
  },
  async shield(ctx, v, positionals) {
    await (await import('./commands/shields.ts')).shield(ctx, positionals.slice(1), { for: v.for });
    return 0;
  },
  async shields(ctx, v) {
    await (await import('./commands/shields.ts')).shields(ctx, { json: v.json });
    return 0;
  },
  async sharing(ctx, _v, [, who, state]) {
    await (await import('./commands/shields.ts')).sharing(ctx, who, state);
    return 0;
  },
  async share(ctx, v) {
    const { share } = await import('./commands/share.ts');
    await share(ctx, {
      lat: v.lat,
      lon: v.lon,
      acc: v.acc,
      gpx: v.gpx,
      speed: v.speed,
      battery: v.battery,
      charging: v.charging,
      to: v.to,
      seal: v.seal,
    });
    return 0;
  },
  async feel(ctx, v, [, mood]) {
    await (await import('./commands/facets.ts')).feel(ctx, mood, { intensity: v.intensity, note: v.note, emoji: v.emoji });
    return 0;
  },
  async glance(ctx, _v, [, who, kind]) {
    await (await import('./commands/facets.ts')).glance(ctx, who, kind);
    return 0;
  },
  async say(ctx, _v, positionals) {
    await (await import('./commands/facets.ts')).say(ctx, positionals[1], positionals.slice(2));
    return 0;
  },
  async thoughts(ctx, v, [, who]) {
    await (await import('./commands/facets.ts')).thoughts(ctx, who, { json: v.json });
    return 0;
  },
  async moment(ctx, v, [, who, file]) {
    await (await import('./commands/facets.ts')).moment(ctx, who, file, { caption: v.caption });
    return 0;
  },
  async moments(ctx, v, [, who]) {
    await (await import('./commands/moments.ts')).moments(ctx, who, { save: v.save, json: v.json });
    return 0;
  },
  async watch(ctx, v) {
    await (await import('./commands/watch.ts')).watch(ctx, { json: v.json, places: v.places });
    return 0;
  },
  async trail(ctx, v, [, who]) {
    await (await import('./commands/trail.ts')).trail(ctx, who, { day: v.day, from: v.from, to: v.to?.at(-1), json: v.json });
    return 0;
  },
  async import(ctx, v, [, file]) {
    await (await import('./commands/import.ts')).importFile(ctx, file, { share: v.share });
    return 0;
  },
  async retention(ctx, _v, [, who, days]) {
    await (await import('./commands/trail.ts')).retention(ctx, who, days);
    return 0;
  },
  async places(ctx, v, positionals) {
    await (await import('./commands/places.ts')).places(ctx, positionals.slice(1), {
      json: v.json,
      lat: v.lat,
      lon: v.lon,
      radius: v.radius,
    });
    return 0;
  },
  async bridge(ctx, v, [, sub, app]) {
    const bridge = await import('./commands/bridge.ts');
    if (sub === 'setup') {
      await bridge.setup(ctx, app, {
        publicUrl: v['public-url'],
        listen: v.listen,
        encrypt: v.encrypt,
        renew: v.renew,
        json: v.json,
        viaRelay: v['via-relay'],
      });
      return 0;
    }
    if (sub === 'apps') {
      bridge.apps(ctx, { json: v.json });
      return 0;
    }
    if (sub !== undefined)
      throw new UsageError(`bridge takes no "${sub}": run \`entwine bridge\`, \`entwine bridge setup APP\` or \`entwine bridge apps\``);
    await bridge.bridge(ctx, { listen: v.listen, mqtt: v.mqtt, mqttTopic: v['mqtt-topic'], collectEvery: v['collect-every'] });
    return 0;
  },
  async end(ctx, _v, [, who]) {
    await (await import('./commands/bonding.ts')).end(ctx, who);
    return 0;
  },
  async 'verify-web'(ctx, v, [, url]) {
    return (await import('./commands/verify-web.ts')).verifyWeb(ctx, url, { manifest: v.manifest });
  },
};

/** Every option any command takes (`usage.ts` shows each; `usage.test.ts` checks it). */
export const CLI_OPTIONS = {
  home: { type: 'string' },
  server: { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  host: { type: 'string' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'public-url': { type: 'string' },
  'trust-proxy': { type: 'string' },
  web: { type: 'string' },
  'no-web': { type: 'boolean' },
  'web-origin': { type: 'string', multiple: true },
  basemap: { type: 'string' },
  'live-days': { type: 'string' },
  name: { type: 'string' },
  phrase: { type: 'string' },
  ttl: { type: 'string' },
  lat: { type: 'string' },
  lon: { type: 'string' },
  acc: { type: 'string' },
  radius: { type: 'string' },
  gpx: { type: 'string' },
  speed: { type: 'string' },
  to: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  places: { type: 'boolean' },
  share: { type: 'string' },
  for: { type: 'string' },
  battery: { type: 'string' },
  charging: { type: 'boolean' },
  intensity: { type: 'string' },
  note: { type: 'string' },
  emoji: { type: 'string' },
  caption: { type: 'string' },
  save: { type: 'string' },
  manifest: { type: 'string' },
  day: { type: 'string' },
  from: { type: 'string' },
  seal: { type: 'boolean' },
  listen: { type: 'string' },
  mqtt: { type: 'string' },
  'mqtt-topic': { type: 'string' },
  encrypt: { type: 'boolean' },
  renew: { type: 'boolean' },
  'via-relay': { type: 'boolean' },
  'collect-every': { type: 'string' },
  'numbers-match': { type: 'boolean' },
  'skip-check': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCommandLine(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: CLI_OPTIONS });
}
