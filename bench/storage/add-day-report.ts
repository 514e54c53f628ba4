/**
 * What `npm run bench:history` measures (`add-day.ts`) and how it is printed: one column per history size, side
 * by side; times as the median with min–max (a shared machine gives long tails), bytes as the median.
 */

/** One day added (or an old day sealed again), and the reads of it after. */
export interface AddedDay {
  sealMs: number;
  /** The derive alone, as the seal does it (the day before's state record read, detectDay, settle). */
  deriveMs: number;
  /** Stays and trips derived for the day. */
  stays: number;
  trips: number;
  chunkPostMs: number[];
  relayWritten: number;
  relayWal: number;
  relayGrowth: number;
  devicePut: number;
  deviceBatches: number;
  deviceUpdates: number;
  deviceWal: number;
  fetchMs: number[];
  fetchBytes: number;
  fetchGetMs: number[];
  vaultReadMs: number[];
}

export interface SizeResult {
  days: number;
  seedSeconds: number;
  relayChunks: number;
  relayFile: number;
  deviceRecords: number;
  deviceFile: number;
  /** The newest days, one after the other. */
  added: AddedDay[];
  /** Days from the middle of the history, sealed again with all their fixes. */
  old: AddedDay[];
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US').replaceAll(',', ' ');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

type Cell = (r: SizeResult) => string;
type Measure = (a: AddedDay) => number | number[];

export function printTable(results: SizeResult[], counts: { added: number; old: number }): void {
  const row = (label: string, cell: Cell) => console.log(`${label.padEnd(58)}${results.map((r) => cell(r).padStart(24)).join('')}`);
  row('history', (r) => `${r.days} days`);
  row('  relay: chunks seeded, database file', (r) => `${r.relayChunks}, ${(r.relayFile / 1e6).toFixed(1)} MB`);
  row('  device: trail records seeded, device.db', (r) => `${fmt(r.deviceRecords)}, ${(r.deviceFile / 1e6).toFixed(1)} MB`);
  console.log(
    `adding the newest day (the day-end seal: derive stays/trips, vault + bond chunk + notice, pack), median of ${counts.added} days`,
  );
  for (const [label, cell] of block((r) => r.added)) row(label, cell);
  console.log(`adding an old day (from the middle of the history, as an import does), median of ${counts.old} days`);
  for (const [label, cell] of block((r) => r.old)) row(label, cell);
}

function block(pick: (r: SizeResult) => AddedDay[]): [string, Cell][] {
  const all = (f: Measure) => (r: SizeResult) => pick(r).flatMap((a) => f(a));
  const med = (f: Measure) => (r: SizeResult) => median(all(f)(r));
  const ms =
    (f: Measure): Cell =>
    (r) => {
      const xs = all(f)(r);
      return `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    };
  const bytes =
    (f: Measure): Cell =>
    (r) =>
      `${fmt(med(f)(r))} B`;
  return [
    ['  seal on the device, end to end (derive, 2 chunks, pack)', ms((a) => a.sealMs)],
    ['  of which: derive stays/trips (timed apart, same work)', ms((a) => a.deriveMs)],
    ['  stays, trips derived for the day', (r) => `${med((a) => a.stays)(r)}, ${med((a) => a.trips)(r)}`],
    ['  relay: POST /v1/chunks round trip (each)', ms((a) => a.chunkPostMs)],
    ['  relay: bytes written to storage (/proc/<pid>/io)', bytes((a) => a.relayWritten)],
    ['  relay: WAL appended by the seal', bytes((a) => a.relayWal)],
    ['  relay: database growth (WAL checkpointed)', bytes((a) => a.relayGrowth)],
    ['  device: values put (kind + id + value)', bytes((a) => a.devicePut)],
    ['  device: writes (batches + updates)', (r) => `${med((a) => a.deviceBatches)(r)} + ${med((a) => a.deviceUpdates)(r)}`],
    ['  device: device.db-wal appended by the seal', bytes((a) => a.deviceWal)],
    ["  partner: Bob's trailOf('Alice', day, day), end to end", ms((a) => a.fetchMs)],
    ['  partner: its GET /v1/trail round trip', ms((a) => a.fetchGetMs)],
    ['  partner: bytes received (one trail page)', bytes((a) => a.fetchBytes)],
    ["  owner: Alice's trailOf(undefined, day, day) (her vault)", ms((a) => a.vaultReadMs)],
  ];
}
