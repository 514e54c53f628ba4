/** Step 3: three words of the phrase typed back (positions chosen at random), so it was really written down. */
import { type FormEvent, useMemo, useState } from 'react';
import { AppFailure } from '../ui/explain-failure.ts';
import { FailureMessage } from '../ui/failure-message.tsx';

function pickPositions(count: number, of: number): number[] {
  const picked = new Set<number>();
  const r = new Uint32Array(1);
  while (picked.size < count) {
    crypto.getRandomValues(r);
    picked.add((r[0] as number) % of);
  }
  return [...picked].sort((a, b) => a - b);
}

export function ConfirmPhrase({ phrase, onConfirmed, onShowAgain }: { phrase: string; onConfirmed: () => void; onShowAgain: () => void }) {
  const words = phrase.split(' ');
  const positions = useMemo(() => pickPositions(3, words.length), [words.length]);
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ok = positions.every((p) => (typed[p] ?? '').trim().toLowerCase() === words[p]);
    if (ok) onConfirmed();
    else setError(new AppFailure('phrase-mismatch'));
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="confirm-title">
      <h1 id="confirm-title">Check your phrase</h1>
      <p>Type these three words from your recovery phrase.</p>
      {positions.map((p) => (
        <div className="field" key={p}>
          <label htmlFor={`word-${p + 1}`}>Word {p + 1}</label>
          <input
            id={`word-${p + 1}`}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={typed[p] ?? ''}
            onChange={(e) => setTyped({ ...typed, [p]: e.target.value })}
          />
        </div>
      ))}
      <FailureMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary">
          Confirm
        </button>
        <button type="button" onClick={onShowAgain}>
          Show the phrase again
        </button>
      </div>
    </form>
  );
}
