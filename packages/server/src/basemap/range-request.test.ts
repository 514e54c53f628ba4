import { describe, expect, it } from 'vitest';
import { decideRange, type RangeRequestHeaders } from './range-request.ts';

const v = { size: 1000, etag: '"v1"', lastModified: new Date('2026-01-02T03:04:05.678Z') };
const decide = (headers: RangeRequestHeaders) => decideRange(headers, v);

describe('decideRange', () => {
  it('answers the whole file without a Range', () => {
    expect(decide({})).toEqual({ status: 200, start: 0, end: 999 });
  });

  it('answers one closed, open-ended or suffix range with 206, clamping the end to the file', () => {
    expect(decide({ range: 'bytes=0-126' })).toEqual({ status: 206, start: 0, end: 126 });
    expect(decide({ range: 'bytes=990-' })).toEqual({ status: 206, start: 990, end: 999 });
    expect(decide({ range: 'bytes=-10' })).toEqual({ status: 206, start: 990, end: 999 });
    expect(decide({ range: 'bytes=-5000' })).toEqual({ status: 206, start: 0, end: 999 });
    expect(decide({ range: 'bytes=500-99999' })).toEqual({ status: 206, start: 500, end: 999 });
    expect(decide({ range: 'bytes=999-999' })).toEqual({ status: 206, start: 999, end: 999 });
    expect(decide({ range: 'Bytes = 1-2' })).toEqual({ status: 206, start: 1, end: 2 });
  });

  it('answers 416 for a range that starts past the end, a zero suffix, and malformed sets', () => {
    for (const range of [
      'bytes=1000-',
      'bytes=999999999-',
      'bytes=-0',
      'bytes=5-4',
      'bytes=abc',
      'bytes=1-2-3',
      'bytes=',
      'bytes=-',
      'bytes=,',
      'bytes 0-10',
      'bytes=0x10-20',
      'bytes=+1-2',
      `bytes=${'0-1,'.repeat(101)}`,
    ]) {
      expect(decide({ range }), range).toEqual({ status: 416 });
    }
  });

  it('answers only the first satisfiable range of several', () => {
    expect(decide({ range: 'bytes=0-9, 20-29' })).toEqual({ status: 206, start: 0, end: 9 });
    expect(decide({ range: 'bytes=5000-6000, 20-29' })).toEqual({ status: 206, start: 20, end: 29 });
  });

  it('ignores a unit other than bytes', () => {
    expect(decide({ range: 'items=0-5' })).toEqual({ status: 200, start: 0, end: 999 });
  });

  it('keeps the range when If-Range names the strong ETag or the exact Last-Modified date', () => {
    expect(decide({ range: 'bytes=0-9', 'if-range': '"v1"' })).toEqual({ status: 206, start: 0, end: 9 });
    expect(decide({ range: 'bytes=0-9', 'if-range': v.lastModified.toUTCString() })).toEqual({ status: 206, start: 0, end: 9 });
  });

  it('answers the whole file when If-Range names another ETag, a weak one, or another date', () => {
    for (const ifRange of ['"v2"', 'W/"v1"', new Date('2026-01-02T03:04:06Z').toUTCString(), 'not a date']) {
      expect(decide({ range: 'bytes=0-9', 'if-range': ifRange }), ifRange).toEqual({ status: 200, start: 0, end: 999 });
    }
    // A stale If-Range makes even an unsatisfiable range the whole file: the client's copy is of another file.
    expect(decide({ range: 'bytes=5000-', 'if-range': '"v2"' })).toEqual({ status: 200, start: 0, end: 999 });
  });

  it('answers 304 for If-None-Match (weak comparison, lists, *) and If-Modified-Since, before any range', () => {
    expect(decide({ 'if-none-match': '"v1"', range: 'bytes=0-9' })).toEqual({ status: 304 });
    expect(decide({ 'if-none-match': 'W/"v1"' })).toEqual({ status: 304 });
    expect(decide({ 'if-none-match': '"x", "v1"' })).toEqual({ status: 304 });
    expect(decide({ 'if-none-match': '*' })).toEqual({ status: 304 });
    expect(decide({ 'if-none-match': '"v2"' })).toEqual({ status: 200, start: 0, end: 999 });
    expect(decide({ 'if-modified-since': v.lastModified.toUTCString() })).toEqual({ status: 304 });
    expect(decide({ 'if-modified-since': new Date('2026-01-01T00:00:00Z').toUTCString() })).toEqual({ status: 200, start: 0, end: 999 });
    // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
    expect(decide({ 'if-none-match': '"v2"', 'if-modified-since': v.lastModified.toUTCString() })).toEqual({
      status: 200,
      start: 0,
      end: 999,
    });
  });
});
