/**
 * The signed-in layout: a top bar with the persistent sharing indicator, pending requests and notices,
 * the live map always mounted underneath, and the current screen in a panel over it (a side panel on wide
 * screens, the whole screen on a phone), with a tab bar to move between them. The Trail screen draws on
 * that same map, with its controls over it as the map's own are. When this identity moved to
 * another device (restored there), a banner says so above everything, and the bar shows no sharing.
 */
import { useEffect } from 'react';
import { watchPosition } from '../adapters/geolocation.ts';
import { BondScreen } from '../screens/bond.tsx';
import { InviteScreen } from '../screens/invite.tsx';
import { JoinScreen } from '../screens/join.tsx';
import { MapScreen } from '../screens/map-screen.tsx';
import { MeScreen } from '../screens/me.tsx';
import { MomentsScreen } from '../screens/moments.tsx';
import { RequestScreen } from '../screens/request.tsx';
import { SharingPanel } from '../screens/sharing-panel.tsx';
import { ThoughtsScreen } from '../screens/thoughts.tsx';
import { explainUpdateNeeded } from '../ui/explain-failure.ts';
import { formatTime } from '../ui/format.ts';
import { Notices } from '../ui/notices.tsx';
import { SharingIndicator } from '../ui/sharing-indicator.tsx';
import { navigate, type Route, useRoute } from './route.ts';
import { getSettings } from './settings.ts';
import { useTheme } from './theme.ts';
import { useSession, useSnapshot, useTicker } from './use-session.ts';

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'invite':
      return <InviteScreen />;
    case 'sharing':
      return <SharingPanel />;
    case 'me':
      return <MeScreen />;
    case 'bond':
      return <BondScreen bondId={route.bondId} />;
    case 'thoughts':
      return <ThoughtsScreen key={route.bondId} bondId={route.bondId} />;
    case 'moments':
      return <MomentsScreen key={route.bondId} bondId={route.bondId} />;
    case 'request':
      return <RequestScreen inviteId={route.inviteId} />;
    case 'join':
      return <JoinScreen key={route.link} link={route.link} />;
    case 'map':
    case 'trail':
      return null; // drawn by the map screen itself
  }
}

/** This identity was restored on another device: said plainly, for as long as this browser holds it. */
function DisplacedBanner({ at }: { at: number }) {
  return (
    <div className="displaced-banner" role="alert" data-testid="displaced">
      <strong>This identity moved to another device.</strong> Your recovery phrase was restored on another device at{' '}
      <time dateTime={new Date(at).toISOString()}>{formatTime(at)}</time>, and that device now holds your identity. This browser no longer
      shares anything or receives anything, and your partners now reach the other device. Use Entwine there; to move it back here, restore
      your phrase in a fresh browser profile (that signs the other device out the same way).
    </div>
  );
}

const TABS: { route: Route; label: string }[] = [
  { route: { name: 'map' }, label: 'Map' },
  { route: { name: 'trail' }, label: 'Trail' },
  { route: { name: 'invite' }, label: 'Invite' },
  { route: { name: 'sharing' }, label: 'Sharing' },
  { route: { name: 'me' }, label: 'Me' },
];

export function Shell() {
  const session = useSession();
  const snap = useSnapshot();
  const route = useRoute();
  const theme = useTheme();
  useTicker(session);

  useEffect(() => {
    // The person turned their location on before: the browser remembers the permission, so resume.
    if (getSettings().locationOn) session.startGeolocation(watchPosition);
  }, [session]);

  const onMap = route.name === 'map' || route.name === 'trail';
  const firstRequest = snap.requests[0];
  return (
    <div className={`shell ${onMap ? 'on-map' : 'with-panel'}`}>
      <header className="topbar">
        <button type="button" className="brand" onClick={() => navigate({ name: 'map' })} aria-label="Entwine — back to the map">
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>Entwine</span>
        </button>
        <SharingIndicator sharingWith={snap.sharingWith} />
        <span className={`connection ${snap.connection}`} role="status" title={`Relay: ${snap.connection}`}>
          <span className="dot" aria-hidden="true" />
          <span className="text">
            {snap.displaced
              ? 'Moved to another device'
              : snap.updateNeeded
                ? explainUpdateNeeded(snap.updateNeeded).title
                : snap.connection === 'open'
                  ? 'Live'
                  : snap.connection === 'connecting'
                    ? 'Connecting…'
                    : 'Offline, retrying'}
          </span>
        </span>
      </header>
      {snap.displaced && <DisplacedBanner at={snap.displaced.at} />}
      {snap.updateNeeded && !snap.displaced && (
        <div className="displaced-banner" role="alert" data-testid="update-needed">
          <strong>{explainUpdateNeeded(snap.updateNeeded).title}</strong> {explainUpdateNeeded(snap.updateNeeded).detail}
        </div>
      )}
      {firstRequest && route.name !== 'request' && (
        <div className="request-banner" role="status">
          <span>
            <strong>{firstRequest.name}</strong> wants to bond with you.
          </span>
          <button type="button" className="primary" onClick={() => navigate({ name: 'request', inviteId: firstRequest.inviteId })}>
            Review
          </button>
        </div>
      )}
      <Notices notices={snap.notices} onDismiss={(id) => session.dismiss(id)} />
      <div className="stage">
        <MapScreen theme={theme} covered={!onMap} mode={route.name === 'trail' ? 'trail' : 'live'} />
        {!onMap && (
          <main className="panel" aria-live="polite">
            <Screen route={route} />
          </main>
        )}
      </div>
      <nav className="tabbar" aria-label="Main">
        {TABS.map((t) => (
          <button
            key={t.route.name}
            type="button"
            className={route.name === t.route.name ? 'tab current' : 'tab'}
            aria-current={route.name === t.route.name ? 'page' : undefined}
            onClick={() => navigate(t.route)}
          >
            {t.label}
          </button>
        ))}
      </nav>
    </div>
  );
}
