// Read positions are reported coalesced: one request in flight per bond, the newest cursor wins, a failure is
// sent again by the next report, and every answer's missed count is passed on.
import { describe, expect, it } from 'vitest';
import { ReadReports } from './read-reports.ts';

/** A relay whose read answers the test releases one by one. */
function relay() {
  const calls: { bondId: string; cursor: bigint; answer: (missed: number) => void; fail: () => void }[] = [];
  const send = (bondId: string, cursor: bigint) =>
    new Promise<{ cursor: string; missed: number }>((resolve, reject) => {
      calls.push({
        bondId,
        cursor,
        answer: (missed) => resolve({ cursor: cursor.toString(), missed }),
        fail: () => reject(new Error('offline')),
      });
    });
  return { calls, send };
}

/** Lets queued promise callbacks run until `done` holds (no timer: it fails if it never does). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await Promise.resolve();
  if (!done()) throw new Error('the condition never held');
}

describe('ReadReports', () => {
  it('sends one request per bond at a time, then only the newest cursor asked for meanwhile', async () => {
    const { calls, send } = relay();
    const answers: [string, number][] = [];
    const reads = new ReadReports(send, (bondId, missed) => {
      answers.push([bondId, missed]);
    });
    reads.report('b1', 1n);
    for (let c = 2n; c <= 50n; c++) reads.report('b1', c); // fifty envelopes read while the first report is out
    reads.report('b1', 7n); // never backwards
    reads.report('b2', 4n);
    expect(calls.map((c) => [c.bondId, c.cursor])).toEqual([
      ['b1', 1n],
      ['b2', 4n],
    ]);
    calls[0]?.answer(2);
    await until(() => calls.length === 3);
    expect(calls.map((c) => c.cursor)).toEqual([1n, 4n, 50n]);
    calls[1]?.answer(0);
    calls[2]?.answer(0);
    await reads.settled();
    expect(calls).toHaveLength(3);
    expect(answers).toEqual([
      ['b1', 2],
      ['b2', 0],
      ['b1', 0],
    ]);
    reads.report('b1', 50n); // already taken: nothing to send
    reads.report('b1', 0n);
    expect(calls).toHaveLength(3);
  });

  it('after a failed report, the next report sends the newest cursor again', async () => {
    const { calls, send } = relay();
    const reads = new ReadReports(send, () => undefined);
    reads.report('b1', 9n);
    calls[0]?.fail();
    await reads.settled();
    reads.report('b1', 9n);
    expect(calls.map((c) => c.cursor)).toEqual([9n, 9n]);
    calls[1]?.answer(0);
    await reads.settled();
  });
});
