/**
 * "Invite someone": a single-use link (and its QR code) whose secret sits in the URL fragment, so the relay
 * that serves the page never receives it. Requests that answer this person's invites are listed here too.
 */
import { useState } from 'react';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { formatDateTime } from '../ui/format.ts';
import { QrCode } from '../ui/qr-code.tsx';

export function InviteScreen() {
  const session = useSession();
  const snap = useSnapshot();
  const [invite, setInvite] = useState<{ link: string; expiresAt: number } | undefined>(undefined);
  const [copied, setCopied] = useState(false);
  const make = useAction(async () => setInvite(await session.invite()));

  const copy = async () => {
    if (!invite) return;
    try {
      await navigator.clipboard.writeText(invite.link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section aria-labelledby="invite-title">
      <h1 id="invite-title">Invite someone</h1>
      <p>
        Make a link for <strong>one</strong> person and send it to them privately (or let them scan the code). It works once, for 24 hours.
        Nothing is shared until you both say yes.
      </p>
      {!invite && (
        <button type="button" className="primary" onClick={() => void make.act()} disabled={make.busy}>
          {make.busy ? 'Making a link…' : 'Make an invite link'}
        </button>
      )}
      <FailureMessage error={make.error} />
      {invite && (
        <div className="invite-box">
          <QrCode text={invite.link} label="QR code of the invite link" />
          <label htmlFor="invite-link">Invite link</label>
          <div className="row">
            <input id="invite-link" readOnly value={invite.link} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <p className="hint">
            Valid until {formatDateTime(invite.expiresAt)}. When they answer, you decide here what you share with them.
          </p>
          <button type="button" onClick={() => setInvite(undefined)}>
            Make another link
          </button>
        </div>
      )}
      {snap.requests.length > 0 && (
        <div className="requests">
          <h2>Waiting for your yes</h2>
          <ul className="list">
            {snap.requests.map((r) => (
              <li key={r.inviteId}>
                <span>
                  <bdi>{r.name}</bdi> wants to bond with you
                </span>
                <button type="button" className="primary" onClick={() => navigate({ name: 'request', inviteId: r.inviteId })}>
                  Review
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
