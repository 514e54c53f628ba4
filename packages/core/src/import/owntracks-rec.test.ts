/**
 * OwnTracks `.rec` as a stream: the same fixes whatever size the pieces are fed in; the fix's `tst`, not the
 * line's time; `vel` in km/h read as m/s and `acc` kept; only location messages are points; TAB and
 * space-padded lines both read; a line that does not parse stops reading there, keeping what came before.
 * The two files are Dawarich's samples (AGPL-3.0; packages/core/test/fixtures/dawarich/README.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ImportedFix, trailFixOf } from './fix-source.ts';
import { importFormatFor } from './formats.ts';
import { owntracksRecParser } from './owntracks-rec.ts';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/dawarich/owntracks/${name}`, import.meta.url), 'utf8');

function read(text: string, size = text.length) {
  const parser = owntracksRecParser();
  const fixes: ImportedFix[] = [];
  for (let i = 0; i < text.length; i += size) fixes.push(...parser.feed(text.slice(i, i + size)));
  fixes.push(...parser.end());
  return { fixes, report: parser.report() };
}

const line = (json: object, time = '2026-06-01T08:00:00Z') => `${time}\t*                 \t${JSON.stringify(json)}`;

describe('OwnTracks .rec stream', () => {
  it('is chosen by the .rec ending', () => {
    expect(importFormatFor('2024-03.REC')?.name).toBe('owntracks');
  });

  it('reads the 2024 file: its 9 location lines kept, transitions, waypoint and lwt passed over, in pieces or whole', () => {
    const text = fixture('2024-03.rec');
    const whole = read(text);
    expect(whole.report).toEqual({
      format: 'owntracks',
      read: 9,
      kept: 9,
      rejected: { 'bad-coordinates': 0, 'no-time': 0, 'bad-time': 0 },
    });
    for (const size of [1, 7, 100]) expect(read(text, size).fixes).toEqual(whole.fixes);
    expect(whole.fixes[0]).toEqual({ time: 1709283789_000, lat: 52.225, lon: 13.332, acc: 10, ele: 36, speed: 5 / 3.6 });
    expect(trailFixOf(whole.fixes[0] as ImportedFix)).toEqual({
      ts: 1709283789_000,
      lat: 52.225,
      lon: 13.332,
      acc: 10,
      alt: 36,
      speed: 5 / 3.6,
    });
  });

  it('reads the old space-padded file, with its repeated tst handed on (the caller drops duplicates)', () => {
    const { fixes, report } = read(fixture('2023-02_old.rec'));
    expect(report.kept).toBe(10);
    expect(report.fault).toBeUndefined();
    expect(fixes.filter((f) => f.time === 1676918785_000)).toHaveLength(2);
    // vel 0 is left out by nothing here: 0 km/h is 0 m/s.
    expect(fixes[0]).toMatchObject({ time: 1676918782_000, acc: 14, speed: 0 });
  });

  it('takes the fix time from tst, not from the line, and counts bad points by reason', () => {
    const text = [
      line({ _type: 'location', lat: 47.1, lon: 8.5, tst: 1_780_000_000, cog: 90 }, '2030-01-01T00:00:00Z'),
      line({ _type: 'location', lat: 95, lon: 8.5, tst: 1_780_000_001 }),
      line({ _type: 'location', lat: 47.1, lon: 8.5 }),
      line({ _type: 'location', lat: 47.1, lon: 8.5, tst: 'soon' }),
      line({ _type: 'transition', lat: 47.1, lon: 8.5, tst: 1_780_000_002, event: 'leave' }),
      '',
    ].join('\r\n');
    const { fixes, report } = read(text);
    expect(fixes).toEqual([{ time: 1_780_000_000_000, lat: 47.1, lon: 8.5, course: 90 }]);
    expect(report).toEqual({ format: 'owntracks', read: 4, kept: 1, rejected: { 'bad-coordinates': 1, 'no-time': 1, 'bad-time': 1 } });
  });

  it('stops at a line that does not parse, with where, keeping every fix before it', () => {
    const good = line({ _type: 'location', lat: 47.1, lon: 8.5, tst: 1_780_000_000 });
    const text = `${good}\n${good.replace('1780000000', '1780000060')}\n2026-06-01T08:02:00Z\t*\t{"_type":"location","lat":4\n${good}\n`;
    const { fixes, report } = read(text, 5);
    expect(fixes.map((f) => f.time)).toEqual([1_780_000_000_000, 1_780_000_060_000]);
    expect(report.fault).toMatchObject({ line: 3, column: 23, offset: 2 * (good.length + 1) + 23 });
  });

  it('a line that never ends is a fault, not a buffer that grows', () => {
    const parser = owntracksRecParser();
    parser.feed('x'.repeat(70_000));
    expect(parser.report().fault?.message).toMatch(/at most 65536 characters/);
    expect(parser.feed('\n')).toEqual([]);
  });
});
