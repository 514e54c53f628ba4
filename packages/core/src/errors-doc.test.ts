// docs/errors.md and the ERRORS catalogue must list the same codes, in the same order, with the same
// status and message: adding, changing or removing a code without documenting it fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS } from './errors.ts';

const DOC = join(import.meta.dirname, '../../../docs/errors.md');

interface Row {
  code: string;
  status: number;
  message: string;
}

/** The rows of the table under "## Catalogue", up to the next level-2 heading. */
function catalogueRows(markdown: string): Row[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === '## Catalogue');
  if (start < 0) throw new Error('docs/errors.md: expected a "## Catalogue" heading, got none');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const rows: Row[] = [];
  for (const line of section) {
    const m = /^\|\s*`([A-Z0-9_]+)`\s*\|\s*(\d{3})\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (!m) continue;
    rows.push({ code: m[1] as string, status: Number(m[2]), message: (m[3] as string).replaceAll('\\|', '|') });
  }
  return rows;
}

describe('docs/errors.md', () => {
  const rows = catalogueRows(readFileSync(DOC, 'utf8'));
  const catalogue: Row[] = Object.entries(ERRORS).map(([code, e]) => ({ code, status: e.status, message: e.message }));

  it('has a catalogue table', () => {
    expect(rows.length).toBeGreaterThan(0);
  });

  it('lists every code once, none that ERRORS lacks', () => {
    const documented = rows.map((r) => r.code);
    expect(new Set(documented).size, 'a code is listed twice').toBe(documented.length);
    const codes = Object.keys(ERRORS);
    expect(
      codes.filter((c) => !documented.includes(c)),
      'in ERRORS but not in docs/errors.md',
    ).toEqual([]);
    expect(
      documented.filter((c) => !codes.includes(c)),
      'in docs/errors.md but not in ERRORS',
    ).toEqual([]);
  });

  it('gives each code the status and message of ERRORS, in the same order', () => {
    expect(rows).toEqual(catalogue);
  });
});
