/**
 * This person's check of a bond's numbers (SAS and safety number, shown just above it on the bond screen).
 * Not checked yet: nothing they chose is shared with the partner, and the two ways on are here. Skipped:
 * the bond says *not verified* (like Signal) and can still be marked as matching. Matched: says so.
 */
import type { BondSummary } from '@entwine/client';
import { useAction } from '../app/use-action.ts';
import { useSession } from '../app/use-session.ts';
import { FailureMessage } from '../ui/failure-message.tsx';

export function NumbersCheck({ bond }: { bond: BondSummary }) {
  const session = useSession();
  const verify = useAction((check: 'match' | 'skip') => session.verifyBond(bond.bondId, check));
  if (bond.verification === 'match') {
    return (
      <p className="verification" data-verification="match">
        ✓ Verified: you said the numbers match.
      </p>
    );
  }
  const unchecked = bond.verification === 'unchecked';
  return (
    <div className="numbers-check">
      {unchecked ? (
        <p className="verification" data-verification="unchecked" role="status">
          <strong>
            Compare the numbers with <bdi>{bond.name}</bdi> first.
          </strong>{' '}
          Nothing you chose is shared with <bdi>{bond.name}</bdi> until you say they match, or skip the check.
        </p>
      ) : (
        <p className="verification" data-verification="skipped" role="status">
          <strong>Not verified.</strong> You skipped comparing the numbers with <bdi>{bond.name}</bdi>. Compare them on a call when you can.
        </p>
      )}
      <FailureMessage error={verify.error} />
      <div className="actions">
        <button type="button" className="primary" onClick={() => void verify.act('match')} disabled={verify.busy}>
          The numbers match
        </button>
        {unchecked && (
          <button type="button" onClick={() => void verify.act('skip')} disabled={verify.busy}>
            Skip (not verified)
          </button>
        )}
      </div>
    </div>
  );
}
