/**
 * Store contract, app drops (decision 0019): rules S32–S36 (`drop-store.ts`). Registered by `storeContract`
 * inside its describe block; written against `Store` only.
 */
import { type ContractContext, id, NOW, random } from './store-contract-support.ts';

const sealed = (n: number) => Buffer.from(random.bytes(64 + n)).toString('base64');

export function dropRules(vitest: typeof import('vitest'), t: ContractContext): void {
  const { expect, it } = vitest;
  const seqs = async (dropId: string, after = 0) => (await t.store.readDropPosts(dropId, after, 1000)).posts.map((p) => p.seq);

  it("S32 a drop is its person's: another cannot take its address; its person replaces the token hash", async () => {
    const [dropId, alice, bob] = [id(), id(), id()];
    expect(await t.store.putDrop({ dropId, userId: alice, tokenHash: id(32) }, NOW, 8)).toEqual({ status: 'created' });
    expect(await t.store.putDrop({ dropId, userId: bob, tokenHash: id(32) }, NOW, 8)).toEqual({ status: 'taken' });
    const renewed = id(32);
    expect(await t.store.putDrop({ dropId, userId: alice, tokenHash: renewed }, NOW, 8)).toEqual({ status: 'replaced' });
    expect(await t.store.getDrop(dropId)).toEqual({ dropId, userId: alice, tokenHash: renewed });
    expect(await t.store.listDrops(bob)).toEqual([]);
    expect(await t.store.getDrop(id())).toBeUndefined();
  });

  it('S33 a post is durable once appended, and posts are read back in arrival order, paged', async () => {
    const [dropId, alice] = [id(), id()];
    await t.store.putDrop({ dropId, userId: alice, tokenHash: id(32) }, NOW, 8);
    const data = [sealed(1), sealed(2), sealed(3)];
    const stored = [];
    for (const [i, d] of data.entries()) stored.push(await t.store.appendDropPost(dropId, d, NOW + i, 10));
    expect(stored.map((s) => s.status)).toEqual(['stored', 'stored', 'stored']);
    expect(await t.store.appendDropPost(id(), sealed(0), NOW, 10)).toEqual({ status: 'missing' });
    const store = await t.reopen();
    const first = await store.readDropPosts(dropId, 0, 2);
    expect(first.more).toBe(true);
    expect(first.posts.map((p) => [p.data, p.at])).toEqual([
      [data[0], NOW],
      [data[1], NOW + 1],
    ]);
    const rest = await store.readDropPosts(dropId, first.posts[1]?.seq ?? 0, 2);
    expect([rest.posts.map((p) => p.data), rest.more]).toEqual([[data[2]], false]);
    expect(await store.listDrops(alice)).toEqual([{ dropId, waiting: 3, lastPostAt: NOW + 2 }]);
  });

  it('S34 a full drop refuses one more post and keeps every post it holds', async () => {
    const [dropId, alice] = [id(), id()];
    await t.store.putDrop({ dropId, userId: alice, tokenHash: id(32) }, NOW, 8);
    for (let i = 0; i < 3; i++) await t.store.appendDropPost(dropId, sealed(i), NOW, 3);
    expect(await t.store.appendDropPost(dropId, sealed(9), NOW, 3)).toEqual({ status: 'full' });
    expect(await seqs(dropId)).toHaveLength(3);
    // Collecting makes room again.
    await t.store.ackDropPosts(dropId, (await seqs(dropId))[0] ?? 0);
    expect((await t.store.appendDropPost(dropId, sealed(9), NOW, 3)).status).toBe('stored');
  });

  it('S35 an acknowledgement deletes exactly the posts up to its seq, of that drop only; a seq is never given twice', async () => {
    const [one, two, alice] = [id(), id(), id()];
    await t.store.putDrop({ dropId: one, userId: alice, tokenHash: id(32) }, NOW, 8);
    await t.store.putDrop({ dropId: two, userId: alice, tokenHash: id(32) }, NOW, 8);
    for (let i = 0; i < 4; i++) {
      await t.store.appendDropPost(one, sealed(i), NOW, 10);
      await t.store.appendDropPost(two, sealed(i), NOW, 10);
    }
    const [, second, third] = await seqs(one);
    expect(await t.store.ackDropPosts(one, second ?? 0)).toBe(2);
    expect(await t.store.ackDropPosts(one, second ?? 0)).toBe(0);
    expect((await seqs(one))[0]).toBe(third);
    expect(await seqs(two)).toHaveLength(4);
    const all = await seqs(one);
    await t.store.ackDropPosts(one, all.at(-1) ?? 0);
    const next = await t.store.appendDropPost(one, sealed(5), NOW, 10);
    expect(next.status === 'stored' && next.seq > (all.at(-1) ?? 0)).toBe(true);
    expect(await t.store.listDrops(alice)).toEqual(
      [
        { dropId: one, waiting: 1, lastPostAt: NOW },
        { dropId: two, waiting: 4, lastPostAt: NOW },
      ].sort((a, b) => (a.dropId < b.dropId ? -1 : 1)),
    );
  });

  it('S36 a person has at most maxDrops drops', async () => {
    const alice = id();
    for (let i = 0; i < 2; i++)
      expect((await t.store.putDrop({ dropId: id(), userId: alice, tokenHash: id(32) }, NOW, 2)).status).toBe('created');
    expect(await t.store.putDrop({ dropId: id(), userId: alice, tokenHash: id(32) }, NOW, 2)).toEqual({ status: 'too-many' });
    expect((await t.store.putDrop({ dropId: id(), userId: id(), tokenHash: id(32) }, NOW, 2)).status).toBe('created');
  });
}
