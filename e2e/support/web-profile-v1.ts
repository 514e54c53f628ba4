/**
 * What the saved browser profile `e2e/fixtures/web-profile-v1/` holds, shared by the script that made it
 * (`make-web-profile-fixture.ts`) and the test that opens it (`web-profile-migration.test.ts`).
 */
export const WEB_PROFILE_V1 = {
  /** IndexedDB belongs to an origin: the profile opens only on `http://127.0.0.1:<port>`. */
  port: 47931,
  alice: 'Alice Fixture',
  bob: 'Bob Fixture',
  /** Where Alice's browser said she was when she turned her location on. */
  position: { latitude: 47.37692, longitude: 8.54173, accuracy: 35 },
  /** The shield Alice set after bonding: her location as Bob sees it. */
  shield: { facet: 'location', level: 'street' },
  /** Sent in this order, Alice first, then each answering the other; every one read by its receiver. */
  thoughts: ['Coffee at ten?', 'Yes, the usual place.', 'Bring the map 🗺️', 'Always do.'],
} as const;
