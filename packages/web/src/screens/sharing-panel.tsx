/**
 * The sharing panel: per partner, what that partner currently sees of this person — rendered field by
 * field from the very plaintext last sent to them (`lastSentTo`) — and the switch for it; plus
 * "stop sharing with everyone" in one tap.
 */
import type { LocationMessage } from '@entwine/core';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { formatAccuracy, formatAge, formatCoordinates } from '../ui/format.ts';
import { LocationControl } from './location-control.tsx';

function SentLocation({ message, now }: { message: LocationMessage; now: number }) {
  return (
    <dl className="sent" data-testid="last-sent">
      <dt>Position</dt>
      <dd className="coords">{formatCoordinates(message.lat, message.lon)}</dd>
      <dt>Accuracy</dt>
      <dd>{formatAccuracy(message.acc)}</dd>
      {message.alt !== undefined && (
        <>
          <dt>Altitude</dt>
          <dd>{Math.round(message.alt)} m</dd>
        </>
      )}
      {message.speed !== undefined && (
        <>
          <dt>Speed</dt>
          <dd>{(message.speed * 3.6).toFixed(1)} km/h</dd>
        </>
      )}
      {message.bearing !== undefined && (
        <>
          <dt>Heading</dt>
          <dd>{Math.round(message.bearing)}°</dd>
        </>
      )}
      <dt>Sent</dt>
      <dd>
        <time dateTime={new Date(message.ts).toISOString()}>{formatAge(message.ts, now)}</time>
      </dd>
    </dl>
  );
}

export function SharingPanel() {
  const session = useSession();
  const snap = useSnapshot();
  const now = Date.now();
  const active = snap.bonds.filter((b) => b.status === 'active');
  const stopAll = useAction(() => session.stopSharingWithEveryone());
  const toggle = useAction((bondId: string, on: boolean) => session.setSharing(bondId, { location: on }));

  return (
    <section aria-labelledby="sharing-title">
      <h1 id="sharing-title">What you share</h1>
      <p role="status" className={snap.sharingWith.length > 0 ? 'sharing-summary on' : 'sharing-summary'}>
        {snap.sharingWith.length > 0
          ? `You share your live location with ${snap.sharingWith.join(', ')}.`
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
      <FailureMessage error={stopAll.error ?? toggle.error} />
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
        {active.map((b) => {
          const sent = snap.lastSent[b.bondId]?.location;
          return (
            <li key={b.bondId} className="card partner" data-partner={b.name}>
              <h2>{b.name}</h2>
              <label className="check switch">
                <input
                  type="checkbox"
                  checked={b.sharing.location}
                  disabled={toggle.busy}
                  onChange={(e) => void toggle.act(b.bondId, e.target.checked)}
                />
                Share my live location with {b.name}
              </label>
              <h3>What {b.name} sees of you now</h3>
              {sent ? (
                <>
                  <SentLocation message={sent} now={now} />
                  {!b.sharing.location && (
                    <p className="hint">You stopped sharing: {b.name} still has this last position, with its age; nothing new is sent.</p>
                  )}
                </>
              ) : (
                <p className="nothing">Nothing: you have not sent {b.name} anything.</p>
              )}
              <button type="button" className="link" onClick={() => navigate({ name: 'bond', bondId: b.bondId })}>
                Bond details
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
