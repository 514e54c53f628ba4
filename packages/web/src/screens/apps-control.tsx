/**
 * Me → Devices & apps: a tracker app on the phone shares where a web page cannot (a locked screen stops the
 * page). OwnTracks is set up here to post each position sealed with a passphrase that only the app and this
 * device know, to this person's drop on the relay (decision 0019); the relay keeps the posts without being
 * able to open them, and this page collects them while it is open. Shown: what to give the app (URL, username,
 * password, encryption key), as a QR code and as an `.otrc` file the app imports, and when it last reported.
 * The other apps post to an address they must reach: that is `entwine bridge`, on a machine the person picks.
 */
import { owntracksConfig } from '@entwine/core';
import { useEffect, useMemo, useState } from 'react';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { formatAge, formatDateTime } from '../ui/format.ts';
import { QrCode } from '../ui/qr-code.tsx';

/** An object URL of the app's configuration file, revoked when it changes or the control goes. */
function useConfigFile(config: Record<string, unknown> | undefined): string | undefined {
  const [href, setHref] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!config) return;
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(config, null, 2)}\n`], { type: 'application/json' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [config]);
  return config ? href : undefined;
}

export function AppsControl() {
  const session = useSession();
  const snap = useSnapshot();
  const drop = snap.owntracksDrop;
  const setUp = useAction((renew: boolean) => session.setUpOwntracks(renew));
  const [renewing, setRenewing] = useState(false);
  // Keyed on what the configuration holds, not on the record: a collection that only moves "last reported"
  // leaves the file's object URL as it was.
  const [url, token, passphrase] = [drop?.url, drop?.token, drop?.passphrase];
  const shown = useMemo(() => (url && token && passphrase ? owntracksConfig(url, token, passphrase) : undefined), [url, token, passphrase]);
  const file = useConfigFile(shown?.config);
  const now = Date.now();

  return (
    <div className="apps-control" data-testid="apps-control" data-set-up={String(Boolean(drop))}>
      <p className="hint">
        This page cannot share where you are once your phone’s screen locks; a tracker app can. OwnTracks seals each position with a key
        that only the app and this device know and posts it to your relay, which keeps it without being able to read it until Entwine is
        open here to collect it. Your partners then see it at the level each of them gets.
      </p>
      {drop && shown ? (
        <>
          <h3>OwnTracks</h3>
          <QrCode text={shown.qr} label="OwnTracks configuration: scan it with the phone’s camera or in OwnTracks" />
          <dl className="facts owntracks-setup">
            <dt>Mode</dt>
            <dd>HTTP</dd>
            <dt>URL</dt>
            <dd data-testid="owntracks-url">{drop.url}</dd>
            <dt>Username</dt>
            <dd>entwine</dd>
            <dt>Password</dt>
            <dd className="secret" data-testid="owntracks-password">
              {drop.token}
            </dd>
            <dt>Encryption key</dt>
            <dd className="secret" data-testid="owntracks-key">
              {drop.passphrase}
            </dd>
            <dt>Last reported</dt>
            <dd data-testid="owntracks-last" data-at={drop.lastReport?.at ?? ''}>
              {drop.lastReport ? (
                <time dateTime={new Date(drop.lastReport.at).toISOString()} title={formatDateTime(drop.lastReport.at)}>
                  {formatAge(drop.lastReport.at, now)} ({drop.lastReport.points} {drop.lastReport.points === 1 ? 'point' : 'points'})
                </time>
              ) : (
                'not yet'
              )}
            </dd>
          </dl>
          <p className="hint">
            In OwnTracks: scan the code, or open the file below on the phone, or set Settings → Connection by hand (the encryption key is
            under Security; the relay refuses anything sent without it). The phone must reach the URL. OwnTracks shows no friends this way:
            the relay cannot tell it where anyone is.
          </p>
          <div className="row">
            {file && (
              <a className="button" href={file} download="entwine-owntracks.otrc" data-testid="owntracks-otrc">
                Download the .otrc file
              </a>
            )}
            {!renewing && (
              <button type="button" disabled={setUp.busy} onClick={() => setRenewing(true)}>
                New password and key
              </button>
            )}
          </div>
          {renewing && (
            <fieldset className="confirm">
              <legend className="visually-hidden">New password and key</legend>
              <p className="hint">
                The app’s current password and key stop working at once (what it already posted is collected first); set the new ones in the
                app.
              </p>
              <div className="row">
                <button
                  type="button"
                  className="primary"
                  disabled={setUp.busy}
                  onClick={() => void setUp.act(true).then(() => setRenewing(false))}
                >
                  Make new ones
                </button>
                <button type="button" onClick={() => setRenewing(false)}>
                  Keep these
                </button>
              </div>
            </fieldset>
          )}
        </>
      ) : (
        <button type="button" className="primary" disabled={setUp.busy} onClick={() => void setUp.act(false)}>
          Set up OwnTracks
        </button>
      )}
      <FailureMessage error={setUp.error} />
      <p className="hint">
        Overland, GPSLogger, Traccar Client and OsmAnd (and OwnTracks over MQTT, with your partners shown in it) post to an address the
        phone reaches: run <code>entwine bridge</code> on a machine you choose — see <code>entwine bridge setup --help</code>.
      </p>
    </div>
  );
}
