// Acceptance 9 (issue 10): every claim in docs/threat-model.md names a test, and every test it names exists,
// so a claim cannot outlive the test that showed it. The checker is first shown to fail: on a synthetic
// document naming a test that does not exist, a claim naming none, and a section with no "What remains".
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkThreatModel } from './support/threat-model-claims.ts';

const REPO = join(import.meta.dirname, '..');
const DOC = join(REPO, 'docs/threat-model.md');
/** Fewer than this and the document has lost whole adversaries. */
const MIN_CLAIMS = 40;

const inRepo = (path: string) => existsSync(join(REPO, path)) && statSync(join(REPO, path)).isFile();

describe('the threat model’s claims', () => {
  it('the checker fails a document naming a missing test, a claim naming none, or a section with no "What remains"', () => {
    const synthetic = [
      '## 1. Someone',
      '### Claims',
      '- Replays are refused (`e2e/replay.test.ts`).',
      '- Stolen keys open nothing (`e2e/no-such-claim-proof.test.ts`).',
      '- A claim that names no test at all.',
      '### What remains',
      '- Everything else.',
      '## 2. Someone else',
      '### Claims',
      '- Forged envelopes show as forged',
      '  (`e2e/forged-delivery.test.ts`).',
    ].join('\n');
    const result = checkThreatModel(synthetic, inRepo, 5);
    expect(result.claims.map((c) => c.tests)).toEqual([
      ['e2e/replay.test.ts'],
      ['e2e/no-such-claim-proof.test.ts'],
      [],
      ['e2e/forged-delivery.test.ts'],
    ]);
    expect(result.problems).toEqual([
      'line 5: a claim names no test: "A claim that names no test at all."',
      'line 4: `e2e/no-such-claim-proof.test.ts` does not exist',
      'section "2. Someone else" has Claims but no "What remains" heading',
      'expected at least 5 claims, found 4',
    ]);
    // A path a reader could not open from the repository root is refused even where a file of that name exists.
    expect(checkThreatModel('## A\n### Claims\n- x (`replay.test.ts`)\n### What remains\n', inRepo).problems).toEqual([
      'line 3: `replay.test.ts` is not a repo-relative path',
    ]);
    // The control passes when everything it names exists.
    expect(checkThreatModel('## A\n### Claims\n- x (`e2e/replay.test.ts`)\n### What remains\n- y\n', inRepo).problems).toEqual([]);
  });

  it(`docs/threat-model.md: at least ${MIN_CLAIMS} claims, each naming a test that exists`, () => {
    const result = checkThreatModel(readFileSync(DOC, 'utf8'), inRepo, MIN_CLAIMS);
    expect(result.problems).toEqual([]);
    expect(result.claims.length).toBeGreaterThanOrEqual(MIN_CLAIMS);
    expect(result.claims.every((c) => c.tests.length > 0)).toBe(true);
  });
});
