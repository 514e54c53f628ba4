/**
 * Text a person typed (names, captions, thoughts, notes) inside the app's own sentences. Such text may carry
 * bidirectional controls — a right-to-left override in a caption would otherwise flip every word after it —
 * so it is always isolated: in JSX with `<bdi>` (see `isolated-text.tsx`), and in plain strings (notices,
 * system notifications) between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE (Unicode UAX #9, X5c/X6a:
 * a PDI closes every embedding and override opened inside it). The marker's initial is the first letter or
 * emoji of a name, never a symbol such as the "<" of something that looks like markup.
 */

const FSI = '\u2068';
const PDI = '\u2069';

/** `text` between FSI and PDI, for a plain string (any isolate marks already in it are taken out first). */
export function isolate(text: string): string {
  return `${FSI}${text.replace(/[\u2068\u2069]/g, '')}${PDI}`;
}

/** A string made with `isolate`, cut into the app's words and the isolated user text, for `<bdi>`s. */
export function splitIsolated(text: string): { text: string; isolated: boolean }[] {
  const parts: { text: string; isolated: boolean }[] = [];
  const re = /\u2068([^\u2069]*)\u2069/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index), isolated: false });
    parts.push({ text: m[1] ?? '', isolated: true });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), isolated: false });
  return parts;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A grapheme that can stand for a person: a letter, a digit or an emoji (not "<", "&", a quote or a space). */
const STANDS_FOR = /^(?:[\p{L}\p{N}]|\p{Extended_Pictographic}|\p{Regional_Indicator})/u;

/** The first letter (or emoji) of a name, as one whole grapheme, upper-cased; "?" when there is none. */
export function initialOf(name: string): string {
  for (const { segment } of graphemes.segment(name)) {
    if (STANDS_FOR.test(segment)) return segment.toLocaleUpperCase();
  }
  return '?';
}

/** One emoji grapheme: a pictograph (with whatever modifiers and joins make it one), a flag, or a keycap. */
function isEmojiGrapheme(g: string): boolean {
  if (/^\p{Regional_Indicator}{2}$/u.test(g) || /^[#*0-9]\uFE0F?\u20E3$/u.test(g)) return true;
  return /^\p{Extended_Pictographic}/u.test(g) && !/[\p{L}\p{N}\p{P}\p{Z}]/u.test(g);
}

/** The most emoji "your own emoji" holds (the schema allows 16 bytes: three simple emoji fit). */
export const OWN_EMOJI_MAX = 3;

/** Whether `text` is one to three emoji and nothing else (no letters, digits, spaces or punctuation). */
export function isOwnEmoji(text: string): boolean {
  const parts = Array.from(graphemes.segment(text), (s) => s.segment);
  return parts.length >= 1 && parts.length <= OWN_EMOJI_MAX && parts.every(isEmojiGrapheme);
}
