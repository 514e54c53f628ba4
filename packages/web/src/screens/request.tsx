/**
 * Someone answered this person's invite. The name is only what they claim — anyone holding the link can
 * answer — so the numbers come first: the safety number (they saw it when they opened the link) and the
 * SAS (their screen shows it once this person says yes). Then the yes, with what this person shares
 * (default: nothing) and what they say about the numbers: they match, skip the check (not verified), or
 * compare later. Until they match or are skipped, nothing this person chose leaves for them.
 */
import type { NumbersCheck } from '@entwine/client';
import type { ShieldChoice } from '@entwine/core';
import { useState } from 'react';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { SafetyNumber, Sas } from '../ui/sas.tsx';
import { ShareChoice } from '../ui/share-choice.tsx';

export function RequestScreen({ inviteId }: { inviteId: string }) {
  const session = useSession();
  const snap = useSnapshot();
  const request = snap.requests.find((r) => r.inviteId === inviteId);
  const [choice, setChoice] = useState<ShieldChoice>({});
  const accept = useAction(async (check: NumbersCheck | undefined) => {
    const bond = await session.confirm(inviteId, choice, check);
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
  const busy = accept.busy || decline.busy;
  return (
    <section aria-labelledby="request-title" className="request">
      <h1 id="request-title">
        <bdi>{request.name}</bdi> wants to bond with you
      </h1>
      <p>
        Someone opened your invite and calls themselves <bdi>{request.name}</bdi>. Anyone who has your link could. Call{' '}
        <bdi>{request.name}</bdi> and compare these numbers before you say yes.
      </p>
      <SafetyNumber value={request.safetyNumber} />
      <p className="hint">
        <bdi>{request.name}</bdi> sees this safety number since they opened your link. If theirs differs, it is not them.
      </p>
      <Sas
        sas={request.sas}
        name={request.name}
        ifTheyDiffer="If they differ, someone else has your link: decline, and make a new invite."
      />
      <p className="hint">
        <bdi>{request.name}</bdi>’s screen shows these three numbers as soon as you say yes.
      </p>
      <ShareChoice name={request.name} choice={choice} onChange={setChoice} />
      <p className="hint">Nothing you choose is shared until you say the numbers match, or skip the check.</p>
      <FailureMessage error={accept.error ?? decline.error} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void accept.act('match')} disabled={busy}>
          {accept.busy ? 'Bonding…' : 'The numbers match'}
        </button>
        <button type="button" onClick={() => void accept.act(undefined)} disabled={busy}>
          Accept <bdi>{request.name}</bdi>, compare later
        </button>
        <button type="button" onClick={() => void accept.act('skip')} disabled={busy}>
          Skip (not verified)
        </button>
        <button type="button" onClick={() => void decline.act()} disabled={busy}>
          Decline
        </button>
      </div>
    </section>
  );
}
