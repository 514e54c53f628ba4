/**
 * Where the web app's release build is (`npm run build -w @entwine/web` → `packages/web/dist`). Found
 * through the package, not a path relative to this file: the CLI runs as a bundle whose files sit
 * elsewhere than its sources (docs/decisions/0010-cli-runs-a-bundle.md).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function webReleaseBuild(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@entwine/web/package.json')), 'dist');
}
