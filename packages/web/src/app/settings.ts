/**
 * Per-browser preferences that are not secrets and not protocol state: theme, map style, whether the
 * person turned their location on, whether they want system notifications while the page is in the
 * background. Kept in localStorage; everything else lives in the encrypted key store.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';

export interface Settings {
  theme: ThemeChoice;
  /**
   * '' = not chosen yet (the relay's street map if it serves one, else the build's VITE_ENTWINE_MAP_STYLE, else
   * the outline map and the first-run question, `map/map-pick.ts`); 'relay'; 'offline'; 'osm'; or a style URL.
   */
  mapStyle: string;
  /** The person asked for their location once; start watching again on the next visit. */
  locationOn: boolean;
  /** The person asked for system notifications (glances, thoughts, feelings, moments) while the page is hidden. */
  notify: boolean;
}

const KEY = 'entwine.settings';
const DEFAULTS: Settings = { theme: 'system', mapStyle: '', locationOn: false, notify: false };
const listeners = new Set<() => void>();
let current: Settings = load();

function load(): Settings {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? { ...DEFAULTS, ...(JSON.parse(raw) as Partial<Settings>) } : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

export function getSettings(): Settings {
  return current;
}

export function updateSettings(patch: Partial<Settings>): void {
  current = { ...current, ...patch };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // storage full or blocked: the preference holds for this visit only
  }
  for (const l of listeners) l();
}

export function useSettings(): Settings {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, getSettings);
}
