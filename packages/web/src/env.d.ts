/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** True only in the whole-system tests' build (`vite build --mode e2e`, see vite.config.ts); false in a release. */
  readonly ENTWINE_TEST_HOOKS: boolean;
}
