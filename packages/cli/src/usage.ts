/**
 * What `entwine --help` and `entwine COMMAND --help` print: one entry per command, in the order a person
 * meets them. Plain text only — `--help` loads this file and nothing else (`usage.test.ts` checks that
 * every command and option is described and that the lists here match the core's).
 */

export interface CommandUsage {
  /** The command and its arguments, as typed. */
  synopsis: string;
  /** What it does, one line or a few. */
  about: string[];
}

const SHARE_WHAT = 'WHAT: none (the default), or facet[=level],… e.g. location=city,presence';

export const COMMAND_USAGE: Readonly<Record<string, CommandUsage>> = {
  start: {
    synopsis:
      'start [--port N] [--data DIR] [--host H] [--tls-cert F --tls-key F] [--public-url URL] [--web DIR] [--no-web] [--web-origin URL]… [--trust-proxy ADDR,…] [--basemap FILE] [--live-days N]',
    about: [
      'run the relay and print its URL (default port 8787, data in ./data)',
      '--no-web: the API (/v1) only; --web-origin: a web app served from that origin may call the API',
      '--trust-proxy: behind a proxy, whose X-Forwarded-For names the client',
      '--basemap: serve a street map to the web app from this relay: a .pmtiles (v3) or .mbtiles file in the',
      'Protomaps basemap schema (docs/operations.md); a file that cannot be served stops start-up',
      '--live-days: keep a live update at most N days (default 7) for a device that has not read it; one every',
      'device has read is deleted at once',
    ],
  },
  init: {
    synopsis: 'init --name NAME [--phrase "12 words"]',
    about: [
      'create an identity and print its recovery phrase once; with --phrase, restore the identity that phrase',
      'belongs to (a phrase no one registered makes a new identity, and says so)',
    ],
  },
  invite: { synopsis: 'invite [--ttl 24h]', about: ['print a single-use invite link and its QR code'] },
  accept: {
    synopsis: 'accept LINK [--share WHAT]',
    about: ['answer an invite (your yes); shares nothing unless you say so', SHARE_WHAT],
  },
  requests: { synopsis: 'requests [--json]', about: ['who answered your invites, with the numbers to compare on a call'] },
  confirm: {
    synopsis: 'confirm NAME [--share WHAT] [--numbers-match | --skip-check]',
    about: [
      'say yes to the person who accepted your invite, after comparing the numbers `requests` shows',
      '(without a flag, compare later with `verify`)',
      SHARE_WHAT,
    ],
  },
  verify: {
    synopsis: 'verify NAME [--numbers-match | --skip-check]',
    about: [
      "compare a new bond's numbers (SAS, safety number) on a call and say they match, or skip the check",
      '(NOT VERIFIED); until one of these, nothing you chose is shared with NAME. Without a flag: show them',
    ],
  },
  decline: { synopsis: 'decline NAME', about: ['refuse them; no bond is made'] },
  bonds: {
    synopsis: 'bonds [--json]',
    about: ['each bond with what you share, its SAS, safety number and whether you checked them'],
  },
  shield: {
    synopsis: 'shield NAME FACET LEVEL [--for 2h]',
    about: [
      'how much of one facet one partner gets (optionally for a time, then back to the level before)',
      'FACET: location, trail, places, presence, feelings, moments, glances, thoughts, checkin',
      'LEVEL: exact | street | neighbourhood | city | frozen | hidden, as the facet allows;',
      'presence, feelings, glances and thoughts are shared or not: "shared" (or "exact") | hidden',
    ],
  },
  shields: { synopsis: 'shields [--json]', about: ["every partner's shields, facet by facet"] },
  sharing: { synopsis: 'sharing NAME on|off', about: ['location and presence exact for one partner, or nothing at all'] },
  share: {
    synopsis: 'share (--lat X --lon Y [--acc M] | --gpx FILE [--speed N]) [--battery N [--charging]] [--to NAME]… [--seal]',
    about: [
      'publish one tick: your position, at each partner’s level (--to: only to these partners);',
      '--gpx replays a track as live fixes (N× real time), on the tick; --battery: 0…1 or 80%',
      'every fix joins your trail; a day is sealed every 10 minutes and when it ends (--seal: now)',
    ],
  },
  feel: {
    synopsis: 'feel MOOD [--intensity 1-5] [--note TEXT] [--emoji E]',
    about: ['how you feel: calm, happy, loving, excited, tired, sad, anxious, angry (none: clear it)'],
  },
  glance: {
    synopsis: 'glance NAME KIND',
    about: ['a one-tap signal: thinking-of-you, heartbeat, im-ok, call-me, miss-you, hug, good-morning, goodnight'],
  },
  say: { synopsis: 'say NAME TEXT', about: ['a thought; stored by the relay until they come back'] },
  thoughts: { synopsis: 'thoughts NAME [--json]', about: ['your thoughts with NAME, with sent/stored/delivered/read marks'] },
  moment: {
    synopsis: 'moment NAME FILE [--caption TEXT]',
    about: ['a photo (JPEG, PNG or WebP; metadata stripped first), pinned at their moments level'],
  },
  moments: {
    synopsis: 'moments NAME [--save DIR] [--json]',
    about: ['the photos NAME shared with you; --save writes each one into DIR (a new file per photo)'],
  },
  watch: {
    synopsis: 'watch [--json] [--places]',
    about: [
      'print what partners share as it arrives, until Ctrl-C',
      "(--places: with the place's name, from the offline GeoNames dataset)",
    ],
  },
  places: {
    synopsis: 'places [--json] | places add NAME --lat X --lon Y --radius M | places remove PLACE | places (un)share PARTNER PLACE…',
    about: [
      'your own places (home, work …: a centre and a radius of 50 to 10000 m, kept on this device only) and',
      'who may hear of them: a partner you share a place with gets "arrived at Home" and "left Home" with the',
      'time, never its centre or radius, and only while their places shield is exact; unshare or remove stops',
      'it at once. No one hears of a place until you share it',
    ],
  },
  bridge: {
    synopsis:
      'bridge [--listen HOST:PORT] [--mqtt mqtt://HOST:1883] [--mqtt-topic T] [--collect-every S] | bridge setup APP [--public-url URL] [--listen HOST:PORT] [--encrypt] [--via-relay] [--renew] [--json] | bridge apps [--json]',
    about: [
      'run this device as the server of your tracker apps (APP: owntracks, overland, gpslogger, traccar; OsmAnd',
      "speaks traccar's protocol): each posts to it over HTTP (default 127.0.0.1:8789) in its own protocol, with",
      'its own token; what they send is kept in your vault before the app is answered, and goes to your',
      "partners on the tick at each one's shield level. OwnTracks gets your partners back as friends.",
      '--mqtt: also read OwnTracks from your broker (topic --mqtt-topic, default owntracks/#) and publish your',
      'partners there, sealed with the OwnTracks key (none without one). setup: print the URL to paste (with',
      'the token), a QR code and, for OwnTracks, a .otrc file; --public-url: the address the phone reaches;',
      '--encrypt: an OwnTracks encryption key; --via-relay: OwnTracks posts sealed to your relay instead (for a',
      'phone that cannot reach the bridge; implies --encrypt; the relay keeps only what it cannot open, and the',
      'bridge collects it every --collect-every seconds, default 10); --renew: a new token (the old one stops',
      'working; with --encrypt, a new key too). apps: each app set up and when it last reported',
    ],
  },
  trail: {
    synopsis: 'trail [NAME] [--day YYYY-MM-DD | --from D --to D] [--json]',
    about: [
      "your own trail (no NAME) or a partner's, by UTC day: --day one day (default today), --from D a range",
      'up to today or to --to D (at most 366 days). Points at exact, cells with enter and leave times at',
      'street, neighbourhood or city; a day that does not verify is said DAMAGED. Under each day, a table of',
      'the stays (from–to, duration, confidence, the nearest named place from the offline dataset) and trips',
      "(from–to, duration, mode; distance at exact) the sender's device derived. --json: one JSON array,",
      'with stays and trips',
    ],
  },
  import: {
    synopsis: 'import FILE.gpx [--share NAME]',
    about: [
      "a track's points into your own trail, with the file's times (streamed; a rerun adds nothing twice);",
      'prints what was read, kept and rejected, and where a broken file stops. --share: those days for NAME',
      'too, at the trail level NAME gets from you and within the retention you set for NAME',
    ],
  },
  retention: {
    synopsis: 'retention NAME [1|7|30|365|forever]',
    about: [
      'how long the relay keeps the trail you share with NAME: today and that many UTC days before it',
      '(default 30); without a value: show it. Lowering deletes older days at once; raising never brings',
      'deleted days back',
    ],
  },
  end: { synopsis: 'end NAME', about: ['end the bond at once (either side may); both sides delete what it carried'] },
  'verify-web': {
    synopsis: 'verify-web URL [--manifest FILE|DIR]',
    about: [
      'check that URL serves, byte for byte, the web app build you trust (default: your own release build,',
      'packages/web/dist); exit 1 on a difference',
    ],
  },
};

const GLOBAL = [
  'Every command takes --home DIR (its identity and keys; default $ENTWINE_HOME or ~/.entwine) and',
  '--server URL (default $ENTWINE_SERVER, else the relay the identity was created on, else http://127.0.0.1:8787).',
  'entwine COMMAND --help: that command alone.',
];

function describe(name: string, usage: CommandUsage): string {
  return [`  ${name === usage.synopsis.split(' ')[0] ? '' : `${name} `}${usage.synopsis}`, ...usage.about.map((l) => `      ${l}`)].join(
    '\n',
  );
}

/** `entwine --help`. */
export function fullUsage(): string {
  const commands = Object.entries(COMMAND_USAGE).map(([name, u]) => describe(name, u));
  return ['usage: entwine COMMAND [ARGS] [--home DIR] [--server URL]', '', ...commands, '', ...GLOBAL].join('\n');
}

/** `entwine COMMAND --help`; undefined for a command that does not exist. */
export function commandUsage(name: string): string | undefined {
  const usage = COMMAND_USAGE[name];
  if (!usage) return undefined;
  return [
    `usage: entwine ${usage.synopsis} [--home DIR] [--server URL]`,
    ...usage.about.map((l) => `  ${l}`),
    '',
    GLOBAL[0],
    GLOBAL[1],
  ].join('\n');
}
