import { describe, expect, it } from 'vitest';
import { initialOf, isOwnEmoji, isolate, splitIsolated } from './user-text.ts';

describe("a name's initial is a letter or an emoji, never markup", () => {
  it('skips symbols before the first letter', () => {
    expect(initialOf('<b>eve</b>')).toBe('B');
    expect(initialOf('  "Zoë"')).toBe('Z');
    expect(initialOf('&amp; Co')).toBe('A');
  });
  it('takes a whole grapheme (a combined letter, an emoji with its skin tone or joins)', () => {
    expect(initialOf('e\u0301lise')).toBe('E\u0301');
    expect(initialOf('👩🏽‍🚀 Ana')).toBe('👩🏽‍🚀');
    expect(initialOf('ßen')).toBe('SS');
    expect(initialOf('محمد')).toBe('م');
  });
  it('says "?" for a name with no letter, digit or emoji', () => {
    expect(initialOf('<>&')).toBe('?');
    expect(initialOf('')).toBe('?');
  });
});

describe('user text inside the app’s sentences is isolated', () => {
  it('wraps text in FSI…PDI and splits it back for <bdi>', () => {
    const rlo = 'evil\u202Ecap';
    const sentence = `${isolate('Alice')} shared a photo: ${isolate(rlo)}.`;
    expect(sentence).toBe('\u2068Alice\u2069 shared a photo: \u2068evil\u202Ecap\u2069.');
    expect(splitIsolated(sentence)).toEqual([
      { text: 'Alice', isolated: true },
      { text: ' shared a photo: ', isolated: false },
      { text: rlo, isolated: true },
      { text: '.', isolated: false },
    ]);
  });
  it('takes isolate marks out of the text, so the text cannot close its own isolate early', () => {
    expect(isolate('a\u2069\u202Eb')).toBe('\u2068a\u202Eb\u2069');
  });
});

describe('“your own emoji” takes emoji only', () => {
  it.each(['😀', '🌧️', '👍🏾', '👩‍👩‍👧', '🇨🇭', '1️⃣', '🎉🎉', '❤️🔥✨'])('accepts %s', (e) => {
    expect(isOwnEmoji(e)).toBe(true);
  });
  it.each(['happy', 'ok 👍', '👍 ', '', ':)', '1', '😀😀😀😀', '😀a', '#'])('refuses %j', (e) => {
    expect(isOwnEmoji(e)).toBe(false);
  });
});
