/**
 * What a person chooses to share when bonding — location at a level, and presence on or off — before
 * anything is sent. The default is nothing; every facet left out is hidden (`shieldPolicy`).
 */
import { FACET_LEVELS, type ShieldChoice, type ShieldLevel } from '@entwine/core';
import { useId } from 'react';
import { levelName } from './shield-words.ts';

/** Frozen means "keep the last value": at bonding there is none yet, so it is not offered here. */
const LOCATION_CHOICES: ShieldLevel[] = [...FACET_LEVELS.location].filter((l) => l !== 'frozen').reverse();

export function describeChoice(choice: ShieldChoice): string {
  const parts: string[] = [];
  if (choice.location && choice.location !== 'hidden') {
    parts.push(choice.location === 'exact' ? 'your exact location' : `your location as an area (${choice.location})`);
  }
  if (choice.presence === 'exact') parts.push('your presence (last seen, battery)');
  return parts.join(' and ');
}

export function ShareChoice({ name, choice, onChange }: { name: string; choice: ShieldChoice; onChange: (c: ShieldChoice) => void }) {
  const id = useId();
  const what = describeChoice(choice);
  return (
    <fieldset className="share-choice">
      <legend>What you share with {name}</legend>
      <label htmlFor={`${id}-location`}>My location</label>
      <select
        id={`${id}-location`}
        value={choice.location ?? 'hidden'}
        onChange={(e) => onChange({ ...choice, location: e.target.value as ShieldLevel })}
      >
        {LOCATION_CHOICES.map((l) => (
          <option key={l} value={l}>
            {l === 'hidden' ? 'Hidden (nothing)' : levelName('location', l)}
          </option>
        ))}
      </select>
      <label className="check">
        <input
          type="checkbox"
          checked={choice.presence === 'exact'}
          onChange={(e) => onChange({ ...choice, presence: e.target.checked ? 'exact' : 'hidden' })}
        />
        My presence (last seen, battery)
      </label>
      <p className="hint">{what ? `${name} will see ${what} once the bond is made.` : 'Nothing: you can start sharing later.'}</p>
    </fieldset>
  );
}
