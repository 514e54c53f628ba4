/**
 * `entwine`: the command line. Every command takes `--home DIR` (the key store, default ~/.entwine)
 * and `--server URL` (default: the server this identity was created on, or http://127.0.0.1:8787).
 */
import { parseArgs } from 'node:util';
import { describeRelayError, RelayError } from '@entwine/client';
import { EntwineError, ERRORS } from '@entwine/core';
import { accept, bonds, confirm, decline, end, invite, requests, verify } from './commands/bonding.ts';
import { feel, glance, moment, say, thoughts } from './commands/facets.ts';
import { init } from './commands/identity.ts';
import { share } from './commands/share.ts';
import { sharing, shield, shields } from './commands/shields.ts';
import { start } from './commands/start.ts';
import { verifyWeb } from './commands/verify-web.ts';
import { watch } from './commands/watch.ts';
import { commandContext, UsageError } from './context.ts';

const USAGE = `usage: entwine <command> [--home DIR] [--server URL] ...
  start [--port N] [--data DIR] [--host H] [--tls-cert F --tls-key F] [--public-url URL] [--web DIR]
        [--no-web] [--web-origin URL]...     run the relay and print its URL; --no-web: the API (/v1) only;
                                             --web-origin: a web app served from that origin may call the API
        [--trust-proxy ADDR,…]               behind a proxy: whose X-Forwarded-For names the client
        [--basemap FILE]                     serve a street map to the web app from this relay: a .pmtiles
                                             (v3) or .mbtiles file in the Protomaps basemap schema, e.g. made
                                             with \`pmtiles extract\` (docs/operations.md); a file that cannot
                                             be served stops start-up. Without it the map offers outlines only,
                                             or OpenStreetMap's tiles if the person chooses them
  init --name NAME [--phrase "12 words"]     create an identity (or restore it from its phrase)
  invite [--ttl 24h]                         print a single-use invite link and its QR code
  accept LINK [--share WHAT]                 answer an invite (your yes); share nothing unless you say so
  requests [--json]                          who answered your invites, with the numbers to compare on a call
  confirm NAME [--share WHAT] [--numbers-match | --skip-check]
                                             say yes to the person who accepted your invite (after comparing
                                             the numbers \`requests\` shows; without a flag, see \`verify\`)
                                             WHAT: none, or facet[=level],… e.g. location=city,presence
  verify NAME [--numbers-match | --skip-check]
                                             compare a new bond's numbers (SAS, safety number) on a call and say
                                             they match, or skip the check (NOT VERIFIED); until one of these,
                                             nothing you chose is shared with NAME. Without a flag: show them
  shield NAME FACET LEVEL [--for 2h]         how much of one facet one partner gets (optionally for a time)
                                             LEVEL: exact | street | neighbourhood | city | frozen | hidden
  shields [--json]                           every partner's shields, facet by facet
  sharing NAME on|off                        location and presence exact for one partner, or nothing at all
  decline NAME                               refuse them; no bond is made
  bonds [--json]                             each bond with its SAS, safety number and whether you checked them
  share --lat X --lon Y [--acc M] [--battery N] [--to NAME]
                                             publish one tick: your position, at each partner's level
  share --gpx FILE [--speed N]               replay a track as live fixes (N× real time), on the tick
  feel MOOD [--intensity 1-5] [--note TEXT] [--emoji E]
                                             how you feel (calm, happy, loving, excited, tired, sad, anxious, angry; none)
  glance NAME KIND                           a one-tap signal: thinking-of-you, heartbeat, im-ok, call-me, …
  say NAME TEXT                              a thought; stored until they come back
  thoughts NAME [--json]                     your thoughts with NAME, with sent/stored/delivered/read marks
  moment NAME FILE [--caption TEXT]          a photo (metadata stripped first), pinned at their moments level
  watch [--json] [--places]                  print what partners share as it arrives (--places: with the
                                             place's name, from the offline GeoNames dataset)
  end NAME                                   end the bond at once (either side may)
  verify-web URL [--manifest FILE|DIR]       check that URL serves, byte for byte, the web app build you trust
                                             (default: your own release build, packages/web/dist); exit 1 on a difference`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
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
      name: { type: 'string' },
      phrase: { type: 'string' },
      ttl: { type: 'string' },
      lat: { type: 'string' },
      lon: { type: 'string' },
      acc: { type: 'string' },
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
      manifest: { type: 'string' },
      'numbers-match': { type: 'boolean' },
      'skip-check': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const ctx = commandContext({ home: values.home, server: values.server });
  switch (command) {
    case 'start':
      await start(ctx, {
        port: values.port,
        data: values.data,
        host: values.host,
        tlsCert: values['tls-cert'],
        tlsKey: values['tls-key'],
        publicUrl: values['public-url'],
        web: values.web,
        noWeb: values['no-web'],
        webOrigins: values['web-origin'],
        trustProxy: values['trust-proxy'],
        basemap: values.basemap,
      });
      return -1; // keep running
    case 'init':
      await init(ctx, { name: values.name, phrase: values.phrase });
      return 0;
    case 'invite':
      await invite(ctx, { ttl: values.ttl });
      return 0;
    case 'accept':
      await accept(ctx, arg, { share: values.share });
      return 0;
    case 'requests':
      await requests(ctx, { json: values.json });
      return 0;
    case 'confirm':
      await confirm(ctx, arg, { share: values.share, numbersMatch: values['numbers-match'], skipCheck: values['skip-check'] });
      return 0;
    case 'verify':
      await verify(ctx, arg, { numbersMatch: values['numbers-match'], skipCheck: values['skip-check'] });
      return 0;
    case 'sharing':
      await sharing(ctx, arg, positionals[2]);
      return 0;
    case 'shield':
      await shield(ctx, positionals.slice(1), { for: values.for });
      return 0;
    case 'shields':
      await shields(ctx, { json: values.json });
      return 0;
    case 'feel':
      await feel(ctx, arg, { intensity: values.intensity, note: values.note, emoji: values.emoji });
      return 0;
    case 'glance':
      await glance(ctx, arg, positionals[2]);
      return 0;
    case 'say':
      await say(ctx, arg, positionals.slice(2));
      return 0;
    case 'thoughts':
      await thoughts(ctx, arg, { json: values.json });
      return 0;
    case 'moment':
      await moment(ctx, arg, positionals[2], { caption: values.caption });
      return 0;
    case 'decline':
      await decline(ctx, arg);
      return 0;
    case 'bonds':
      await bonds(ctx, { json: values.json });
      return 0;
    case 'share':
      await share(ctx, {
        lat: values.lat,
        lon: values.lon,
        acc: values.acc,
        gpx: values.gpx,
        speed: values.speed,
        battery: values.battery,
        charging: values.charging,
        to: values.to,
      });
      return 0;
    case 'watch':
      await watch(ctx, { json: values.json, places: values.places });
      return 0;
    case 'end':
      await end(ctx, arg);
      return 0;
    case 'verify-web':
      return verifyWeb(ctx, arg, { manifest: values.manifest });
    default:
      throw new UsageError(`unknown command: ${command}\n${USAGE}`);
  }
}

/** undici's fetch wraps the socket error as `cause`; its code says the relay is not listening. */
function isConnectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  return cause?.code === 'ECONNREFUSED' || cause?.code === 'ENOTFOUND';
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`entwine: ${error.message}\n`);
    else if (error instanceof RelayError) process.stderr.write(`entwine: ${describeRelayError(error)} [${error.code}]\n`);
    else if (error instanceof EntwineError) process.stderr.write(`entwine: ${ERRORS[error.code].message} [${error.code}]\n`);
    else if (isConnectionRefused(error)) process.stderr.write('entwine: cannot reach the relay (is `entwine start` running?)\n');
    else process.stderr.write(`entwine: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
