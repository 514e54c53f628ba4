/** Which shield facet each message kind travels under (a receipt belongs to the thoughts it answers). */
import type { Facet, MessageKind } from '@entwine/core';

export const FACET_OF: Readonly<Record<MessageKind, Facet>> = {
  location: 'location',
  presence: 'presence',
  feeling: 'feelings',
  glance: 'glances',
  thought: 'thoughts',
  receipt: 'thoughts',
  moment: 'moments',
  'moment-chunk': 'moments',
};
