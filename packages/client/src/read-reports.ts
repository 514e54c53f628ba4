/**
 * A device's read positions, reported to the relay (decision 0014 §1): after envelopes of a bond are verified
 * and stored on the device, `report(bondId, cursor)` says so with `POST /v1/bonds/:bondId/read`. Coalesced:
 * at most one request in flight per bond, and when it returns only the newest cursor asked for since is sent
 * (never one request per envelope, never a cursor lower than one already sent). A failed report is not
 * retried by itself: the next `report` of that bond sends the newest cursor again (the relay's position only
 * moves up, so a late or repeated report is harmless). Each answer's `missed` goes to `onAnswer`.
 */
export type SendRead = (bondId: string, cursor: bigint) => Promise<{ cursor: string; missed: number }>;

export class ReadReports {
  /** The newest cursor asked for, per bond. */
  private readonly wanted = new Map<string, bigint>();
  /** The newest cursor the relay took, per bond. */
  private readonly reported = new Map<string, bigint>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly send: SendRead,
    private readonly onAnswer: (bondId: string, missed: number) => void | Promise<void>,
  ) {}

  /** This device has read (and stored) every envelope of the bond up to `cursor`. */
  report(bondId: string, cursor: bigint): void {
    if (cursor <= 0n) return;
    if (cursor > (this.wanted.get(bondId) ?? 0n)) this.wanted.set(bondId, cursor);
    if (!this.inFlight.has(bondId) && this.pendingFor(bondId) !== undefined) this.inFlight.set(bondId, this.run(bondId));
  }

  /** Resolves when no report is in flight (a clean exit, a test). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  private pendingFor(bondId: string): bigint | undefined {
    const wanted = this.wanted.get(bondId);
    return wanted !== undefined && wanted > (this.reported.get(bondId) ?? 0n) ? wanted : undefined;
  }

  private async run(bondId: string): Promise<void> {
    try {
      for (let cursor = this.pendingFor(bondId); cursor !== undefined; cursor = this.pendingFor(bondId)) {
        let answer: { missed: number };
        try {
          answer = await this.send(bondId, cursor);
        } catch {
          return; // offline or refused (e.g. the bond ended): the next report sends the newest cursor again
        }
        this.reported.set(bondId, cursor);
        await this.onAnswer(bondId, answer.missed);
      }
    } finally {
      this.inFlight.delete(bondId);
    }
  }
}
