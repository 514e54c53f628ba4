/**
 * Someone answered this person's invite: they must say yes too, and choose what they share (default:
 * nothing). The yes reveals the committed key; the bond screen with the SAS follows.
 */
import type { ShieldChoice } from '@entwine/core';
import { useState } from 'react';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { ShareChoice } from '../ui/share-choice.tsx';

export function RequestScreen({ inviteId }: { inviteId: string }) {
  const session = useSession();
  const snap = useSnapshot();
  const request = snap.requests.find((r) => r.inviteId === inviteId);
  const [choice, setChoice] = useState<ShieldChoice>({});
  const accept = useAction(async () => {
    const bond = await session.confirm(inviteId, choice);
    navigate({ name: 'bond', bondId: bond.bondId }, { replace: true });
  });
  const decline = useAction(async () => {
    await session.decline(inviteId);
    navigate({ name: 'map' }, { replace: true });
  });

  if (!request) {
    return (
      <section aria-labelledby="request-title">
        <h1 id="request-title">No request here</h1>
        <p>This request was already answered, or it belongs to another device.</p>
      </section>
    );
  }
  return (
    <section aria-labelledby="request-title">
      <h1 id="request-title">{request.name} wants to bond with you</h1>
      <p>
        {request.name} opened your invite and said yes. If you say yes too, you will both see a code to compare on a call. Make sure it is
        the person you sent the link to.
      </p>
      <ShareChoice name={request.name} choice={choice} onChange={setChoice} />
      <FailureMessage error={accept.error ?? decline.error} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void accept.act()} disabled={accept.busy || decline.busy}>
          {accept.busy ? 'Bonding…' : `Accept ${request.name}`}
        </button>
        <button type="button" onClick={() => void decline.act()} disabled={accept.busy || decline.busy}>
          Decline
        </button>
      </div>
    </section>
  );
}
