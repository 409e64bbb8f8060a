// Password hashing runs through this limit (users/password.ts): more than two hashes
// at once held 16 MB each and every thread of libuv's pool.
import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from '../../src/shared/concurrency-limit.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('concurrencyLimit', () => {
  it('runs at most the limit at once, the rest in the order they came, and a failure frees its place', async () => {
    const limit = concurrencyLimit(2);
    const gates = Array.from({ length: 5 }, deferred);
    const started: number[] = [];
    const results = gates.map((gate, i) =>
      limit(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }).catch((error: Error) => error.message),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1]!.reject(new Error('실패'));
    await settle();
    expect(started).toEqual([0, 1, 2]);
    // a newcomer while all places are taken waits behind those already waiting
    const late = limit(async () => {
      started.push(9);
      return 9;
    });
    gates[0]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.resolve();
    gates[3]!.resolve();
    gates[4]!.resolve();
    expect(await Promise.all(results)).toEqual([0, '실패', 2, 3, 4]);
    expect(await late).toBe(9);
    expect(started).toEqual([0, 1, 2, 3, 4, 9]);
  });

  it('refuses a limit below one', () => {
    expect(() => concurrencyLimit(0)).toThrow(RangeError);
  });
});
