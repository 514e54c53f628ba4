/**
 * Opening an invite link: who invites, the safety number you will share, and what YOU choose to share
 * (default: nothing) — all before asking. Then the wait for the inviter's yes, then the bond screen.
 */

import { parseInviteLink, type ShieldChoice } from '@entwine/core';
import { useEffect, useState } from 'react';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { AppFailure, explainPairingFailure } from '../ui/explain-failure.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { SafetyNumber } from '../ui/sas.tsx';
import { ShareChoice } from '../ui/share-choice.tsx';

export function JoinScreen({ link }: { link: string }) {
  const session = useSession();
  const snap = useSnapshot();
  const inviteId = new URL(link).pathname.split('/')[2] ?? '';
  const [preview, setPreview] = useState<{ name: string; safetyNumber: string; expiresAt: number } | undefined>(undefined);
  const [choice, setChoice] = useState<ShieldChoice>({});
  const asked = snap.outgoing.find((r) => r.inviteId === inviteId);
  const bond = snap.bonds.find((b) => b.inviteId === inviteId);
  const load = useAction(async () => {
    if (!parseInviteLink(link)) throw new AppFailure('not-an-invite'); // said before the relay is asked
    setPreview(await session.previewInvite(link));
  });
  const ask = useAction(async () => {
    await session.askToBond(link, choice);
    // The secret has done its work: take it out of the address bar and the history entry.
    history.replaceState(null, '', new URL(link).pathname);
  });

  const askedAlready = asked !== undefined;
  const loadPreview = load.act;
  useEffect(() => {
    if (!askedAlready) void loadPreview();
  }, [askedAlready, loadPreview]);

  useEffect(() => {
    if (bond) navigate({ name: 'bond', bondId: bond.bondId }, { replace: true });
  }, [bond]);

  if (asked) {
    const who = asked.name;
    return (
      <section aria-labelledby="join-title">
        <h1 id="join-title">
          Waiting for <bdi>{who}</bdi>
        </h1>
        {asked.status === 'asked' && (
          <>
            <p role="status">
              You asked to bond with <bdi>{who}</bdi>. <bdi>{who}</bdi> sees this safety number now: read it to them on a call. When{' '}
              <bdi>{who}</bdi> says yes, you will both see three numbers to compare too.
            </p>
            <SafetyNumber value={asked.safetyNumber} />
          </>
        )}
        {asked.status === 'declined' && (
          <p role="status">
            <bdi>{who}</bdi> declined. No bond was made.
          </p>
        )}
        {asked.status === 'failed' && (
          <p role="alert" className="failure">
            <strong>{explainPairingFailure(asked.failure ?? '').title}.</strong> {explainPairingFailure(asked.failure ?? '').detail}
          </p>
        )}
      </section>
    );
  }

  return (
    <section aria-labelledby="join-title">
      {!preview && !load.error && <p aria-busy="true">Opening the invite…</p>}
      <FailureMessage error={load.error} />
      {preview && (
        <>
          <h1 id="join-title">
            <bdi>{preview.name}</bdi> invites you to bond
          </h1>
          <p>
            If you both say yes, each of you can see what the other chooses to share. You decide for yourself, now and at any time later.
          </p>
          <dl className="facts">
            <dt>
              Safety number with <bdi>{preview.name}</bdi>
            </dt>
            <dd className="safety-number">{preview.safetyNumber}</dd>
          </dl>
          <ShareChoice name={preview.name} choice={choice} onChange={setChoice} />
          <FailureMessage error={ask.error} />
          <div className="actions">
            <button type="button" className="primary" onClick={() => void ask.act()} disabled={ask.busy}>
              {ask.busy ? 'Asking…' : `Ask to bond with ${preview.name}`}
            </button>
            <button type="button" onClick={() => navigate({ name: 'map' })}>
              Not now
            </button>
          </div>
        </>
      )}
    </section>
  );
}
