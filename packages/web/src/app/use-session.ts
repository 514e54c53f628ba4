/** React's view of the session: its snapshot, re-rendered on every change, plus a clock for ages. */
import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import type { Session } from './session.ts';
import type { Snapshot } from './snapshot.ts';

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession: expected a SessionContext provider, got none');
  return session;
}

export function useSnapshot(): Snapshot {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.getSnapshot);
}

/**
 * The screens' one timer, kept because time alone changes what they show: ages ("2 min ago") and a timed
 * shield's countdown move on with no event from the device. Everything else re-renders on the device's
 * events (`session.ts`).
 */
export function useTicker(session: Session, ms = 5000): void {
  useEffect(() => {
    const id = window.setInterval(() => session.tick(), ms);
    return () => window.clearInterval(id);
  }, [session, ms]);
}
