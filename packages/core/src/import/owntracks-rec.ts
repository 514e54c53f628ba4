/**
 * The OwnTracks Recorder's `.rec` file as a stream: one message a line, `ISO-time` TAB `topic` TAB `JSON`
 * (older files pad with runs of spaces instead of TABs, so the JSON is read from the line's first `{`).
 * Only `_type: "location"` messages are points; transitions, waypoints, lwt and the rest are not points and
 * are passed over without being counted.
 *
 * Guarantees:
 * - memory is bounded by the piece fed plus one line: a line longer than MAX_REC_LINE_CHARS is a fault;
 * - a line that is not a record (no JSON object, or JSON that does not parse) stops reading there, with its
 *   offset, line and column; every point before it is kept, nothing after;
 * - the fix's time is its `tst` (Unix seconds, when the fix was taken), not the line's time, which is when
 *   the recorder stored it; `vel` is km/h and becomes m/s; `acc`, `alt`, `vel` and `cog` are left out by
 *   OwnTracks when zero, and a value out of range is left out here (the point is kept);
 * - a `tst` repeated on another line is handed on again: dropping duplicates is the caller's (`fixKey`).
 */

import { within } from '../trackers/tracker-fields.ts';
import { emptyReport, type FixParser, IMPORT_REJECTIONS, type ImportedFix, type ImportFault, type ImportReport } from './fix-source.ts';

/** OwnTracks lines are a few hundred characters; a megabyte-long "line" is not a record file. */
export const MAX_REC_LINE_CHARS = 65_536;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function owntracksRecParser(): FixParser {
  const report: ImportReport = emptyReport('owntracks');
  let pending = '';
  /** Characters (and lines) before `pending`. */
  let offset = 0;
  let line = 1;
  let fault: ImportFault | undefined;

  const fail = (message: string, column = 0) => {
    fault = { message, offset: offset + column, line, column };
  };

  function readLine(text: string, out: ImportedFix[]): void {
    if (text.trim() === '') return;
    const brace = text.indexOf('{');
    if (brace < 0) {
      fail('owntracks: expected a record line (time, topic, JSON), got no JSON object');
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(text.slice(brace));
    } catch {
      fail('owntracks: expected JSON after the topic, got text that does not parse', brace);
      return;
    }
    if (typeof msg !== 'object' || msg === null || (msg as { _type?: unknown })._type !== 'location') return;
    const m = msg as Record<string, unknown>;
    report.read++;
    const lat = within(num(m.lat), -90, 90);
    const lon = within(num(m.lon), -180, 180);
    if (lat === undefined || lon === undefined) return void report.rejected[IMPORT_REJECTIONS.badCoordinates]++;
    if (m.tst === undefined) return void report.rejected[IMPORT_REJECTIONS.noTime]++;
    const tst = num(m.tst);
    if (tst === undefined || tst < 0 || tst * 1000 > 8.64e15) return void report.rejected[IMPORT_REJECTIONS.badTime]++;
    const fix: ImportedFix = { time: Math.round(tst * 1000), lat, lon };
    const acc = within(num(m.acc), 0, 100_000);
    const ele = within(num(m.alt), -10_000, 100_000);
    const vel = within(num(m.vel), 0, 36_000);
    const course = within(num(m.cog), 0, 360);
    if (acc !== undefined) fix.acc = acc;
    if (ele !== undefined) fix.ele = ele;
    if (vel !== undefined) fix.speed = vel / 3.6;
    if (course !== undefined) fix.course = course;
    report.kept++;
    out.push(fix);
  }

  function take(final: boolean): ImportedFix[] {
    const out: ImportedFix[] = [];
    let start = 0;
    let nl = pending.indexOf('\n');
    while (nl >= 0) {
      readLine(pending.slice(start, nl), out);
      if (fault) return out;
      offset += nl + 1 - start;
      line++;
      start = nl + 1;
      nl = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    if (pending.length > MAX_REC_LINE_CHARS) fail(`owntracks: expected a line of at most ${MAX_REC_LINE_CHARS} characters, got more`);
    else if (final) {
      readLine(pending, out);
      pending = '';
    }
    return out;
  }

  return {
    feed(chunk) {
      if (fault) return [];
      pending += chunk;
      return take(false);
    },
    end() {
      return fault ? [] : take(true);
    },
    report() {
      return { ...report, rejected: { ...report.rejected }, ...(fault ? { fault } : {}) };
    },
  };
}
