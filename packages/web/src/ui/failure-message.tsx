/** A failure, explained, where it happened (with a way to put it right, where the app has one). */
import { navigate } from '../app/route.ts';
import { explainFailure, type Sending } from './explain-failure.ts';

export function FailureMessage({ error, sending }: { error: unknown; sending?: Sending }) {
  if (error === undefined) return null;
  const { title, detail, open } = explainFailure(error, sending);
  return (
    <div className="failure" role="alert">
      <strong>{title}.</strong> {detail}
      {open && (
        <>
          {' '}
          <button type="button" className="link" onClick={() => navigate(open.route)}>
            {open.label}
          </button>
        </>
      )}
    </div>
  );
}
