/** The words for a place name, per level: never a neighbourhood where the level is an area. */
import type { PlaceName } from '@entwine/places';
import { describe, expect, it } from 'vitest';
import { placeWords, shortPlaceWords } from './place-words.ts';

const OERLIKON: PlaceName = {
  locality: 'Zürich',
  neighbourhood: 'Oerlikon',
  country: 'CH',
  countryName: 'Switzerland',
  distanceKm: 4.8,
  far: false,
};
const ZURICH: PlaceName = { locality: 'Zürich', country: 'CH', countryName: 'Switzerland', distanceKm: 5.3, far: false };
const FAR: PlaceName = { locality: 'Egvekinot', country: 'RU', countryName: 'Russia', distanceKm: 60.4, far: true };

describe('placeWords', () => {
  it('says "near" with the neighbourhood at a point or street, "somewhere in" the town for an area', () => {
    expect(placeWords(OERLIKON, 'exact')).toBe('near Oerlikon, Zürich');
    expect(placeWords(OERLIKON, 'street', { country: true })).toBe('near Oerlikon, Zürich, Switzerland');
    expect(placeWords(ZURICH, 'street')).toBe('near Zürich');
    expect(placeWords(ZURICH, 'city')).toBe('somewhere in Zürich');
    expect(placeWords(ZURICH, 'neighbourhood', { country: true })).toBe('somewhere in Zürich, Switzerland');
  });

  it('does not print a neighbourhood for an area even if one were passed', () => {
    expect(placeWords(OERLIKON, 'city')).toBe('somewhere in Zürich');
    expect(shortPlaceWords(OERLIKON, 'neighbourhood')).toBe('in Zürich');
  });

  it('says how far a place is when none is near', () => {
    expect(placeWords(FAR, 'exact')).toBe('60 km from Egvekinot');
    expect(placeWords(FAR, 'city', { country: true })).toBe('about 60 km from Egvekinot, Russia');
    expect(shortPlaceWords(FAR, 'street')).toBe('60 km from Egvekinot');
  });

  it('keeps map labels short: the finest part only', () => {
    expect(shortPlaceWords(OERLIKON, 'exact')).toBe('near Oerlikon');
    expect(shortPlaceWords(ZURICH, 'street')).toBe('near Zürich');
    expect(shortPlaceWords(ZURICH, 'city')).toBe('in Zürich');
  });
});
