import { describe, expect, it } from 'vitest';
import { GroupWrite } from '../../server/src/adapters/postgres/group-write';

/** A write the test finishes by hand, so the batches can be seen. */
function controlledWrites() {
  const batches: { items: readonly number[]; finish: () => void; fail: (err: Error) => void }[] = [];
  const write = (items: readonly number[]) =>
    new Promise<void>((finish, fail) => {
      batches.push({ items: [...items], finish, fail });
    });
  return { batches, group: new GroupWrite<number>(write) };
}

const settled = async (p: Promise<unknown>) => {
  let state = 'pending';
  p.then(
    () => (state = 'fulfilled'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return state;
};

describe('GroupWrite (group commit of small writes)', () => {
  it('writes the first item at once and everything that arrives meanwhile in one next write', async () => {
    const { batches, group } = controlledWrites();
    const first = group.add(1);
    expect(batches.map((b) => b.items)).toEqual([[1]]);
    const second = group.add(2);
    const third = group.add(3, 4);
    expect(batches).toHaveLength(1);
    expect(await settled(second)).toBe('pending');

    batches[0]!.finish();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4]]);
    expect(await settled(second)).toBe('pending');
    batches[1]!.finish();
    await Promise.all([second, third]);
  });

  it('a failed write fails only its own callers; the next batch is still written', async () => {
    const { batches, group } = controlledWrites();
    const first = group.add(1);
    const second = group.add(2);
    batches[0]!.fail(new Error('database down'));
    await expect(first).rejects.toThrow('database down');
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches.map((b) => b.items)).toEqual([[1], [2]]);
    batches[1]!.finish();
    await expect(second).resolves.toBeUndefined();
    // Idle again: the next item is written at once.
    void group.add(5);
    expect(batches.map((b) => b.items)).toEqual([[1], [2], [5]]);
    batches[2]!.finish();
  });

  it('adding nothing writes nothing', async () => {
    const { batches, group } = controlledWrites();
    await group.add();
    expect(batches).toHaveLength(0);
  });
});
