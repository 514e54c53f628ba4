/**
 * The web app's build. `vite build` writes `dist/`, which the relay serves at `/` (`createRelay({ webRoot })`).
 * `vite` (dev) proxies the API and its WebSocket to a relay started with `npx entwine start --port 8787`
 * (or ENTWINE_DEV_RELAY), so the page and the relay share one origin as they do in production.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { releaseManifestPlugin } from './build/release-manifest-plugin.ts';
import { serviceWorkerPlugin } from './build/service-worker-plugin.ts';
import packageJson from './package.json' with { type: 'json' };

const relay = process.env.ENTWINE_DEV_RELAY ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react(), serviceWorkerPlugin(), releaseManifestPlugin(packageJson.version)],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB before gzip; it sits in its own chunk, loaded with the map screen.
    chunkSizeWarningLimit: 1200,
    sourcemap: false,
  },
  server: {
    proxy: {
      '/v1': { target: relay, ws: true, changeOrigin: false },
      '/healthz': { target: relay },
    },
  },
});
