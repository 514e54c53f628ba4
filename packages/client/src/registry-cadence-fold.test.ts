// The client's tick and fold follow the facet registry (core `kinds/registry.ts`): a tick carries one message
// of each `tick` kind, in the registry's order; a `stream` kind leaves a partner's view as it was.
import { KINDS, MESSAGE_KINDS, type Message, shieldPolicy, TICK_KINDS } from '@entwine/core';
import { describe, expect, it } from 'vitest';
import { messagesAt } from './publish.ts';
import type { SourceState } from './state.ts';
import { emptyView, foldMessage, type PartnerView } from './view.ts';

const ID = 'AAAAAAAAAAA';
const source: SourceState = { coarseningKey: 'A'.repeat(43), grid: {} };

describe('the client reads cadence and fold from the registry', () => {
  it('a tick carries exactly the tick kinds, at every level', () => {
    for (const policy of [shieldPolicy({}), shieldPolicy({ location: 'city', presence: 'exact', feelings: 'exact' })]) {
      const { messages } = messagesAt(source, policy, 1_764_590_000_000, 15_000);
      expect(messages.map((m) => m.kind)).toEqual(TICK_KINDS);
    }
  });

  it('a stream kind is not folded into the view; a latest kind is', () => {
    const view: PartnerView = emptyView();
    const streams: Message[] = [
      { kind: 'glance', ts: 1, id: ID, glance: 'hug' },
      { kind: 'thought', ts: 1, id: ID, text: 'hi' },
      { kind: 'receipt', ts: 1, mark: 'read', ids: [ID] },
      { kind: 'moment-chunk', ts: 1, id: ID, index: 0, data: 'AAAA' },
      { kind: 'trail', ts: 1, day: 1, revision: '1' },
      { kind: 'place', ts: 1, event: 'arrive', placeId: ID, name: 'Home', at: 1 },
    ];
    const streamKinds = MESSAGE_KINDS.filter((k) => KINDS[k].fold === 'stream');
    expect(streams.map((m) => m.kind).sort()).toEqual([...streamKinds].sort());
    for (const m of streams) expect(foldMessage(view, m), m.kind).toBe(view);
    const { messages } = messagesAt(source, shieldPolicy({}), 1_764_590_000_000, 15_000);
    for (const m of messages) expect(foldMessage(view, m), m.kind).not.toBe(view);
  });
});
