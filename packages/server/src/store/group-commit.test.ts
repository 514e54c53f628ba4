import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

function recorder(maxRows: number, fail?: (batches: readonly (readonly number[])[]) => boolean) {
  const commits: number[][][] = [];
  const gc = new GroupCommit<number, string>((batches) => {
    if (fail?.(batches)) throw new Error('disk full');
    commits.push(batches.map((b) => [...b]));
    return batches.map((b) => b.map((n) => `ok ${n}`));
  }, maxRows);
  return { gc, commits };
}

describe('GroupCommit', () => {
  it('commits every batch submitted in one turn in one transaction, results in order', async () => {
    const { gc, commits } = recorder(1024);
    const a = gc.submit([1, 2]);
    const b = gc.submit([3]);
    expect(commits).toEqual([]); // nothing is committed (or acked) before the turn ends
    expect(await Promise.all([a, b])).toEqual([['ok 1', 'ok 2'], ['ok 3']]);
    expect(commits).toEqual([[[1, 2], [3]]]);
    await gc.submit([4]);
    expect(commits).toHaveLength(2);
  });

  it('flushes at once when the queue reaches its bound', async () => {
    const { gc, commits } = recorder(3);
    const a = gc.submit([1, 2]);
    const b = gc.submit([3, 4]);
    expect(commits).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    const c = gc.submit([5]);
    expect(commits).toHaveLength(1);
    await Promise.all([a, b, c]);
    expect(commits).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [[5]],
    ]);
  });

  it('rejects every batch of a failed transaction and none of the next', async () => {
    let failing = true;
    const { gc } = recorder(1024, () => failing);
    const a = gc.submit([1]);
    const b = gc.submit([2]);
    await expect(a).rejects.toThrow('disk full');
    await expect(b).rejects.toThrow('disk full');
    failing = false;
    expect(await gc.submit([3])).toEqual(['ok 3']);
  });

  it('an empty batch resolves without a transaction', async () => {
    const { gc, commits } = recorder(1024);
    expect(await gc.submit([])).toEqual([]);
    expect(commits).toEqual([]);
  });
});
