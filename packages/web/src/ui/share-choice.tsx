/**
 * What a person chooses to share when bonding — location and moments at a level; presence, feelings,
 * glances and thoughts on or off — before anything is sent. The default is nothing; every facet left out
 * is hidden (`shieldPolicy`).
 */
import { FACET_LEVELS, type Facet, type ShieldChoice, type ShieldLevel } from '@entwine/core';
import { useId } from 'react';
import { levelName } from './shield-words.ts';

/** Frozen means "keep the last value": at bonding there is none yet, so it is not offered here. */
const choices = (facet: Facet): ShieldLevel[] => [...FACET_LEVELS[facet]].filter((l) => l !== 'frozen').reverse();

/** The on/off facets, with the words each checkbox says. */
const SWITCHES: { facet: Facet; label: string; what: string }[] = [
  { facet: 'presence', label: 'My presence (last seen, battery)', what: 'your presence (last seen, battery)' },
  { facet: 'feelings', label: 'My feelings (mood)', what: 'your feelings' },
  { facet: 'glances', label: 'Glances (one-tap signals)', what: 'your glances' },
  { facet: 'thoughts', label: 'Thoughts (messages)', what: 'your thoughts' },
];

export function describeChoice(choice: ShieldChoice): string {
  const parts: string[] = [];
  if (choice.location && choice.location !== 'hidden') {
    parts.push(choice.location === 'exact' ? 'your exact location' : `your location as an area (${choice.location})`);
  }
  for (const s of SWITCHES) if (choice[s.facet] === 'exact') parts.push(s.what);
  if (choice.moments && choice.moments !== 'hidden') {
    parts.push(choice.moments === 'exact' ? 'your photos, at the exact place' : `your photos, pinned to an area (${choice.moments})`);
  }
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

function LevelSelect({
  id,
  facet,
  label,
  choice,
  onChange,
}: {
  id: string;
  facet: Facet;
  label: string;
  choice: ShieldChoice;
  onChange: (c: ShieldChoice) => void;
}) {
  return (
    <>
      <label htmlFor={`${id}-${facet}`}>{label}</label>
      <select
        id={`${id}-${facet}`}
        value={choice[facet] ?? 'hidden'}
        onChange={(e) => onChange({ ...choice, [facet]: e.target.value as ShieldLevel })}
      >
        {choices(facet).map((l) => (
          <option key={l} value={l}>
            {l === 'hidden' ? 'Hidden (nothing)' : levelName(facet, l)}
          </option>
        ))}
      </select>
    </>
  );
}

export function ShareChoice({ name, choice, onChange }: { name: string; choice: ShieldChoice; onChange: (c: ShieldChoice) => void }) {
  const id = useId();
  const what = describeChoice(choice);
  return (
    <fieldset className="share-choice">
      <legend>What you share with {name}</legend>
      <LevelSelect id={id} facet="location" label="My location" choice={choice} onChange={onChange} />
      {SWITCHES.map((s) => (
        <label key={s.facet} className="check">
          <input
            type="checkbox"
            checked={choice[s.facet] === 'exact'}
            onChange={(e) => onChange({ ...choice, [s.facet]: e.target.checked ? 'exact' : 'hidden' })}
          />
          {s.label}
        </label>
      ))}
      <LevelSelect id={id} facet="moments" label="My moments (photos, pinned to a place)" choice={choice} onChange={onChange} />
      <p className="hint">{what ? `${name} will see ${what} once the bond is made.` : 'Nothing: you can start sharing later.'}</p>
    </fieldset>
  );
}
