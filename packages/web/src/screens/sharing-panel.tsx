/**
 * The sharing panel: per partner, the shields (a level per facet, for a time or until lifted) and what that
 * partner currently sees of this person — "as NAME sees you", drawn from `seenBy` (the very plaintexts
 * sent) by the same renderer NAME's own screen uses — plus "stop sharing with everyone" in one tap.
 */
import { emptyView } from '@entwine/client';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { PartnerKeeps } from '../ui/partner-keeps.tsx';
import { onlineWindow, PartnerViewCard } from '../ui/partner-view.tsx';
import { describeLevels } from '../ui/shield-words.ts';
import { LocationControl } from './location-control.tsx';
import { ShieldControls } from './shield-controls.tsx';

export function SharingPanel() {
  const session = useSession();
  const snap = useSnapshot();
  const now = Date.now();
  const active = snap.bonds.filter((b) => b.status === 'active');
  const stopAll = useAction(() => session.stopSharingWithEveryone());
  const sharing = active.filter((b) => snap.sharingWith.includes(b.name));
  const onlineMs = onlineWindow(snap.tickMs);

  return (
    <section aria-labelledby="sharing-title">
      <h1 id="sharing-title">What you share</h1>
      <p role="status" className={sharing.length > 0 ? 'sharing-summary on' : 'sharing-summary'}>
        {sharing.length > 0
          ? `You share with ${sharing.map((b) => `${b.name} (${describeLevels(b.levels)})`).join(', ')}.`
          : 'You share nothing with anyone.'}
      </p>
      <button
        type="button"
        className="danger wide"
        onClick={() => void stopAll.act()}
        disabled={stopAll.busy || snap.sharingWith.length === 0}
      >
        Stop sharing with everyone
      </button>
      <FailureMessage error={stopAll.error} />
      <LocationControl />
      {active.length === 0 && (
        <p>
          No bonds yet.{' '}
          <button type="button" className="link" onClick={() => navigate({ name: 'invite' })}>
            Invite someone
          </button>
        </p>
      )}
      <ul className="partners">
        {active.map((b) => (
          <li key={b.bondId} className="card partner" data-partner={b.name}>
            <h2>
              <bdi>{b.name}</bdi>
            </h2>
            <ShieldControls bond={b} />
            <h3>
              As <bdi>{b.name}</bdi> sees you
            </h3>
            <PartnerViewCard view={snap.seen[b.bondId] ?? emptyView()} now={now} testId="seen-by" onlineMs={onlineMs} />
            <PartnerKeeps
              view={snap.seen[b.bondId] ?? emptyView()}
              photos={(snap.moments[b.bondId] ?? []).filter((m) => m.from === 'me')}
              testId="kept-by"
            />
            <button type="button" className="link" onClick={() => navigate({ name: 'bond', bondId: b.bondId })}>
              Bond details
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
