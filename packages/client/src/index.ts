// The public surface of @entwine/client: named exports only (STYLE §1).
export { END_FAULTS, type EndFault } from './bond-end.ts';
export { type DeviceDeps, type DeviceEvent, type MessageMeta, REJECTIONS, type Rejection, type ThoughtMark } from './context.ts';
export { type BondSummary, Device } from './device.ts';
export { GLANCE_GAP_MS, MOMENTS_PER_DAY } from './facet-send.ts';
export { GLANCE_BURST, GLANCE_REFILL_MS } from './inbox.ts';
export { type Daylight, type LocalTime, localTimeAt } from './local-time.ts';
export { DEFAULT_INVITE_TTL_MS } from './pairing-flow.ts';
export { DEFAULT_TICK_MS } from './publish.ts';
export { describeRelayError, RelayError } from './relay-api.ts';
export type { BondState, DeviceState, ExactFix, GlanceEntry, MomentEntry, OutboxEntry, SourceState, ThoughtEntry } from './state.ts';
export type { HttpRequest, HttpResponse, KeyStore, RelaySocket, SocketHandlers, Timers, Transport } from './transport.ts';
export { emptyView, type FacetState, foldMessage, type PartnerView } from './view.ts';
