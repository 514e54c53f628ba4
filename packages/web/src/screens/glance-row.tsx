/**
 * One-tap glances to one partner (the kinds come from the core's `GLANCES`), sent at once; and the last
 * few both ways. If this person does not share glances with them, the row says so instead of failing.
 */
import type { BondSummary } from '@entwine/client';
import { GLANCES, type GlanceKind } from '@entwine/core';
import { useState } from 'react';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { GLANCE_WORDS } from '../ui/facet-words.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { formatAge } from '../ui/format.ts';

const RECENT = 5;

export function GlanceRow({ bond }: { bond: BondSummary }) {
  const session = useSession();
  const snap = useSnapshot();
  const [last, setLast] = useState<GlanceKind | undefined>(undefined);
  const send = useAction(async (kind: GlanceKind) => {
    setLast(undefined);
    await session.glance(bond.bondId, kind);
    setLast(kind);
  });
  const shared = bond.levels.glances !== 'hidden';
  const recent = (snap.glances[bond.bondId] ?? []).slice(0, RECENT);
  const muted = snap.muted[bond.bondId];
  const now = Date.now();
  return (
    <div className="glances" data-testid="glances">
      {!shared && (
        <p className="hint">
          You do not share glances with <bdi>{bond.name}</bdi>.{' '}
          <button type="button" className="link" onClick={() => navigate({ name: 'sharing' })}>
            Turn them on in Sharing
          </button>{' '}
          to send one.
        </p>
      )}
      <div className="glance-buttons">
        {GLANCES.map((g) => (
          <button
            key={g}
            type="button"
            className="glance"
            data-glance={g}
            aria-label={`Send ${GLANCE_WORDS[g].label.toLowerCase()} to ${bond.name}`}
            disabled={!shared || send.busy}
            onClick={() => void send.act(g)}
          >
            <span className="glance-emoji" aria-hidden="true">
              {GLANCE_WORDS[g].emoji}
            </span>
            <span className="glance-label">{GLANCE_WORDS[g].label}</span>
          </button>
        ))}
      </div>
      <p className="hint" role="status">
        {last ? `Sent ${GLANCE_WORDS[last].label.toLowerCase()} to ${bond.name}.` : ''}
      </p>
      <FailureMessage error={send.error} sending={{ facet: 'glances', name: bond.name }} />
      {muted !== undefined && (
        <p className="hint warning-text">
          {muted} glance{muted === 1 ? '' : 's'} from <bdi>{bond.name}</bdi> muted: more came than a bond allows.
        </p>
      )}
      {recent.length > 0 && (
        <ul className="glance-log" aria-label={`Recent glances with ${bond.name}`}>
          {recent.map((g) => (
            <li key={`${g.from}/${g.id}`} data-from={g.from} data-glance={g.glance}>
              <span aria-hidden="true">{GLANCE_WORDS[g.glance].emoji}</span>{' '}
              {g.from === 'me' ? `You → ${bond.name}: ` : `${bond.name} → you: `}
              {GLANCE_WORDS[g.glance].label} · {formatAge(g.ts, now)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
