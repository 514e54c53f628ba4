/** Short-lived notices (a bond became active, ended, a request arrived), each dismissible. */
import { useEffect } from 'react';
import type { Notice } from '../app/session.ts';
import { describeNotice } from './describe-notice.ts';

const SHOWN_MS = 12_000;

export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timers = notices.map((n) => window.setTimeout(() => onDismiss(n.id), Math.max(0, n.at + SHOWN_MS - Date.now())));
    return () => {
      for (const t of timers) window.clearTimeout(t);
    };
  }, [notices, onDismiss]);
  if (notices.length === 0) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((n) => {
        const { text, tone } = describeNotice(n.event);
        return (
          <li key={n.id} className={`notice ${tone}`}>
            <span>{text}</span>
            <button type="button" className="icon" aria-label="Dismiss" onClick={() => onDismiss(n.id)}>
              ×
            </button>
          </li>
        );
      })}
    </ul>
  );
}
