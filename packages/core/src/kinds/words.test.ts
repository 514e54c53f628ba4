// The words both front ends show for facets, levels, refusals and pairing failures (issue 12: the CLI said
// `exact` where the web says *Shared*, and refused `shared`; pairing failures read differently in each).
import { describe, expect, it } from 'vitest';
import { FACET_LEVELS, FACETS } from '../shield/levels.ts';
import {
  FACET_WORDS,
  hasPlace,
  levelChoices,
  levelFromWord,
  levelWord,
  PAIRING_FAILURE_REASONS,
  pairingFailureWords,
  placeEventWords,
  placeWords,
  shieldRefusal,
  shortPlaceWords,
} from './words.ts';

describe('facet and level words', () => {
  it('names every facet, and says "shared" for the top level of a facet without a place', () => {
    for (const facet of FACETS) {
      expect(FACET_WORDS[facet].name.length, facet).toBeGreaterThan(0);
      expect(FACET_WORDS[facet].hint.length, facet).toBeGreaterThan(0);
      expect(levelWord(facet, 'exact'), facet).toBe(hasPlace(facet) ? 'exact' : 'shared');
    }
    expect(hasPlace('location')).toBe(true);
    expect(hasPlace('thoughts')).toBe(false);
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

  it('a shield’s refusal names the facet, the partner and the word that opens it', () => {
    expect(shieldRefusal('glances', 'Bob')).toEqual({ text: 'Not sent: you do not share glances with Bob', open: 'shared' });
    expect(shieldRefusal('moments', 'Bob').open).toBe('exact');
    expect(shieldRefusal('checkin', 'Bob').text).toContain('check-ins');
  });

  it('has words for every reason a pairing can fail, and shows an unknown reason as it is', () => {
    for (const reason of PAIRING_FAILURE_REASONS) expect(pairingFailureWords(reason), reason).not.toBe(reason);
    expect(pairingFailureWords('rollback')).toContain('device list');
    expect(pairingFailureWords('commitment-mismatch')).toContain('intercepting');
    expect(pairingFailureWords('from-the-future')).toBe('from-the-future');
  });

  it('says a place at the scale of its level', () => {
    const oerlikon = { locality: 'Zürich', neighbourhood: 'Oerlikon', distanceKm: 4.8, far: false };
    expect(placeWords(oerlikon, 'street', 'CH')).toBe('near Oerlikon, Zürich, CH');
    expect(placeWords(oerlikon, 'city')).toBe('somewhere in Zürich');
    expect(placeWords({ locality: 'Egvekinot', distanceKm: 60.4, far: true }, 'city')).toBe('about 60 km from Egvekinot');
    expect(shortPlaceWords(oerlikon, 'neighbourhood')).toBe('in Zürich');
  });
});

describe('place event words', () => {
  it('says who arrived at or left which place, and nothing of where it is', () => {
    expect(placeEventWords('Alice', { event: 'arrive', name: 'Home' })).toBe('Alice arrived at Home');
    expect(placeEventWords('Alice', { event: 'leave', name: 'Work' })).toBe('Alice left Work');
  });
});
