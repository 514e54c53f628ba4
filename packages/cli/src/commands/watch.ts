/**
 * `entwine watch`: prints partners' live positions as they arrive, one line each; forged ones marked. With
 * `--places`, a position also gets its place from the offline dataset, named here at the level it was
 * sent ("near Oerlikon, Zürich, CH"; "somewhere in Zürich, CH"). The names take a second or two of CPU
 * to load, so they are loaded before watching starts and only when asked for: a load in the middle of the
 * stream would hold up the lines that arrive meanwhile.
 */
import type { DeviceEvent, UpdateNeeded } from '@entwine/client';
import { dayToIso, EntwineError, ERRORS, pairingFailureWords, placeEventWords, placeWords, refusalWords } from '@entwine/core';
import type { PlaceIndex, Precision } from '@entwine/places';
import { type CommandContext, displacedWords, UsageError } from '../context.ts';
import { describeRelayFault, missedWords } from './bonding.ts';

/** "  near Oerlikon, Zürich, CH", "  somewhere in Zürich, CH", "  60 km from Egvekinot, RU" (the web app's words, core `placeWords`); '' without names. */
export function placeSuffix(names: PlaceIndex | undefined, lat: number, lon: number, level: Precision): string {
  const name = names?.nameAt(lat, lon, level);
  return name ? `  ${placeWords(name, level, name.country)}` : '';
}

export function formatEvent(e: DeviceEvent, names?: PlaceIndex): string | undefined {
  switch (e.type) {
    case 'location': {
      const m = e.message;
      const at = `${new Date(m.level === 'exact' ? m.fixTs : m.ts).toISOString()}  ${e.from}`;
      switch (m.level) {
        case 'exact':
          return `${at}  ${m.lat.toFixed(6)} ${m.lon.toFixed(6)}${m.acc === undefined ? '' : ` ±${Math.round(m.acc)}m`}${placeSuffix(names, m.lat, m.lon, 'exact')}`;
        case 'frozen':
          return `${at}  location frozen (the last one shared stays, with its age)`;
        case 'hidden':
          return `${at}  location hidden`;
        case 'unknown':
          return `${at}  no position yet`;
        default:
          return `${at}  somewhere within ${formatRadius(m.radius)} of ${m.lat.toFixed(5)} ${m.lon.toFixed(5)} (${m.level})${placeSuffix(names, m.lat, m.lon, m.level)}`;
      }
    }
    case 'presence': {
      const m = e.message;
      if (m.level !== 'exact') return `${new Date(m.ts).toISOString()}  ${e.from}  presence ${m.level}`;
      const battery = m.battery ? `  battery ${m.battery}%${m.charging ? ' (charging)' : ''}` : '';
      return `${new Date(m.ts).toISOString()}  ${e.from}  online${battery}`;
    }
    case 'feeling': {
      const m = e.message;
      if (m.level !== 'exact') return `${new Date(m.ts).toISOString()}  ${e.from}  feelings ${m.level === 'unknown' ? 'not set' : m.level}`;
      return `${new Date(m.since).toISOString()}  ${e.from}  feels ${m.mood} ${m.intensity}/5${m.emoji ? ` ${m.emoji}` : ''}${m.note ? `: ${m.note}` : ''}`;
    }
    case 'glance':
      return `${new Date(e.message.ts).toISOString()}  ${e.from}  glance: ${e.message.glance}`;
    case 'glances-muted':
      return `${e.from} is sending glances faster than a bond allows; ${e.count} muted`;
    case 'thought':
      return `${new Date(e.message.ts).toISOString()}  ${e.from}: ${e.message.text}`;
    case 'thought-mark':
      return `Your thought ${e.id} to ${e.name} is ${e.mark}.`;
    case 'moment': {
      const p = e.message.place;
      const where =
        p.level === 'none' ? '' : ` at ${p.lat.toFixed(5)} ${p.lon.toFixed(5)} (${p.level})${placeSuffix(names, p.lat, p.lon, p.level)}`;
      return `${new Date(e.message.ts).toISOString()}  ${e.from}  shared a photo (${e.message.mime}, ${e.message.size} bytes)${where}${e.message.caption ? `: ${e.message.caption}` : ''}`;
    }
    case 'place':
      // The time the crossing began (the sender's confirmed run), not when the message came.
      return `${new Date(e.message.at).toISOString()}  ${placeEventWords(e.from, e.message)}`;
    case 'shield-reverted':
      return `Your timed shield for ${e.name} ended: ${e.facets.join(', ')} back to the level before.`;
    case 'publish-failed':
      return `Could not publish this tick: ${e.error}`;
    case 'forged':
      return `FORGED or damaged envelope in the bond with ${e.from} (${e.reason}) — not shown as a position`;
    case 'trail-day':
      return `${e.from} sealed a newer version of ${dayToIso(e.day)} of their trail (entwine trail ${e.from} --day ${dayToIso(e.day)})`;
    case 'missed':
      return `${missedWords(e.count, e.from)} (${e.total} in all)`;
    case 'newer-version':
      return `${e.from} sent something (${e.kind}) that needs a newer version of Entwine — update Entwine to see it (genuine, not forged)`;
    case 'update-needed':
      return `${describeUpdateNeeded(e.code)} [${e.code}]`;
    case 'dropped':
      return e.bondId
        ? `Set aside an envelope in the bond with ${e.from} (${e.reason}) — not checked, not shown`
        : `Set aside an envelope that names no bond of yours (${e.reason}) — not shown`;
    case 'bond-ended':
      return e.by === 'me' ? `You ended the bond with ${e.name}.` : `The bond with ${e.name} ended (${e.name} ended it).`;
    case 'bond-active':
      return `The bond with ${e.name} is active.`;
    case 'relay-fault':
      return `RELAY FAULT (${e.reason}) in the bond with ${e.name}: ${describeRelayFault(e.name)}.`;
    case 'pairing-request':
      return `${e.name} accepted your invite; say yes with: entwine confirm ${e.name}`;
    case 'pairing-failed':
      return `Pairing with ${e.name} FAILED: ${pairingFailureWords(e.reason)}`;
    case 'pairing-declined':
      return `${e.name} declined.`;
    case 'send-refused':
      return `A message was not sent: ${refusalWords(e.code)} [${e.code}]`;
    case 'displaced':
      return 'This identity moved to another device (restored there): this home stopped sharing and receiving.';
    case 'peer-devices-changed':
      return `${e.name}’s device changed (same identity, same safety number); new keys go to it.`;
    case 'connection':
      return e.state === 'open' ? 'connected' : `disconnected${e.reason ? `: ${e.reason}` : ''}; reconnecting`;
  }
}

/** The catalogue's words for who has to update ("update Entwine …"). */
export function describeUpdateNeeded(code: UpdateNeeded): string {
  return ERRORS[code].message;
}

const formatRadius = (m: number) => (m >= 1000 ? `${m / 1000} km` : `${m} m`);

export function eventJson(e: DeviceEvent): unknown {
  if (e.type === 'moment') {
    const { kind: _kind, ...fields } = e.message;
    return { type: e.type, bondId: e.bondId, from: e.from, ...fields, photoBytes: e.photo.length };
  }
  if ('message' in e) {
    const { kind: _kind, ...fields } = e.message;
    return { type: e.type, bondId: e.bondId, from: e.from, ...fields };
  }
  return e;
}

/**
 * Every tick repeats what did not change; a person reading the terminal wants a line when something
 * did (every value carries the tick as `ts`; an exact fix also its own `fixTs`, so a new fix is a change).
 */
function changeFilter(): (e: DeviceEvent) => boolean {
  const last = new Map<string, string>();
  return (e) => {
    if (e.type !== 'location' && e.type !== 'presence' && e.type !== 'feeling') return true;
    const { ts: _ts, ...rest } = e.message;
    const value = JSON.stringify(rest); // an exact fix keeps its own fixTs, so a new fix is a change
    const key = `${e.bondId}/${e.senderDevice}/${e.type}`;
    if (last.get(key) === value) return false;
    last.set(key, value);
    return true;
  };
}

export async function watch(ctx: CommandContext, opts: { json?: boolean; places?: boolean }) {
  const names = opts.places && !opts.json ? await (await import('@entwine/places/node')).loadPlacesFromPackage() : undefined;
  const device = await ctx.device();
  const changed = changeFilter();
  device.on((e) => {
    if (e.type === 'published') return; // the watcher's own ticks are not news
    if (opts.json) ctx.out(JSON.stringify(eventJson(e)));
    else if (changed(e)) {
      const line = formatEvent(e, names);
      if (line) ctx.out(line);
    }
  });
  // Listen for Ctrl-C before connecting: a stop during the backlog read must still save what was read.
  let displacedAt: number | undefined;
  let outdated: UpdateNeeded | undefined;
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    // The identity moved to another device, or Entwine must be updated: nothing more will come here.
    device.on((e) => {
      if (e.type === 'update-needed') outdated = e.code;
      else if (e.type === 'displaced') displacedAt = e.at;
      else return;
      resolve();
    });
  });
  await Promise.race([device.connect(), stopped]);
  if (!opts.json) ctx.out(`Watching ${device.bonds().filter((b) => b.status === 'active').length} bond(s). Ctrl-C to stop.`);
  await stopped;
  device.close();
  await device.flushed();
  if (displacedAt !== undefined) throw new UsageError(displacedWords(ctx.home, displacedAt));
  if (outdated !== undefined) throw new EntwineError(outdated);
}
