// The CLI reads and prints shield levels in the web app's words (issue 12: the CLI said `exact` where the web
// says *Shared*, and refused `shared`).
import { FACET_LEVELS, FACETS } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { levelWord as webLevelWord } from '../../web/src/ui/shield-words.ts';
import { levelChoices, levelFromWord, levelWord } from './level-words.ts';

describe('shield levels in the web app’s words', () => {
  it('prints every level of every facet as the web app does', () => {
    for (const facet of FACETS)
      for (const level of FACET_LEVELS[facet]) expect(levelWord(facet, level), `${facet}/${level}`).toBe(webLevelWord(facet, level));
  });

  it('reads back every word it prints', () => {
    for (const facet of FACETS) for (const level of FACET_LEVELS[facet]) expect(levelFromWord(facet, levelWord(facet, level))).toBe(level);
  });

  it('takes "shared" for a facet without a place, and "exact" as its old word; refuses "shared" for one with a place', () => {
    expect(levelFromWord('thoughts', 'shared')).toBe('exact');
    expect(levelFromWord('thoughts', 'exact')).toBe('exact');
    expect(levelFromWord('location', 'shared')).toBeUndefined();
    expect(levelFromWord('glances', 'city')).toBeUndefined();
    expect(levelChoices('feelings')).toBe('shared | frozen | hidden');
  });
});
