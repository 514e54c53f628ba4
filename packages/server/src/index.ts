// The public surface of @entwine/server: named exports only (STYLE §1).
export type { BasemapSummary } from './basemap/basemap.ts';
export { BasemapFileError } from './basemap/basemap-file-error.ts';
export type { Bus, BusListener, BusMessage, BusSkip } from './bus.ts';
export { LocalBus } from './local-bus.ts';
export { createRelay, type Relay } from './relay.ts';
export {
  DEFAULT_LIMITS,
  DEFAULT_LIVE_DAYS,
  type RelayLimits,
  type RelayLoggerOption,
  type RelayOptions,
  type TestHooks,
} from './relay-options.ts';
export { type CliRelay, type CliRelayOptions, startRelayFromCli } from './serve.ts';
export { SqliteStore, type SqliteStoreOptions } from './store/sqlite-store.ts';
export type {
  AppendResult,
  BondRecord,
  BondRefusal,
  BondState,
  BondTransition,
  DeviceRecord,
  InviteRecord,
  InviteRefusal,
  InviteState,
  InviteTransition,
  MarkReadResult,
  NewBond,
  NewDeviceList,
  NewEnvelope,
  NewInvite,
  NewKeyDist,
  PutDeviceListResult,
  PutKeyDistResult,
  ReadPosition,
  SessionRecord,
  Store,
  StoredEnvelope,
  SweepPolicy,
  SweepReport,
  UserRecord,
} from './store/store.ts';
export { type StoreHandle, storeContract } from './store/store-contract.ts';
export type {
  ChunkOwnerKind,
  ChunkPage,
  NewChunk,
  PutChunkResult,
  SetRetentionResult,
  StoredChunk,
  TrailStore,
  VaultKey,
} from './store/trail-store.ts';
