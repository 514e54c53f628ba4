/**
 * The shields towards one partner: per facet, the level (only those the facet allows) and for how long.
 * A timed shield says when it ends and what it goes back to, and can be lifted at once. What the app sends
 * today comes first — where you are (location, presence), then what passes between you (feelings, glances,
 * thoughts, moments); the facets not sent yet can be set ahead of time. Beside the trail's level: how long
 * the relay keeps that trail for this partner (`retention-control.tsx`).
 */
import type { BondSummary } from '@entwine/client';
import { FACET_WORDS, FACETS, type Facet, levelWord, type ShieldLevel } from '@entwine/core';
import { useState } from 'react';
import { useAction } from '../app/use-action.ts';
import { useSession } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { formatRemaining } from '../ui/format.ts';
import { BETWEEN_FACETS, DURATIONS, describeShield, LIVE_FACETS, levelName, levelsOf, WHERE_FACETS } from '../ui/shield-words.ts';
import { RetentionControl } from './retention-control.tsx';

function FacetRow({ bond, facet }: { bond: BondSummary; facet: Facet }) {
  const session = useSession();
  const shield = bond.shield[facet];
  const inForce = bond.levels[facet];
  const [level, setLevel] = useState<ShieldLevel>(inForce);
  const [duration, setDuration] = useState(0);
  const set = useAction((to: ShieldLevel, forMs?: number) => session.setShield(bond.bondId, facet, to, forMs));
  const sameLevel = level === shield.level && duration === 0;
  // The same level, chosen "until I change it", while it runs out: that only takes the end away.
  const keepsIt = sameLevel && shield.until !== undefined;
  const { name, hint } = FACET_WORDS[facet];
  const id = `shield-${bond.bondId}-${facet}`;
  return (
    <div className="shield-row" data-facet={facet} data-level={inForce} data-until={shield.until ?? ''}>
      <div className="shield-head">
        <label htmlFor={id}>
          {name} <span className="hint">— {hint}</span>
        </label>
        <span className={`shield-now level-${inForce}`} data-testid={`shield-now-${facet}`}>
          {describeShield(facet, shield)}
          {shield.until !== undefined && <span className="hint"> ({formatRemaining(shield.until, Date.now())})</span>}
        </span>
      </div>
      <div className="shield-inputs">
        <select id={id} aria-label={`${name} for ${bond.name}`} value={level} onChange={(e) => setLevel(e.target.value as ShieldLevel)}>
          {levelsOf(facet).map((l) => (
            <option key={l} value={l}>
              {levelName(facet, l)}
            </option>
          ))}
        </select>
        <select
          aria-label={`How long: ${name.toLowerCase()} for ${bond.name}`}
          value={duration}
          onChange={(e) => setDuration(Number(e.target.value))}
        >
          {DURATIONS.map((d, i) => (
            <option key={d.label} value={i}>
              {d.label}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          aria-label={`${keepsIt ? 'Keep' : 'Apply'} ${name.toLowerCase()} for ${bond.name}`}
          disabled={(sameLevel && !keepsIt) || set.busy}
          onClick={() => void set.act(level, DURATIONS[duration]?.ms)}
        >
          {keepsIt ? 'Keep, no end' : 'Apply'}
        </button>
        {shield.until !== undefined && (
          <button type="button" disabled={set.busy} onClick={() => void set.act(shield.revertTo ?? 'hidden')}>
            Lift now (back to {levelWord(facet, shield.revertTo ?? 'hidden')})
          </button>
        )}
      </div>
      <FailureMessage error={set.error} />
    </div>
  );
}

export function ShieldControls({ bond }: { bond: BondSummary }) {
  const rest = FACETS.filter((f) => !LIVE_FACETS.includes(f));
  // A row remounts when its shield changes (here or by a revert), so its inputs start from what is in force.
  const row = (f: Facet) => (
    <FacetRow key={`${f}:${bond.levels[f]}:${bond.shield[f].level}:${bond.shield[f].until ?? ''}`} bond={bond} facet={f} />
  );
  return (
    <div className="shields" data-testid="shields">
      {WHERE_FACETS.flatMap((f) => (f === 'trail' ? [row(f), <RetentionControl key="retention" bond={bond} />] : [row(f)]))}
      <h4 className="shield-group">Between you</h4>
      {BETWEEN_FACETS.map(row)}
      <details className="more-facets">
        <summary>More facets ({rest.filter((f) => bond.levels[f] !== 'hidden').length} shared)</summary>
        <p className="hint">
          Places: an arrival at or departure from a place you let this partner hear of (Me → Your places), sent only at Exact. Check-ins are
          not sent yet; what you choose for them applies once Entwine can share them.
        </p>
        {rest.map(row)}
      </details>
    </div>
  );
}
