/**
 * Entry point. The secure-context check runs before anything that needs WebCrypto or IndexedDB is even
 * loaded: opened over plain HTTP from another host, the page says why it cannot work and what to do,
 * instead of failing somewhere inside the cryptography.
 */
import './ui/app.css';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './app/app-update.ts';
import { InsecureOrigin } from './screens/insecure-origin.tsx';
import { UpdateBanner } from './ui/update-banner.tsx';

function secureEnough(): boolean {
  return window.isSecureContext && typeof crypto !== 'undefined' && crypto.subtle !== undefined && typeof indexedDB !== 'undefined';
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html: expected #root, got none');
const root = createRoot(container);

if (!secureEnough()) {
  root.render(<InsecureOrigin origin={location.origin} />);
} else {
  void import('./app/app.tsx').then(({ App }) => root.render(<App />));
  if (import.meta.env.PROD && 'serviceWorker' in navigator) {
    // Above the app, on every screen (even a locked one): a new version waits for the person's yes.
    const bar = document.createElement('div');
    document.body.prepend(bar);
    createRoot(bar).render(<UpdateBanner />);
    window.addEventListener('load', registerServiceWorker);
  }
}
