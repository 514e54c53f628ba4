// The public surface of @entwine/client: named exports only (STYLE §1).
export { END_FAULTS, type EndFault } from './bond-end.ts';
export {
  type DeviceDeps,
  type DeviceEvent,
  type MessageMeta,
  REJECTIONS,
  type Rejection,
  type ThoughtMark,
  type UpdateNeeded,
} from './context.ts';
export { type BondSummary, Device, type PendingRequest } from './device.ts';
export { DROPS, type DroppedCounts, type DroppedTally, type DropReason, NEWER_VERSION, type NotShownReason } from './dropped.ts';
export { GLANCE_GAP_MS, MOMENTS_PER_DAY } from './facet-send.ts';
export { GLANCE_BURST, GLANCE_REFILL_MS } from './inbox.ts';
export { type Daylight, type LocalTime, localTimeAt } from './local-time.ts';
export { DEFAULT_INVITE_TTL_MS, type NumbersCheck } from './pairing-flow.ts';
export { type AppDropSetup, dropTokenHash, dropUrl } from './parts/app-drop.ts';
export { PLACE_EVENT_LEVEL, type PlaceInput } from './parts/places.ts';
export { DEFAULT_TRAIL_SEAL_PERIOD_MS, type ImportResult, type SealOptions, type SealReport } from './parts/trail.ts';
export type { TrailDamage, TrailEntry } from './parts/trail-reader.ts';
export { placeNameAt } from './place-name-at.ts';
export { DEFAULT_TICK_MS } from './publish.ts';
export { describeRelayError, RelayError } from './relay-api.ts';
export type {
  BondState,
  BondVerification,
  DeviceState,
  ExactFix,
  GlanceEntry,
  MomentEntry,
  OutboxEntry,
  SourceState,
  ThoughtEntry,
} from './state.ts';
export { deviceStateOf, loadDeviceState } from './store/device-state-of.ts';
export type { DeviceStore, StoredRecord, StoreOp } from './store/device-store.ts';
export { type MemoryStoreData, memoryStore, memoryStoreData } from './store/memory-store.ts';
export { importDocument } from './store/migrate.ts';
export { type Collected, type CollectReport, collectDrop, collectEvery } from './trackers/drop-collect.ts';
export { type Accepted, fixesOf, type IntakeDevice, recordTrackerItems } from './trackers/tracker-intake.ts';
export type { HttpRequest, HttpResponse, KeyStore, RelaySocket, SocketHandlers, Timers, Transport } from './transport.ts';
export {
  emptyView,
  type FacetState,
  type FoldAt,
  foldMessage,
  followsInStream,
  type MomentPin,
  type PartnerView,
  pinOf,
  type SeqPosition,
  TRAIL_KEPT,
} from './view.ts';
