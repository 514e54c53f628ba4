#!/usr/bin/env node
// The workspace ships TypeScript sources (docs/decisions/0001-run-typescript-sources.md):
// tsx registers a loader so `npx entwine` runs them without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
