/**
 * "How do you feel?": a mood, how strongly (1–5), an optional short note and an optional emoji of the
 * person's own. Set, it goes out on the next tick to the partners who get feelings (they see how long
 * ago it was set); cleared, they see none. The moods come from the core's `MOODS`.
 */
import { FEELING_NOTE_MAX_CHARS, MOODS, type Mood } from '@entwine/core';
import { useId, useState } from 'react';
import { navigate } from '../app/route.ts';
import { useAction } from '../app/use-action.ts';
import { useSession, useSnapshot } from '../app/use-session.ts';
import { AppFailure } from '../ui/explain-failure.ts';
import { MOOD_WORDS } from '../ui/facet-words.ts';
import { FailureMessage } from '../ui/failure-message.tsx';
import { Age, FeelingLine } from '../ui/partner-view.tsx';
import { isOwnEmoji } from '../ui/user-text.ts';

export function FeelingPicker() {
  const session = useSession();
  const snap = useSnapshot();
  const id = useId();
  const mine = snap.myFeeling;
  const [mood, setMood] = useState<Mood | undefined>(mine?.mood);
  const [intensity, setIntensity] = useState(mine?.intensity ?? 3);
  const [note, setNote] = useState(mine?.note ?? '');
  const [emoji, setEmoji] = useState(mine?.emoji ?? '');
  const set = useAction(() => {
    // Only emoji here: words belong in the note (`isOwnEmoji`), said before anything is saved.
    if (emoji.trim() && !isOwnEmoji(emoji.trim())) throw new AppFailure('not-emoji');
    return session.setFeeling(
      mood === undefined
        ? undefined
        : { mood, intensity, ...(note.trim() ? { note: note.trim() } : {}), ...(emoji.trim() ? { emoji: emoji.trim() } : {}) },
    );
  });
  const clear = useAction(async () => {
    await session.setFeeling(undefined);
    setMood(undefined);
  });
  const getting = snap.bonds.filter((b) => b.status === 'active' && b.levels.feelings === 'exact').map((b) => b.name);
  const now = Date.now();

  return (
    <div className="feeling-picker" data-testid="feeling-picker">
      <fieldset className="moods">
        <legend>How do you feel?</legend>
        <div className="mood-grid">
          {MOODS.map((m) => (
            <label key={m} className={mood === m ? 'mood current' : 'mood'}>
              <input
                type="radio"
                name={`${id}-mood`}
                value={m}
                checked={mood === m}
                onChange={() => setMood(m)}
                className="visually-hidden"
              />
              <span aria-hidden="true">{MOOD_WORDS[m].emoji}</span> {MOOD_WORDS[m].word}
            </label>
          ))}
        </div>
        <label htmlFor={`${id}-intensity`}>
          Intensity: <output htmlFor={`${id}-intensity`}>{intensity}</output> of 5
        </label>
        <input
          id={`${id}-intensity`}
          type="range"
          min={1}
          max={5}
          step={1}
          value={intensity}
          onChange={(e) => setIntensity(Number(e.target.value))}
        />
        <label htmlFor={`${id}-note`}>A short note (optional)</label>
        <input
          id={`${id}-note`}
          type="text"
          maxLength={FEELING_NOTE_MAX_CHARS}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="e.g. long day, good news"
        />
        <label htmlFor={`${id}-emoji`}>Your own emoji (optional)</label>
        <input
          id={`${id}-emoji`}
          type="text"
          maxLength={8}
          value={emoji}
          onChange={(e) => {
            setEmoji(e.target.value);
            set.clearError();
          }}
          aria-describedby={`${id}-emoji-hint`}
          className="emoji-input"
        />
        <p className="hint" id={`${id}-emoji-hint`}>
          Emoji only, up to three (such as 🌧️ or 🎉); words go in the note.
        </p>
        <FailureMessage error={set.error ?? clear.error} />
        <div className="actions">
          <button type="button" className="primary" disabled={mood === undefined || set.busy} onClick={() => void set.act()}>
            Share this feeling
          </button>
          <button type="button" disabled={!mine || clear.busy} onClick={() => void clear.act()}>
            Clear my feeling
          </button>
        </div>
      </fieldset>
      <p className="hint" role="status" data-testid="my-feeling">
        {mine ? (
          <>
            You feel <FeelingLine feeling={{ ...mine, kind: 'feeling', level: 'exact', ts: mine.since }} now={now} withAge={false} /> (set{' '}
            <Age ts={mine.since} now={now} />
            ).{' '}
          </>
        ) : (
          'No feeling set. '
        )}
        {getting.length > 0 ? (
          `${getting.join(', ')} ${getting.length === 1 ? 'gets' : 'get'} your feelings.`
        ) : (
          <>
            No partner gets your feelings now.{' '}
            <button type="button" className="link" onClick={() => navigate({ name: 'sharing' })}>
              Change that in Sharing
            </button>
          </>
        )}
      </p>
    </div>
  );
}
