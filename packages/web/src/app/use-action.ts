/** Runs one person-initiated action at a time and keeps its failure (typed) for the screen to explain. */
import { useCallback, useRef, useState } from 'react';

export function useAction<A extends unknown[], R>(run: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  // The latest `run` is called, but `act` keeps one identity, so effects may depend on it.
  const latest = useRef(run);
  latest.current = run;
  const act = useCallback(async (...args: A): Promise<R | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await latest.current(...args);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { act, busy, error, clearError: () => setError(undefined) };
}
