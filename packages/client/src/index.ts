// The public surface of @entwine/client: named exports only (STYLE §1).
export { type DeviceDeps, type DeviceEvent, REJECTIONS, type Rejection } from './context.ts';
export { type BondSummary, Device } from './device.ts';
export { DEFAULT_INVITE_TTL_MS } from './pairing-flow.ts';
export { DEFAULT_TICK_MS } from './publish.ts';
export { describeRelayError, RelayError } from './relay-api.ts';
export type { BondState, DeviceState, ExactFix, OutboxEntry, SourceState } from './state.ts';
export type { HttpRequest, HttpResponse, KeyStore, RelaySocket, SocketHandlers, Timers, Transport } from './transport.ts';
export { emptyView, type FacetState, foldMessage, type PartnerView } from './view.ts';
