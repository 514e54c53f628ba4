/**
 * The DropStore half of the SQLite store (`drop-store.ts` states the rules S32–S36). Each write is one
 * transaction, committed with `synchronous = FULL` before its promise resolves; an acknowledgement's deleted
 * pages are zeroed and handed back like any other delete (`sqlite-reclaim.ts`).
 */
import type Database from 'better-sqlite3';
import type { AppendDropResult, DropPost, DropRecord, DropSummary, PutDropResult } from './drop-store.ts';
import type { SqliteReclaim } from './sqlite-reclaim.ts';

interface DropRow {
  drop_id: string;
  user_id: string;
  token_hash: string;
}

function dropStatements(db: Database.Database) {
  return {
    drop: db.prepare<[string], DropRow>('SELECT drop_id, user_id, token_hash FROM drops WHERE drop_id = ?'),
    countOf: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM drops WHERE user_id = ?'),
    insert: db.prepare<[string, string, string, number]>(
      'INSERT INTO drops (drop_id, user_id, token_hash, created_at, last_post_at) VALUES (?, ?, ?, ?, NULL)',
    ),
    setToken: db.prepare<[string, string]>('UPDATE drops SET token_hash = ? WHERE drop_id = ?'),
    list: db.prepare<[string], { drop_id: string; last_post_at: number | null; waiting: number }>(
      `SELECT d.drop_id, d.last_post_at, (SELECT count(*) FROM drop_posts p WHERE p.drop_id = d.drop_id) AS waiting
       FROM drops d WHERE d.user_id = ? ORDER BY d.created_at, d.drop_id`,
    ),
    waiting: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM drop_posts WHERE drop_id = ?'),
    append: db.prepare<[string, string, number]>('INSERT INTO drop_posts (drop_id, data, stored_at) VALUES (?, ?, ?)'),
    touch: db.prepare<[number, string]>('UPDATE drops SET last_post_at = ? WHERE drop_id = ?'),
    posts: db.prepare<[string, number, number], { seq: number; data: string; stored_at: number }>(
      'SELECT seq, data, stored_at FROM drop_posts WHERE drop_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    ack: db.prepare<[string, number]>('DELETE FROM drop_posts WHERE drop_id = ? AND seq <= ?'),
  };
}

export class SqliteDrops {
  private readonly q: ReturnType<typeof dropStatements>;
  private readonly put: (drop: DropRecord, createdAt: number, maxDrops: number) => PutDropResult;
  private readonly append: (dropId: string, data: string, at: number, maxWaiting: number) => AppendDropResult;

  constructor(
    db: Database.Database,
    private readonly reclaim: SqliteReclaim,
  ) {
    const q = dropStatements(db);
    this.q = q;
    this.put = db.transaction((drop: DropRecord, createdAt: number, maxDrops: number): PutDropResult => {
      const stored = q.drop.get(drop.dropId);
      if (stored && stored.user_id !== drop.userId) return { status: 'taken' };
      if (stored) {
        q.setToken.run(drop.tokenHash, drop.dropId);
        return { status: 'replaced' };
      }
      if ((q.countOf.get(drop.userId)?.n ?? 0) >= maxDrops) return { status: 'too-many' };
      q.insert.run(drop.dropId, drop.userId, drop.tokenHash, createdAt);
      return { status: 'created' };
    });
    this.append = db.transaction((dropId: string, data: string, at: number, maxWaiting: number): AppendDropResult => {
      if (!q.drop.get(dropId)) return { status: 'missing' };
      if ((q.waiting.get(dropId)?.n ?? 0) >= maxWaiting) return { status: 'full' };
      const seq = Number(q.append.run(dropId, data, at).lastInsertRowid);
      q.touch.run(at, dropId);
      return { status: 'stored', seq };
    });
  }

  putDrop(drop: DropRecord, createdAt: number, maxDrops: number): PutDropResult {
    return this.put(drop, createdAt, maxDrops);
  }

  getDrop(dropId: string): DropRecord | undefined {
    const row = this.q.drop.get(dropId);
    return row ? { dropId: row.drop_id, userId: row.user_id, tokenHash: row.token_hash } : undefined;
  }

  listDrops(userId: string): DropSummary[] {
    return this.q.list.all(userId).map((r) => ({ dropId: r.drop_id, waiting: r.waiting, lastPostAt: r.last_post_at }));
  }

  appendDropPost(dropId: string, data: string, at: number, maxWaiting: number): AppendDropResult {
    return this.append(dropId, data, at, maxWaiting);
  }

  readDropPosts(dropId: string, after: number, limit: number): { posts: DropPost[]; more: boolean } {
    const rows = this.q.posts.all(dropId, after, limit + 1);
    const posts = rows.slice(0, limit).map((r) => ({ seq: r.seq, data: r.data, at: r.stored_at }));
    return { posts, more: rows.length > limit };
  }

  ackDropPosts(dropId: string, upTo: number): number {
    const deleted = this.q.ack.run(dropId, upTo).changes;
    if (deleted > 0) this.reclaim.afterDelete();
    return deleted;
  }
}
