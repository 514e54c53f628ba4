/** Light and dark themes: the person's choice, or the system's; applied as `data-theme` on <html>. */
import { useEffect, useSyncExternalStore } from 'react';
import { useSettings } from './settings.ts';

export type Theme = 'light' | 'dark';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function useSystemTheme(): Theme {
  return useSyncExternalStore(
    (l) => {
      const q = query();
      q.addEventListener('change', l);
      return () => q.removeEventListener('change', l);
    },
    () => (query().matches ? 'dark' : 'light'),
  );
}

export function useTheme(): Theme {
  const { theme } = useSettings();
  const system = useSystemTheme();
  const resolved = theme === 'system' ? system : theme;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
  return resolved;
}
