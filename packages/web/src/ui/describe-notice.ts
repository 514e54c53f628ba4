/** Words for the notices the session raises; failures among them are explained by `explain-failure.ts`. */

import { isFacet } from '@entwine/core';
import type { NoticeEvent } from '../app/session.ts';
import { explainFailure, explainPairingFailure } from './explain-failure.ts';
import { FACET_NAMES } from './shield-words.ts';

export function describeNotice(event: NoticeEvent): { text: string; tone: 'info' | 'warning' } {
  switch (event.kind) {
    case 'bond-active':
      return { text: `Your bond with ${event.name} is active.`, tone: 'info' };
    case 'bond-ended':
      return {
        text: event.by === 'me' ? `You ended your bond with ${event.name}.` : `${event.name} ended the bond with you.`,
        tone: 'warning',
      };
    case 'pairing-failed': {
      const e = explainPairingFailure(event.reason);
      return { text: `${event.name}: ${e.title}. ${e.detail}`, tone: 'warning' };
    }
    case 'pairing-declined':
      return { text: `${event.name} declined your request.`, tone: 'warning' };
    case 'send-refused':
      return { text: `The relay refused a message (${event.code}).`, tone: 'warning' };
    case 'record-failed': {
      const e = explainFailure(event.error);
      return { text: `Your position could not be saved on this device. ${e.title}: ${e.detail}`, tone: 'warning' };
    }
    case 'publish-failed':
      // The client reports a failed tick as text only; the next tick tries again by itself.
      return { text: `Your latest update was not sent (${event.error}). Entwine tries again on the next tick.`, tone: 'warning' };
    case 'shield-reverted': {
      const facets = event.facets.map((f) => (isFacet(f) ? FACET_NAMES[f].toLowerCase() : f)).join(', ');
      return { text: `Your timed shield for ${event.name} ended: ${facets} went back to what it was before.`, tone: 'info' };
    }
  }
}
