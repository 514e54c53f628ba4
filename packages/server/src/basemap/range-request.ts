/**
 * What to answer a GET or HEAD for a file served by byte ranges (RFC 9110 §13.2.2, §14), decided from the
 * request headers alone. Guarantees:
 * - `If-None-Match` (weak comparison, or `*`) and, without it, `If-Modified-Since` answer 304;
 * - `Range: bytes=a-b | a- | -n` answers 206 with that one range, the end clamped to the file;
 * - `If-Range` keeps the range only when it names this file's strong ETag exactly, or its Last-Modified date
 *   exactly (§13.1.5); anything else (another ETag, a weak one, another date) answers the whole file, 200;
 * - a range set that is malformed, or none of whose ranges starts inside the file, answers 416 (the caller
 *   adds a Content-Range that names the file's size);
 * - several ranges answer only the first satisfiable one, as a single-part 206 (its Content-Range says which):
 *   no map client asks for several, and answering "200, the whole file" instead could mean sending a
 *   100 GB planet archive to a client that asked for two tiles;
 * - a unit other than `bytes` is ignored (§14.2: the whole file, 200).
 * `If-Match` and `If-Unmodified-Since` are not evaluated: the file never changes while the relay runs.
 */

export type RangeDecision =
  | { status: 304 }
  | { status: 200; start: 0; end: number }
  | { status: 206; start: number; end: number }
  | { status: 416 };

export interface RangeRequestHeaders {
  range?: string | undefined;
  'if-range'?: string | undefined;
  'if-none-match'?: string | undefined;
  'if-modified-since'?: string | undefined;
}

export interface RepresentationValidators {
  size: number;
  /** The strong ETag, quotes included: `"abc"`. */
  etag: string;
  lastModified: Date;
}

/** At most this many ranges are read from one header; more is refused as malformed (a cheap bound on work). */
const MAX_RANGE_SPECS = 100;

type ParsedRanges =
  | { kind: 'ignore' }
  | { kind: 'malformed' }
  | { kind: 'ranges'; specs: { first?: number; last?: number; suffix?: number }[] };

function parseRangeHeader(value: string): ParsedRanges {
  const eq = value.indexOf('=');
  if (eq < 0) return { kind: 'malformed' };
  const unit = value.slice(0, eq).trim().toLowerCase();
  if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(unit)) return { kind: 'malformed' };
  if (unit !== 'bytes') return { kind: 'ignore' };
  const parts = value
    .slice(eq + 1)
    .split(',')
    .map((p) => p.trim());
  if (parts.length > MAX_RANGE_SPECS) return { kind: 'malformed' };
  const specs: { first?: number; last?: number; suffix?: number }[] = [];
  for (const part of parts) {
    // Empty list elements are allowed by the list syntax (RFC 9110 §5.6.1), but a list of nothing is not.
    if (part === '') continue;
    const m = /^(\d{0,16})-(\d{0,16})$/.exec(part);
    if (!m) return { kind: 'malformed' };
    const [, a = '', b = ''] = m;
    if (a === '' && b === '') return { kind: 'malformed' };
    if (a === '') specs.push({ suffix: Number(b) });
    else if (b === '') specs.push({ first: Number(a) });
    else {
      const first = Number(a);
      const last = Number(b);
      if (last < first) return { kind: 'malformed' };
      specs.push({ first, last });
    }
  }
  return specs.length === 0 ? { kind: 'malformed' } : { kind: 'ranges', specs };
}

/** The first satisfiable range as [start, end] inclusive, or undefined when none is. */
function firstSatisfiable(specs: { first?: number; last?: number; suffix?: number }[], size: number): [number, number] | undefined {
  for (const s of specs) {
    if (s.suffix !== undefined) {
      if (s.suffix > 0 && size > 0) return [Math.max(0, size - s.suffix), size - 1];
      continue;
    }
    const first = s.first as number;
    if (first < size) return [first, Math.min(s.last ?? size - 1, size - 1)];
  }
  return undefined;
}

function etagList(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/** HTTP dates carry whole seconds; a file's mtime has milliseconds. */
const seconds = (ms: number) => Math.floor(ms / 1000);

/** `If-None-Match` by weak comparison (RFC 9110 §8.8.3.2, W/ ignored on both sides), or `*`. */
export function ifNoneMatchHolds(value: string, etag: string): boolean {
  return value.trim() === '*' || etagList(value).some((t) => opaque(t) === opaque(etag));
}

function notModified(headers: RangeRequestHeaders, v: RepresentationValidators): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return ifNoneMatchHolds(inm, v.etag);
  const ims = headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && seconds(v.lastModified.getTime()) <= seconds(since);
}

function ifRangeHolds(value: string, v: RepresentationValidators): boolean {
  const trimmed = value.trim();
  // Strong comparison (§13.1.5): a weak tag never matches, even with the same opaque part.
  if (trimmed.startsWith('"') || trimmed.startsWith('W/')) return trimmed === v.etag;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) && seconds(date) === seconds(v.lastModified.getTime());
}

export function decideRange(headers: RangeRequestHeaders, v: RepresentationValidators): RangeDecision {
  if (notModified(headers, v)) return { status: 304 };
  const whole = { status: 200 as const, start: 0 as const, end: v.size - 1 };
  const range = headers.range;
  if (range === undefined) return whole;
  const ifRange = headers['if-range'];
  if (ifRange !== undefined && !ifRangeHolds(ifRange, v)) return whole;
  const parsed = parseRangeHeader(range);
  if (parsed.kind === 'ignore') return whole;
  if (parsed.kind === 'malformed') return { status: 416 };
  const hit = firstSatisfiable(parsed.specs, v.size);
  return hit ? { status: 206, start: hit[0], end: hit[1] } : { status: 416 };
}
