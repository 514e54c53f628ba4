/**
 * Vitest globalSetup: bundles the CLI once before the tests that spawn it, when the bundle is missing or
 * older than its sources, so no test process pays for (or races on) the build.
 */
import { bundleCli, PACKAGE_DIR } from './bundle.js';
import { freshBundleEntry } from './fresh-bundle.js';

export default async function setup() {
  if (freshBundleEntry(PACKAGE_DIR) === undefined) await bundleCli();
}
