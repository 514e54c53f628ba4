/**
 * Reads `docs/threat-model.md` the way its readers are promised they can: every claim names a test, and
 * every test it names exists. The format it enforces:
 * - a **claim** is a list item (`- ` at the start of a line, continued by indented lines) under a heading
 *   whose text is exactly `Claims`, up to the next heading;
 * - each claim names at least one test as a backticked, repo-relative path ending in `.test.ts`;
 * - every backticked `*.test.ts` anywhere in the document is such a path and exists in the repository;
 * - every section with a `Claims` heading also has a `What remains` heading: what is not defended.
 */

export interface Claim {
  /** 1-based line of the list item's first line. */
  line: number;
  text: string;
  tests: string[];
}

export interface ClaimsCheck {
  claims: Claim[];
  /** Every problem found, one sentence each; empty when the document keeps its promises. */
  problems: string[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const TEST_PATH = /`([^`\s]+\.test\.ts)`/g;

function testPathsIn(text: string): string[] {
  return [...text.matchAll(TEST_PATH)].map((m) => m[1] as string);
}

/** A path a reader can open from the repository root: relative, forward slashes, no `..`. */
function isRepoRelative(path: string): boolean {
  return path.includes('/') && !path.startsWith('/') && !path.startsWith('./') && !path.split('/').includes('..');
}

/**
 * Checks one threat-model document. `exists` answers whether a repo-relative path is a file in the
 * repository (injected, so the checker can be shown to fail on a synthetic document).
 */
export function checkThreatModel(markdown: string, exists: (repoPath: string) => boolean, minClaims = 1): ClaimsCheck {
  const lines = markdown.split('\n');
  const problems: string[] = [];
  const claims: Claim[] = [];

  // Sections: the `##`-level parts, each with its sub-headings.
  let section = '(before the first section)';
  const sectionHeadings = new Map<string, string[]>();
  let inClaims = false;
  let current: { line: number; parts: string[] } | undefined;
  const finish = () => {
    if (!current) return;
    const text = current.parts.join(' ').replace(/\s+/g, ' ').trim();
    claims.push({ line: current.line, text, tests: testPathsIn(text) });
    current = undefined;
  };

  let fenced = false;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (/^\s*```/.test(raw)) fenced = !fenced;
    if (fenced) return;
    const heading = HEADING.exec(raw);
    if (heading) {
      finish();
      const level = (heading[1] as string).length;
      const title = heading[2] as string;
      if (level <= 2) section = title;
      const list = sectionHeadings.get(section) ?? [];
      list.push(title);
      sectionHeadings.set(section, list);
      inClaims = level > 2 && title === 'Claims';
      return;
    }
    if (!inClaims) return;
    if (/^- /.test(raw)) {
      finish();
      current = { line, parts: [raw.slice(2)] };
    } else if (current && /^\s+\S/.test(raw)) {
      current.parts.push(raw.trim());
    } else if (raw.trim() === '') {
      // A blank line may sit between two items of one list; it ends nothing by itself.
    } else {
      finish();
      problems.push(`line ${line}: text under a Claims heading that is not a list item: "${raw.trim().slice(0, 60)}"`);
    }
  });
  finish();

  for (const claim of claims) {
    if (claim.tests.length === 0) problems.push(`line ${claim.line}: a claim names no test: "${claim.text.slice(0, 80)}"`);
  }

  lines.forEach((raw, i) => {
    for (const path of testPathsIn(raw)) {
      if (!isRepoRelative(path)) problems.push(`line ${i + 1}: \`${path}\` is not a repo-relative path`);
      else if (!exists(path)) problems.push(`line ${i + 1}: \`${path}\` does not exist`);
    }
  });

  for (const [name, headings] of sectionHeadings) {
    if (headings.includes('Claims') && !headings.some((h) => h.startsWith('What remains'))) {
      problems.push(`section "${name}" has Claims but no "What remains" heading`);
    }
  }

  if (claims.length < minClaims) problems.push(`expected at least ${minClaims} claims, found ${claims.length}`);
  return { claims, problems };
}
