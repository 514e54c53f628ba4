/**
 * App drops (decision 0019): boxes on the relay where a tracker app that seals its own payloads (OwnTracks'
 * encrypted mode, secretbox under a key the relay never sees) posts straight, for the person's bridge to
 * collect and acknowledge. Guarantees (rule ids as in `store-contract.ts`):
 * - S32 a drop belongs to the person who made it; another person can neither take its address nor read it;
 *   setting it again by its person replaces the token hash (the old token stops at once);
 * - S33 a post is stored durably before `appendDropPost` resolves; posts are read back in arrival order;
 * - S34 a drop holds at most `maxWaiting` posts: one more is refused `full`, never stored in place of another;
 * - S35 an acknowledgement deletes exactly the posts up to its seq, and its pages leave the files (S30);
 * - S36 a person has at most `maxDrops` drops; removing a person's device list does not touch them.
 * Storage is bounded by drops × maxWaiting × the post size cap, whatever the apps send.
 */

export interface DropRecord {
  dropId: string;
  userId: string;
  /** SHA-256 of the app's token, base64url; the token itself is never stored. */
  tokenHash: string;
}

export type PutDropResult = { status: 'created' | 'replaced' } | { status: 'taken' } | { status: 'too-many' };

export type AppendDropResult = { status: 'stored'; seq: number } | { status: 'full' } | { status: 'missing' };

export interface DropPost {
  seq: number;
  /** The sealed payload as the app posted it (standard base64). */
  data: string;
  /** When the relay stored it (Unix ms, its clock). */
  at: number;
}

export interface DropSummary {
  dropId: string;
  waiting: number;
  /** When the newest waiting or acknowledged post came; null: none yet. */
  lastPostAt: number | null;
}

export interface DropStore {
  putDrop(drop: DropRecord, createdAt: number, maxDrops: number): Promise<PutDropResult>;
  getDrop(dropId: string): Promise<DropRecord | undefined>;
  listDrops(userId: string): Promise<DropSummary[]>;
  appendDropPost(dropId: string, data: string, at: number, maxWaiting: number): Promise<AppendDropResult>;
  /** Posts with `seq > after`, at most `limit`; `more`: others follow. */
  readDropPosts(dropId: string, after: number, limit: number): Promise<{ posts: DropPost[]; more: boolean }>;
  /** Deletes the posts with `seq ≤ upTo`; answers how many. */
  ackDropPosts(dropId: string, upTo: number): Promise<number>;
}
