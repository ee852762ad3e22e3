import { retryIdConflicts } from './retry-id-conflicts.ts';

const failing = (codes: string[], result = 'done') => {
  let calls = 0;
  const work = async () => {
    const code = codes[calls];
    calls += 1;
    if (code !== undefined) throw Object.assign(new Error(`failed with ${code}`), { code });
    return result;
  };
  return { work, calls: () => calls };
};

describe('retryIdConflicts', () => {
  it('runs the transaction again after a unique violation or a deadlock, counting each', async () => {
    const { work, calls } = failing(['23505', '40P01']);
    const conflicts: number[] = [];
    await expect(retryIdConflicts(work, (attempt) => conflicts.push(attempt))).resolves.toBe('done');
    expect(calls()).toBe(3);
    expect(conflicts).toEqual([1, 2]);
  });

  it('throws any other error at once', async () => {
    const { work, calls } = failing(['53200']);
    await expect(retryIdConflicts(work, () => undefined)).rejects.toThrow('failed with 53200');
    expect(calls()).toBe(1);
  });

  it('gives up after the last attempt, leaving the batch to the consumer’s own retries', async () => {
    const { work, calls } = failing(['23505', '23505', '23505']);
    await expect(retryIdConflicts(work, () => undefined, 3)).rejects.toThrow('failed with 23505');
    expect(calls()).toBe(3);
  });
});
