// The public surface of @entwine/core: named exports only (STYLE §1).
export { API, type ApiBody, DROP_POST_MAX_CHARS } from './api.ts';
export {
  assertBytes,
  concatBytes,
  equalBytes,
  fromBase64url,
  fromHex,
  toBase64url,
  toHex,
  u64be,
  utf8Decode,
  utf8Encode,
} from './bytes.ts';
export { authMessage } from './crypto/auth.ts';
export { detectEd25519, type Ed25519, nobleEd25519, webCryptoEd25519 } from './crypto/ed25519.ts';
export {
  type DecodedEnvelope,
  decodeEnvelope,
  ENVELOPE_OVERHEAD,
  ENVELOPE_VERSION,
  type EnvelopeHeader,
  encodeHeader,
  HEADER_LENGTH,
  MAX_ENVELOPE_LENGTH,
  type OpenResult,
  openEnvelope,
  sealEnvelope,
} from './crypto/envelope.ts';
export { type Epoch, newEpoch, openKeyDist, sealKeyDist } from './crypto/epoch.ts';
export { sha256 } from './crypto/hash.ts';
export { hpkeOpen, hpkeSeal, hpkeSuite, type Sealed } from './crypto/hpke.ts';
export {
  certifyDevice,
  coarseningKeyOf,
  DEVICE_LIST_FAILURES,
  type DeviceKeys,
  type DeviceListFailure,
  deviceIdOf,
  generateDeviceKeys,
  generateRecoveryPhrase,
  type IdentityKey,
  identityFromPhrase,
  isValidRecoveryPhrase,
  signDeviceList,
  userIdOf,
  type VerifiedDevice,
  type VerifiedDeviceList,
  verifyDeviceList,
} from './crypto/identity.ts';
export { PAD_BUCKETS, pad, paddedLength, unpad } from './crypto/padding.ts';
export {
  type BondSecrets,
  createInvite,
  createReveal,
  deriveBond,
  INVITE_MAX_TTL_MS,
  type InviteeSecrets,
  type InviterSecrets,
  inviteIdOf,
  inviteLink,
  type OpenedInvite,
  type OpenedResponse,
  openInvite,
  openResponse,
  openReveal,
  PAIRING_FAILURES,
  type PairingFailure,
  type PairingResult,
  parseInviteLink,
  respondToInvite,
  sasDecimal,
} from './crypto/pairing.ts';
export {
  acceptReplay,
  checkReplay,
  emptyReplayState,
  REPLAY_WINDOW_SIZE,
  type ReplayState,
  type ReplayVerdict,
} from './crypto/replay-window.ts';
export { fingerprintDigits, SAFETY_NUMBER_ITERATIONS, safetyNumber } from './crypto/safety-number.ts';
export {
  openBlob,
  peekBlob,
  SIGNED_CONTEXTS,
  type SignedBlob,
  type SignedContext,
  signBlob,
  signedBlobSchema,
} from './crypto/signed-blob.ts';
export {
  newVaultEpoch,
  type OpenedVaultEpoch,
  openVaultEpoch,
  openVaultEpochWithSeed,
  peekVaultEpoch,
  sealVaultEpoch,
  type VaultEpoch,
  type VaultRecoveryKey,
  vaultRecoveryKeyOf,
} from './crypto/vault-epoch.ts';
export { EntwineError, ERRORS, type ErrorCode, isErrorCode } from './errors.ts';
export {
  type Ack,
  type Delivery,
  decodeAckFrame,
  decodeDeliverFrame,
  decodeSendFrame,
  encodeAckFrame,
  encodeDeliverFrame,
  encodeSendFrame,
  frameType,
  MAX_FRAME_ENVELOPES,
} from './frames.ts';
export { destination, distanceM, EARTH_RADIUS_M, type LatLon, METRES_PER_DEGREE, metresPerDegreeLon, offsetM } from './geo.ts';
export {
  emptyReport,
  type FixParser,
  fixKey,
  IMPORT_REJECTIONS,
  type ImportedFix,
  type ImportFault,
  type ImportFormat,
  type ImportRejection,
  type ImportReport,
  trailFixOf,
} from './import/fix-source.ts';
export { IMPORT_FORMATS, importFormatFor } from './import/formats.ts';
export { type GpxFix, parseGpx } from './import/gpx.ts';
export { type GpxPoint, gpxFixParser, MAX_FIELD_CHARS, parseIsoTime } from './import/gpx-stream.ts';
export { MAX_REC_LINE_CHARS, owntracksRecParser } from './import/owntracks-rec.ts';
export {
  type Cadence,
  FACET_OF,
  type FoldRule,
  KINDS,
  type KindSpec,
  type KindsWhere,
  type LatestKind,
  minBucketFor,
  type PadBucket,
  TICK_KINDS,
  type TickKind,
} from './kinds/registry.ts';
export {
  FACET_WORDS,
  facetNoun,
  hasPlace,
  levelChoices,
  levelFromWord,
  levelWord,
  type NamedPlace,
  PAIRING_FAILURE_REASONS,
  type PlacePrecision,
  pairingFailureWords,
  placeEventWords,
  placeWords,
  refusalWords,
  shieldRefusal,
  shortPlaceWords,
} from './kinds/words.ts';
export { imageType } from './media/sniff-image.ts';
export { type StrippedImage, stripMetadata } from './media/strip-metadata.ts';
export {
  emptyPlacePresence,
  PLACE_ARRIVE_DWELL_MS,
  PLACE_DWELL_MIN_FIXES,
  PLACE_LEAVE_DWELL_MS,
  PLACE_MARGIN_ACCURACY_FACTOR,
  PLACE_MARGIN_MIN_M,
  PLACE_MARGIN_RADIUS_SHARE,
  PLACE_MAX_SPEED_MPS,
  PLACE_OUTLIER_RUN_MAX,
  type PlaceEvent,
  type PlaceEventKind,
  type PlaceFix,
  type PlacePresenceState,
  placeMarginM,
  placePresence,
} from './places/place-presence.ts';
export {
  ACK_STATUS,
  ACK_STATUS_CODES,
  type AckStatus,
  CLOSE,
  FRAME,
  type Hello,
  helloFrame,
  helloSchema,
  isMessageKind,
  MESSAGE_KINDS,
  type Message,
  type MessageKind,
  MIN_PROTOCOL_VERSION,
  messageSchema,
  PROTOCOL_VERSION,
  type RelayEvent,
  relayEventSchema,
  UNVERSIONED_PROTOCOL,
} from './protocol.ts';
export { type Clock, type Random, systemClock, systemRandom } from './random.ts';
export { type PathParams, pathTo, ROUTE_TABLE, ROUTES, type RouteMethod, type RouteName, type RouteSpec } from './routes.ts';
export { BASEMAP_FORMATS, type BasemapFormat, type BasemapInfo, basemapInfoSchema } from './schema/basemap.ts';
export { DISPLAY_NAME_MAX_CHARS, displayName } from './schema/common.ts';
export { type DeviceCert, type DeviceList, deviceCertSchema, deviceListSchema } from './schema/device.ts';
export {
  FEELING_NOTE_MAX_BYTES,
  FEELING_NOTE_MAX_CHARS,
  type FeelingMessage,
  feelingSchema,
  feelingStatusSchema,
  MOODS,
  type Mood,
  type SharedFeeling,
  sharedFeelingSchema,
} from './schema/feeling.ts';
export { GLANCES, type GlanceKind, type GlanceMessage, glanceSchema } from './schema/glance.ts';
export { type KeyDist, keyDistSchema } from './schema/key-dist.ts';
export {
  areaLocationSchema,
  exactLocationSchema,
  type LocatedMessage,
  type LocationMessage,
  locationSchema,
  locationStatusSchema,
} from './schema/location.ts';
export {
  MOMENT_CAPTION_MAX,
  MOMENT_CHUNK_BYTES,
  MOMENT_MAX_BYTES,
  MOMENT_MAX_CHUNKS,
  MOMENT_TYPES,
  type MomentChunkMessage,
  type MomentMessage,
  momentChunkSchema,
  momentSchema,
} from './schema/moment.ts';
export {
  type BondConfirm,
  type BondEnd,
  bondConfirmSchema,
  bondEndSchema,
  type InviteDoc,
  inviteDocSchema,
  type ResponseDoc,
  type RevealDoc,
  responseDocSchema,
  revealDocSchema,
} from './schema/pairing.ts';
export { PLACE_NAME_MAX_JSON_BYTES, PLACE_RADIUS_MAX_M, PLACE_RADIUS_MIN_M, type Place, placeName, placeSchema } from './schema/place.ts';
export { PLACE_EVENTS, type PlaceEventMessage, placeEventSchema } from './schema/place-event.ts';
export {
  BATTERY_BUCKETS,
  type BatteryBucket,
  batteryBucket,
  type KeepLevels,
  keepLevelsSchema,
  type PresenceMessage,
  presenceSchema,
  presenceStatusSchema,
  sharedPresenceSchema,
} from './schema/presence.ts';
export {
  DEFAULT_RETENTION_DAYS,
  RETENTION_CHOICES,
  type RetentionDays,
  retentionDaysSchema,
  retentionFromWord,
} from './schema/retention.ts';
export {
  RECEIPT_MAX_IDS,
  type ReceiptMessage,
  receiptSchema,
  THOUGHT_MAX_BYTES,
  THOUGHT_MAX_CHARS,
  type ThoughtMessage,
  thoughtSchema,
} from './schema/thought.ts';
export {
  MAX_TRAIL_DAY_ENTRIES,
  MAX_TRAIL_DAY_STAYS,
  MAX_TRAIL_DAY_TRIPS,
  revisionString,
  TRAIL_DAY_ENCODING,
  TRAIL_DAY_ENCODING_STAYS,
  TRAIL_LEVELS,
  type TrailDayHeader,
  type TrailLevel,
  type TrailNotice,
  trailDay,
  trailDayHeaderSchema,
  trailNoticeSchema,
} from './schema/trail.ts';
export { type VaultEpochDoc, vaultEpochSchema } from './schema/vault-epoch.ts';
export {
  type Area,
  type AreaStates,
  areaOf,
  type MomentPlaceInput,
  momentPinLevel,
  momentPlace,
  observeAreas,
  publishArea,
} from './shield/area.ts';
export { type CoarsenState, type Fix as GridFix, hysteresisM, observeFix, publishCell } from './shield/coarsen.ts';
export {
  type Cell,
  cellBounds,
  cellCentre,
  cellOf,
  GRID,
  type GridOffset,
  type GridParams,
  gridOffset,
  metresOutside,
  sameCell,
} from './shield/grid.ts';
export {
  AREA_LEVELS,
  type AreaLevel,
  allowsLevel,
  FACET_LEVELS,
  FACETS,
  type Facet,
  isAreaLevel,
  isFacet,
  isLowering,
  isShieldLevel,
  SHIELD_LEVELS,
  type ShieldLevel,
  shieldRank,
} from './shield/levels.ts';
export {
  type FacetShield,
  levelAt,
  levelsAt,
  nextExpiry,
  type ShieldChoice,
  type ShieldPolicy,
  settleExpired,
  shieldPolicy,
  withShield,
} from './shield/policy.ts';
export {
  type DayResult,
  DEFAULT_STAY_PARAMS,
  detectDay,
  initialStayState,
  type Stay,
  type StayParams,
  type StayState,
  settleStays,
  type Trip,
} from './stays/detect-day.ts';
export { guessMode, type SpeedHistogram, TRIP_MODES, type TripMode } from './stays/trip-mode.ts';
export { GPSLOGGER_QUERY, readGpsLogger, readGpsLoggerCsv } from './trackers/gpslogger.ts';
export { OVERLAND_MAX_BATCH, readOverland } from './trackers/overland.ts';
export { encryptOwnTracks, owntracksKey, readOwnTracks } from './trackers/owntracks.ts';
export { OWNTRACKS_PASSPHRASE_LENGTH, owntracksConfig, owntracksPassphrase } from './trackers/owntracks-setup.ts';
export { KNOT_MPS, readTraccarJson, readTraccarQuery } from './trackers/traccar.ts';
export { UNIX_MS_FROM } from './trackers/tracker-fields.ts';
export {
  isTrackerApp,
  TRACKER_APPS,
  TRACKER_REJECTIONS,
  type TrackerApp,
  type TrackerFix,
  type TrackerItem,
  type TrackerRejection,
} from './trackers/tracker-item.ts';
export { type CellVisitsInput, cellVisits } from './trail/cell-visits.ts';
export {
  CHUNK_FAILURES,
  CHUNK_OVERHEAD,
  type ChunkExpectation,
  type ChunkFailure,
  type ChunkOpenResult,
  decodeChunk,
  MAX_CHUNK_LENGTH,
  MIN_CHUNK_LENGTH,
  nextRevision,
  openChunk,
  peekChunkHeader,
  sealChunk,
} from './trail/chunk.ts';
export {
  CHUNK_HEADER_LENGTH,
  CHUNK_VERSION,
  type ChunkHeader,
  dayToIso,
  decodeChunkHeader,
  encodeChunkHeader,
  isoToDay,
  MAX_CHUNK_DAY,
  utcDayOf,
} from './trail/chunk-header.ts';
export { decodeTrailDay, encodeTrailDay, TRAIL_DAY_FAILURES, type TrailDayFailure, type TrailDayResult } from './trail/day-codec.ts';
export { CHUNK_PAD_MAX, CHUNK_PAD_MIN, chunkPaddedLength, padChunk, unpadChunk } from './trail/pad-chunk.ts';
export { type AreaStaysInput, areaStaysOf, exactStaysOf } from './trail/stays-at-level.ts';
export {
  type CellStay,
  type CellVisit,
  DAY_MS,
  type DayTrip,
  dayStartMs,
  type ExactStay,
  type StaySpan,
  type TrailDay,
  type TrailFix,
} from './trail/trail-day.ts';
export {
  decodeTrailPage,
  encodeTrailPage,
  isChunkLength,
  TRAIL_PAGE_COMPLETE,
  TRAIL_PAGE_TYPE,
  type TrailPage,
} from './trail/trail-page.ts';
export { VAULT_ID_LABEL, vaultIdOf } from './trail/vault-id.ts';
