/**
 * Words for the notices the session raises; failures among them are explained by `explain-failure.ts`.
 * What a partner sent (a glance, a thought, a feeling, a photo) also has a system notification's words,
 * and a screen to open from the notice. A photo's notice names where it was pinned, at the level it was
 * sent at, once the place names have loaded (the first such notice starts loading them).
 */

import { facetNoun, isFacet, placeEventWords, refusalWords } from '@entwine/core';
import type { Route } from '../app/route.ts';
import type { NoticeEvent } from '../app/snapshot.ts';
import { explainFailure, explainPairingFailure } from './explain-failure.ts';
import { feelingEmoji, GLANCE_WORDS, MOOD_WORDS } from './facet-words.ts';
import { formatTime } from './format.ts';
import { placeNameNow } from './place-names.ts';
import { placeWords } from './place-words.ts';
import { isolate } from './user-text.ts';

export interface NoticeWords {
  text: string;
  tone: 'info' | 'warning' | 'partner';
  /** A symbol drawn large beside the text (decorative: the text says the same). */
  icon?: string;
  /** Where "Open" goes, if the notice has somewhere to go. */
  open?: { route: Route; label: string };
}

/** " near Oerlikon, Zürich" for a photo's pin, once the place names have loaded (named here, never sent). */
function momentPlace(e: Extract<NoticeEvent, { kind: 'moment' }>): string {
  const name = e.place && placeNameNow(e.place.lat, e.place.lon, e.place.level);
  return name && e.place ? ` ${placeWords(name, e.place.level)}` : '';
}

const feelingText = (e: Extract<NoticeEvent, { kind: 'feeling' }>) =>
  `${e.name} feels ${MOOD_WORDS[e.feeling.mood].word} (${e.feeling.intensity}/5)${e.feeling.note ? `: “${e.feeling.note}”` : ''}`;

/** "Alice arrived at Home · 18:02": the time is when they crossed the edge, in this device's time zone. */
const placeText = (e: Extract<NoticeEvent, { kind: 'place' }>) =>
  `${placeEventWords(e.name, { event: e.event, name: e.place })} · ${formatTime(e.at)}`;

/** The event with every piece of user text (names, a thought, a caption, a note) isolated (`user-text.ts`). */
function isolated(event: NoticeEvent): NoticeEvent {
  const e = { ...event } as NoticeEvent & { name?: string; text?: string; caption?: string };
  if ('name' in e && typeof e.name === 'string') e.name = isolate(e.name);
  if (e.kind === 'thought') e.text = isolate(e.text);
  if (e.kind === 'moment' && e.caption) e.caption = isolate(e.caption);
  if (e.kind === 'place') return { ...e, place: isolate(e.place) };
  if (e.kind === 'feeling' && e.feeling.note) return { ...e, feeling: { ...e.feeling, note: isolate(e.feeling.note) } };
  return e;
}

/** The notice's words; user text in them is isolated (render with `IsolatedText`). */
export function describeNotice(raw: NoticeEvent): NoticeWords {
  const event = isolated(raw);
  switch (event.kind) {
    case 'glance': {
      const g = GLANCE_WORDS[event.glance];
      return {
        text: `${g.says(event.name)}.`,
        tone: 'partner',
        icon: g.emoji,
        open: { route: { name: 'bond', bondId: event.bondId }, label: 'Answer' },
      };
    }
    case 'glances-muted':
      return {
        text: `${event.name} is sending glances faster than a bond allows; the rest are muted for a while.`,
        tone: 'warning',
      };
    case 'thought':
      return {
        text: `${event.name}: ${event.text}`,
        tone: 'partner',
        icon: '💬',
        open: { route: { name: 'thoughts', bondId: event.bondId }, label: 'Reply' },
      };
    case 'feeling':
      return {
        text: `${feelingText(event)}.`,
        tone: 'partner',
        icon: feelingEmoji(event.feeling),
        open: { route: { name: 'bond', bondId: event.bondId }, label: 'See' },
      };
    case 'moment':
      return {
        text: `${event.name} shared a photo${momentPlace(event)}${event.caption ? `: ${event.caption}` : '.'}`,
        tone: 'partner',
        icon: '📷',
        open: { route: { name: 'moments', bondId: event.bondId }, label: 'See it' },
      };
    case 'place':
      return {
        text: `${placeText(event)}.`,
        tone: 'partner',
        icon: '📍',
        open: { route: { name: 'bond', bondId: event.bondId }, label: 'See' },
      };
    case 'bond-active':
      return { text: `Your bond with ${event.name} is active.`, tone: 'info' };
    case 'bond-ended':
      return {
        text: event.by === 'me' ? `You ended your bond with ${event.name}.` : `${event.name} ended the bond with you.`,
        tone: 'warning',
      };
    case 'relay-fault':
      return {
        text: `The relay said your bond with ${event.name} ended, but could not show an end signed by ${event.name}. The bond is kept; the relay may be faulty or hostile.`,
        tone: 'warning',
      };
    case 'pairing-failed': {
      const e = explainPairingFailure(event.reason);
      return { text: `${event.name}: ${e.title}. ${e.detail}`, tone: 'warning' };
    }
    case 'pairing-declined':
      return { text: `${event.name} declined your request.`, tone: 'warning' };
    case 'peer-devices-changed':
      return {
        text: `${event.name}’s device changed: they restored their identity on another device. The safety number stays the same.`,
        tone: 'warning',
        open: { route: { name: 'bond', bondId: event.bondId }, label: 'See' },
      };
    case 'send-refused':
      // The code is for logs; the person reads what it means (the catalogue's words) and where to change it.
      return {
        text: `A message to ${isolate(event.name)} was not sent: ${refusalWords(event.code)}`,
        tone: 'warning',
        ...(event.code === 'ENTWINE_ERR_SHIELD_HIDDEN' ? { open: { route: { name: 'sharing' }, label: 'Open Sharing' } } : {}),
      };
    case 'record-failed': {
      const e = explainFailure(event.error);
      return { text: `Your position could not be saved on this device. ${e.title}: ${e.detail}`, tone: 'warning' };
    }
    case 'publish-failed':
      // The client reports a failed tick as text only; the next tick tries again by itself.
      return { text: `Your latest update was not sent (${event.error}). Entwine tries again on the next tick.`, tone: 'warning' };
    case 'shield-reverted': {
      const facets = event.facets.map((f) => (isFacet(f) ? facetNoun(f) : f)).join(', ');
      return { text: `Your timed shield for ${event.name} ended: ${facets} went back to what it was before.`, tone: 'info' };
    }
  }
}

/** A system notification's title and body, for what a partner sent; nothing for the app's own notices. */
export function systemText(raw: NoticeEvent): { title: string; body: string } | undefined {
  // The title is the name alone; in the body, the name and what they wrote stay isolated from the app's words.
  const event = isolated(raw);
  const title = 'name' in raw ? raw.name : '';
  switch (event.kind) {
    case 'glance':
      return { title, body: `${GLANCE_WORDS[event.glance].emoji} ${GLANCE_WORDS[event.glance].says(event.name)}` };
    case 'thought':
      return { title, body: event.text };
    case 'feeling':
      return { title, body: feelingText(event) };
    case 'moment':
      return { title, body: `📷 shared a photo${momentPlace(event)}${event.caption ? `: ${event.caption}` : ''}` };
    case 'place':
      return { title, body: `📍 ${placeText(event)}` };
    default:
      return undefined;
  }
}
