/**
 * The web app's build. `vite build` writes `dist/`, which the relay serves at `/` (`createRelay({ webRoot })`).
 * `vite` (dev) proxies the API and its WebSocket to a relay started with `npx entwine start --port 8787`
 * (or ENTWINE_DEV_RELAY), so the page and the relay share one origin as they do in production.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
// By path, not by package name: Vite bundles a config's relative imports (TypeScript included) but loads
// packages with plain Node, which cannot run the workspace's .ts sources.
import { placesDatasetPlugin } from '../places/node/places-dataset-plugin.ts';
import { releaseManifestPlugin } from './build/release-manifest-plugin.ts';
import { serviceWorkerPlugin } from './build/service-worker-plugin.ts';
import packageJson from './package.json' with { type: 'json' };

const relay = process.env.ENTWINE_DEV_RELAY ?? 'http://127.0.0.1:8787';

/**
 * `vite build --mode e2e` is the whole-system tests' build (`e2e/support/build-web.ts`): only it defines
 * `import.meta.env.ENTWINE_TEST_HOOKS` true, which keeps the test hooks (the publish tick override); in any
 * other mode the constant is false and the bundler drops that code. It goes to its own folder, so a test run
 * never leaves a test build where the release (`dist/`, what `npm start` serves) belongs.
 */
const TEST_MODE = 'e2e';

export default defineConfig(({ mode }) => ({
  define: { 'import.meta.env.ENTWINE_TEST_HOOKS': JSON.stringify(mode === TEST_MODE) },
  plugins: [react(), placesDatasetPlugin(), serviceWorkerPlugin(), releaseManifestPlugin(packageJson.version)],
  build: {
    outDir: mode === TEST_MODE ? 'dist-e2e' : 'dist',
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
}));
