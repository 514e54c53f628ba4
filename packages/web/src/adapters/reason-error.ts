/**
 * A browser adapter's failure with a `reason` from a fixed set, so a screen can say what happened and what to
 * do (`ui/explain-failure.ts` keys its texts by it); the message adds the subject and what the browser said,
 * for the console. Subclasses set `name` themselves: a bundler may rename classes.
 */
export class ReasonError<Reason extends string> extends Error {
  readonly reason: Reason;
  constructor(subject: string, reason: Reason, detail?: string) {
    super(detail ? `${subject}: ${reason} (${detail})` : `${subject}: ${reason}`);
    this.reason = reason;
  }
}
