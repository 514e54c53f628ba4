/**
 * Short-lived notices (a bond became active or ended; a partner's glance, thought, feeling or photo),
 * each dismissible, in a polite live region so a screen reader says them as they come.
 */
import { useEffect } from 'react';
import { navigate } from '../app/route.ts';
import type { Notice } from '../app/snapshot.ts';
import { describeNotice } from './describe-notice.ts';
import { IsolatedText } from './isolated-text.tsx';

const SHOWN_MS = 12_000;

export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timers = notices.map((n) => window.setTimeout(() => onDismiss(n.id), Math.max(0, n.at + SHOWN_MS - Date.now())));
    return () => {
      for (const t of timers) window.clearTimeout(t);
    };
  }, [notices, onDismiss]);
  return (
    <div className="notices" role="status" aria-live="polite" aria-label="Notices">
      {notices.map((n) => {
        const { text, tone, icon, open } = describeNotice(n.event);
        return (
          <div key={n.id} className={`notice ${tone}`} data-kind={n.event.kind} data-at={n.at}>
            {icon && (
              <span className="notice-icon" aria-hidden="true">
                {icon}
              </span>
            )}
            <span className="notice-text">
              <IsolatedText text={text} />
            </span>
            {open && (
              <button
                type="button"
                className="notice-open"
                onClick={() => {
                  onDismiss(n.id);
                  navigate(open.route);
                }}
              >
                {open.label}
              </button>
            )}
            <button type="button" className="icon" aria-label="Dismiss" onClick={() => onDismiss(n.id)}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
