/**
 * How long the relay keeps the trail this person shares with one partner (decision 0014 §4): 1 day, 7 days,
 * 30 days (the default), 1 year, or for as long as the bond lasts — the sharer's choice, per partner, beside
 * the trail's shield. Shown as the device keeps it; set through the device (`Device.setRetention`), which
 * tells the relay. Said plainly next to it: lowering deletes the older days at once, and raising it later
 * never brings back what was deleted.
 */
import type { BondSummary } from '@entwine/client';
import type { RetentionDays } from '@entwine/core';
import { useEffect, useState } from 'react';
import { useAction } from '../app/use-action.ts';
import { useSession } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { RETENTION_OPTIONS, retentionFromValue, retentionValue, retentionWords } from '../ui/trail-words.ts';

export function RetentionControl({ bond }: { bond: BondSummary }) {
  const session = useSession();
  const [current, setCurrent] = useState<RetentionDays | undefined>(undefined);
  const [choice, setChoice] = useState('');
  const [readError, setReadError] = useState<unknown>(undefined);
  const set = useAction(async (days: RetentionDays) => {
    await session.setRetention(bond.bondId, days);
    setCurrent(days);
  });

  useEffect(() => {
    let cancelled = false;
    session.retentionWith(bond.bondId).then(
      (days) => {
        if (cancelled) return;
        setCurrent(days);
        setChoice(retentionValue(days));
      },
      (error: unknown) => !cancelled && setReadError(error),
    );
    return () => {
      cancelled = true;
    };
  }, [session, bond.bondId]);

  const id = `retention-${bond.bondId}`;
  const now = current === undefined ? '' : retentionValue(current);
  return (
    <div className="shield-row retention-row" data-retention={now}>
      <div className="shield-head">
        <label htmlFor={id}>
          Trail kept <span className="hint">— how far back {bond.name} can look</span>
        </label>
        <span className="shield-now" data-testid="retention-now">
          {current === undefined ? '…' : retentionWords(current)}
        </span>
      </div>
      <div className="shield-inputs">
        <select
          id={id}
          aria-label={`Trail kept for ${bond.name}`}
          value={choice}
          disabled={current === undefined}
          onChange={(e) => setChoice(e.target.value)}
        >
          {RETENTION_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          aria-label={`Apply trail kept for ${bond.name}`}
          disabled={current === undefined || choice === now || set.busy}
          onClick={() => void set.act(retentionFromValue(choice))}
        >
          Apply
        </button>
      </div>
      <p className="hint">
        Lowering this deletes the older days of your trail from the relay at once. Raising it later does not bring back what was deleted.
      </p>
      <FailureMessage error={readError ?? set.error} />
    </div>
  );
}
