/**
 * One bond: its state, the SAS to compare on a call with this person's check of it (not verified when
 * skipped; nothing shared until checked or skipped), the safety number, what this person sees of the
 * partner (location, local time, presence, feeling), glances to send, the way to their thoughts and
 * moments, their feelings over time, the shields towards them with "as NAME sees you" (the same renderer,
 * fed from `seenBy`), what each side's app keeps beyond the live values (earlier positions and photo pins,
 * as far as the sharer's trail and moments levels allow), the recent activity (the bond's state, location
 * turning frozen or hidden, forged or damaged envelopes rejected — no positions: those are the trail's),
 * and "end bond".
 */
import { emptyView } from '@entwine/client';
import { useState } from 'react';
import { navigate } from '../app/route.ts';
import type { ActivityItem } from '../app/snapshot.ts';
import { unreadCount } from '../app/snapshot.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { ConfirmDialog } from '../ui/confirm-dialog.tsx';
import { explainNewerVersion, explainNotShown, explainPairingFailure, explainRejection } from '../ui/explain-failure.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { formatTime } from '../ui/format.ts';
import { PartnerKeeps } from '../ui/partner-keeps.tsx';
import { FeelingLine, onlineWindow, PartnerViewCard } from '../ui/partner-view.tsx';
import { SafetyNumber, Sas } from '../ui/sas.tsx';
import { GlanceRow } from './glance-row.tsx';
import { NumbersCheck } from './numbers-check.tsx';
import { ShieldControls } from './shield-controls.tsx';

function ActivityLine({ item, name }: { item: ActivityItem; name: string }) {
  switch (item.kind) {
    case 'location-state':
      return (
        <>
          {name}’s location is now {item.state}
          {item.state === 'frozen' ? ': the last one stays, nothing new comes.' : ': nothing is shown.'}
        </>
      );
    case 'forged': {
      const e = explainRejection(item.reason);
      return (
        <span className="forged-text">
          ⚠ {e.title} from {name}’s side. {e.detail}
        </span>
      );
    }
    case 'newer-version': {
      const e = explainNewerVersion(name);
      return (
        <span className="newer-text">
          {e.title}: {e.detail}
        </span>
      );
    }
    case 'active':
      return <>The bond became active.</>;
    case 'ended':
      return <>{item.by === 'me' ? 'You ended the bond.' : `${name} ended the bond.`}</>;
    case 'place':
      // The partner's own name for their place is user text: isolated like their name.
      return (
        <>
          <bdi>{name}</bdi> {item.event === 'arrive' ? 'arrived at' : 'left'} <bdi>{item.place}</bdi> · {formatTime(item.crossedAt)}
        </>
      );
  }
}

export function BondScreen({ bondId }: { bondId: string }) {
  const session = useSession();
  const snap = useSnapshot();
  const bond = snap.bonds.find((b) => b.bondId === bondId);
  const [confirming, setConfirming] = useState(false);
  const end = useAction(async () => {
    await session.end(bondId);
    setConfirming(false);
  });

  if (!bond) {
    return (
      <section aria-labelledby="bond-title">
        <h1 id="bond-title">No such bond</h1>
        <button type="button" onClick={() => navigate({ name: 'map' })}>
          Back to the map
        </button>
      </section>
    );
  }
  const forged = snap.forged[bondId];
  const newer = snap.newer[bondId];
  // Read from the device on every render (a `dropped` or `forged` event re-renders): counted since the bond began.
  const notShown = snap.dropped.find((t) => t.bondId === bondId && t.unexpected > 0);
  const now = Date.now();
  const view = snap.views[bondId] ?? emptyView();
  const feelings = view.feelings ?? [];
  const unread = unreadCount(snap.thoughts[bondId]);
  const onlineMs = onlineWindow(snap.tickMs);
  const activity = [...(snap.activity[bondId] ?? [])].reverse();
  const statusText =
    bond.status === 'active'
      ? 'Active'
      : bond.status === 'pending'
        ? `Waiting for ${bond.name}’s device to confirm`
        : bond.status === 'ended'
          ? bond.endedBy === 'me'
            ? 'Ended by you'
            : bond.endedBy === 'peer'
              ? `Ended by ${bond.name}`
              : 'Ended'
          : 'Failed';

  return (
    <section aria-labelledby="bond-title" className={`bond status-${bond.status}`}>
      <h1 id="bond-title">
        Bond with <bdi>{bond.name}</bdi>
      </h1>
      <p className="status" role="status" data-status={bond.status}>
        {statusText}
      </p>
      {bond.status === 'failed' && (
        <p className="failure" role="alert">
          {explainPairingFailure(bond.failure ?? '').title}. {explainPairingFailure(bond.failure ?? '').detail}
        </p>
      )}
      {bond.status === 'ended' && (
        <p data-testid="ended-note">
          This bond has ended{bond.endedAt !== undefined ? ` (${formatTime(bond.endedAt)})` : ''}. Its keys and everything in it — thoughts,
          glances, photos, feelings and positions, both ways — are deleted from this device; only the fact that it ended is kept. Nothing
          more is relayed.
        </p>
      )}
      {bond.relayFault && bond.status !== 'ended' && (
        <div className="forged-alert" role="alert" data-testid="relay-fault">
          ⚠ Relay fault: the relay said this bond ended, but could not show an end signed by <bdi>{bond.name}</bdi>. It was not ended and is
          kept; <bdi>{bond.name}</bdi> did not choose this. The relay may be faulty or hostile.
        </div>
      )}
      {(bond.status === 'active' || bond.status === 'pending') && (
        <>
          <Sas sas={bond.sas} name={bond.name} />
          <NumbersCheck bond={bond} />
        </>
      )}
      {forged && (
        <div className="forged-alert" role="alert">
          ⚠ {forged.count} forged or damaged {forged.count === 1 ? 'envelope' : 'envelopes'} in this bond — rejected, not shown as a
          position. {explainRejection(forged.reason).detail}
        </div>
      )}
      {newer && (
        <div className="newer-alert" role="status" data-testid="newer-version">
          {newer.count} {newer.count === 1 ? 'message' : 'messages'} from {bond.name} {newer.count === 1 ? 'needs' : 'need'} a newer version
          of Entwine. {explainNewerVersion(bond.name).detail}
        </div>
      )}
      {bond.status === 'active' && (
        <>
          <h2>
            What you see of <bdi>{bond.name}</bdi>
          </h2>
          <PartnerViewCard view={view} now={now} testId="view-of" onlineMs={onlineMs} />
          <PartnerKeeps view={view} photos={(snap.moments[bondId] ?? []).filter((m) => m.from === 'peer')} testId="keeps-of" />
          <div className="partner-links">
            <button type="button" onClick={() => navigate({ name: 'thoughts', bondId })} data-testid="open-thoughts">
              💬 Thoughts
              {unread > 0 && (
                <span className="badge" data-testid="unread">
                  {unread}
                  <span className="visually-hidden"> unread</span>
                </span>
              )}
            </button>
            <button type="button" onClick={() => navigate({ name: 'moments', bondId })} data-testid="open-moments">
              📷 Moments ({(snap.moments[bondId] ?? []).length})
            </button>
          </div>
          <h2>
            Send <bdi>{bond.name}</bdi> a glance
          </h2>
          <GlanceRow bond={bond} />
          {feelings.length > 0 && (
            <details className="feelings-history" open={feelings.length <= 3}>
              <summary>
                <bdi>{bond.name}</bdi>’s feelings ({feelings.length})
              </summary>
              <ol className="feeling-timeline" aria-label={`${bond.name}’s feelings, newest first`}>
                {feelings.map((f) => (
                  <li key={f.since} data-mood={f.mood} data-intensity={f.intensity}>
                    <time dateTime={new Date(f.since).toISOString()}>{formatTime(f.since)}</time> <FeelingLine feeling={f} now={now} />
                  </li>
                ))}
              </ol>
            </details>
          )}
          <h2>
            What you share with <bdi>{bond.name}</bdi>
          </h2>
          <ShieldControls bond={bond} />
          <h3>
            As <bdi>{bond.name}</bdi> sees you
          </h3>
          <PartnerViewCard view={snap.seen[bondId] ?? emptyView()} now={now} testId="seen-by" onlineMs={onlineMs} />
          <PartnerKeeps
            view={snap.seen[bondId] ?? emptyView()}
            photos={(snap.moments[bondId] ?? []).filter((m) => m.from === 'me')}
            testId="kept-by"
          />
        </>
      )}
      {bond.status !== 'ended' && (
        <>
          <SafetyNumber value={bond.safetyNumber} />
          <p className="hint">
            The safety number covers both identity keys. It stays the same for as long as you both keep your identities.
          </p>
          {bond.peerDevicesChangedAt !== undefined && (
            <p className="device-changed" data-testid="peer-device-changed" data-at={bond.peerDevicesChangedAt}>
              <bdi>{bond.name}</bdi>’s device changed at <time>{formatTime(bond.peerDevicesChangedAt)}</time>: they restored their identity
              on another device, which now gets what you share (under new keys). The safety number above stays the same, because it is the
              same identity; if you did not expect this, call <bdi>{bond.name}</bdi> and compare it again.
            </p>
          )}
          {notShown && (
            <details className="not-shown" data-testid="not-shown" data-total={notShown.total}>
              <summary>
                {notShown.total} {notShown.total === 1 ? 'envelope' : 'envelopes'} from the relay not shown
              </summary>
              <ul>
                {Object.entries(notShown.counts).map(([reason, count]) => (
                  <li key={reason} data-reason={reason} data-count={count}>
                    {count} × {explainNotShown(reason as keyof typeof notShown.counts)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
      {activity.length > 0 && (
        <>
          <h2>Recent activity</h2>
          <ol className="activity" aria-label="Recent activity">
            {activity.map((item) => (
              <li key={item.id} data-kind={item.kind}>
                <time>{formatTime(item.at)}</time> <ActivityLine item={item} name={bond.name} />
              </li>
            ))}
          </ol>
        </>
      )}
      {(bond.status === 'active' || bond.status === 'pending') && (
        <div className="actions end">
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            End bond with <bdi>{bond.name}</bdi>
          </button>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`End your bond with ${bond.name}?`}
        confirmLabel="End bond"
        busy={end.busy}
        onConfirm={() => void end.act()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <bdi>{bond.name}</bdi> stops seeing anything of you at once, and you of them. The keys are deleted; the relay deletes what it
          stored. To bond again you need a new invite.
        </p>
        <p data-testid="end-deletes">
          This device deletes everything of the bond too: thoughts, glances, photos, feelings and positions, both ways. It keeps only that
          your bond with <bdi>{bond.name}</bdi> ended, and when.
        </p>
        <FailureMessage error={end.error} />
      </ConfirmDialog>
    </section>
  );
}
