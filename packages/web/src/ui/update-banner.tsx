/** Asks before a new version of the app replaces the installed one (`app/app-update.ts`). */
import { applyUpdate, dismissUpdate, useWaitingUpdate } from '../app/app-update.ts';

export function UpdateBanner() {
  const waiting = useWaitingUpdate();
  if (!waiting) return null;
  return (
    <div className="request-banner update-banner" role="alertdialog" aria-labelledby="update-title" data-testid="update-banner">
      <span id="update-title">
        A new version of Entwine is available from this server. Updating runs the new code with your keys; if you did not expect an update,
        check it first (<code>entwine verify-web</code>).
      </span>
      <span className="actions">
        <button type="button" onClick={dismissUpdate}>
          Not now
        </button>
        <button type="button" className="primary" onClick={applyUpdate}>
          Update
        </button>
      </span>
    </div>
  );
}
