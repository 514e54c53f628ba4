/**
 * English country names from the platform's own ICU data (`Intl.DisplayNames`), so no table ships with the
 * dataset. Where a platform has no display names (a JS engine built without ICU) the ISO code stands in.
 */

let names: Intl.DisplayNames | null | undefined;

export function countryName(iso2: string): string {
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    } catch {
      names = null;
    }
  }
  try {
    return names?.of(iso2) ?? iso2;
  } catch {
    // `of` throws on a code that is not well-formed; the dataset's own codes all are, so this is only defence
    return iso2;
  }
}
