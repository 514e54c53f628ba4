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

/** Moves "2 min ago" along: one re-render every `ms`. */
export function useTicker(session: Session, ms = 5000): void {
  useEffect(() => {
    const id = window.setInterval(() => session.tick(), ms);
    return () => window.clearInterval(id);
  }, [session, ms]);
}
