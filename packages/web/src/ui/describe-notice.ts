/** Words for the notices the session raises; failures among them are explained by `explain-failure.ts`. */
import type { NoticeEvent } from '../app/session.ts';
import { explainFailure, explainPairingFailure } from './explain-failure.ts';

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
    case 'send-failed': {
      const e = explainFailure(event.error);
      return { text: `Your position was not sent. ${e.title}: ${e.detail}`, tone: 'warning' };
    }
  }
}
