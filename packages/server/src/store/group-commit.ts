/**
 * Group commit (DESIGN §8, §12): one fsync costs about as much as writing a thousand rows, so every
 * batch submitted in the same event-loop turn is written by ONE call to `commit` (one transaction).
 * Guarantees:
 * - each submitter's promise settles only after `commit` returned for its batch, i.e. after COMMIT;
 * - batches are committed in submission order and results come back in input order;
 * - the queue is flushed on `setImmediate` (after this turn's I/O callbacks) or at once when it holds
 *   `maxRows` rows, so one turn's burst cannot grow a transaction without bound;
 * - if `commit` throws, every batch in that transaction is rejected with the error (nothing is acked).
 */
interface Pending<In, Out> {
  items: readonly In[];
  resolve(out: Out[]): void;
  reject(error: unknown): void;
}

export class GroupCommit<In, Out> {
  private queue: Pending<In, Out>[] = [];
  private rows = 0;
  private scheduled = false;

  constructor(
    /** Writes all batches in one transaction; returns one result array per batch. */
    private readonly commit: (batches: readonly (readonly In[])[]) => Out[][],
    private readonly maxRows: number,
  ) {}

  submit(items: readonly In[]): Promise<Out[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<Out[]>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.rows += items.length;
      if (this.rows >= this.maxRows) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Commits whatever is queued now (also used on close, so nothing queued is lost). */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.rows = 0;
    let results: Out[][];
    try {
      results = this.commit(batch.map((p) => p.items));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    for (let i = 0; i < batch.length; i++) (batch[i] as Pending<In, Out>).resolve(results[i] as Out[]);
  }
}
