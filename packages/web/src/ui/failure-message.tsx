/** A failure, explained, where it happened. */
import { explainFailure } from './explain-failure.ts';

export function FailureMessage({ error }: { error: unknown }) {
  if (error === undefined) return null;
  const { title, detail } = explainFailure(error);
  return (
    <div className="failure" role="alert">
      <strong>{title}.</strong> {detail}
    </div>
  );
}
