import fc from 'fast-check';
import { allocate, createRng, deriveSeed, sampleStratified } from '../../../server/domain/studies/sampling';

type Example = { id: number; proposedLabel: string | null };
const examples = (labels: (string | null)[]): Example[] =>
  labels.map((proposedLabel, id) => ({ id, proposedLabel }));
const repeat = <T>(value: T, n: number): T[] => Array.from({ length: n }, () => value);
const countLabel = (pool: Example[], ids: number[], label: string | null) =>
  ids.filter((id) => pool[id]?.proposedLabel === label).length;

describe('createRng', () => {
  test('the same seed gives the same sequence', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  test('different seeds give different sequences', () => {
    expect(createRng(1)()).not.toBe(createRng(2)());
  });

  test('mulberry32 reference values for seed 0 are reproduced', () => {
    // Reference: the canonical mulberry32 (bryc/code, PRNGs.md) returns 1144304738 / 2^32 first for seed 0.
    expect(createRng(0)()).toBe(1144304738 / 4294967296);
  });

  test('values lie in [0, 1) and are roughly uniform', () => {
    const rng = createRng(7);
    const values = Array.from({ length: 10_000 }, rng);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('deriveSeed', () => {
  test('is deterministic and differs per salt', () => {
    expect(deriveSeed(5, 'dataset-1')).toBe(deriveSeed(5, 'dataset-1'));
    expect(deriveSeed(5, 1)).not.toBe(deriveSeed(5, 2));
    expect(deriveSeed(5, 1)).not.toBe(deriveSeed(6, 1));
  });
});

describe('allocate', () => {
  test('proportional seats with largest remainders: 7 of [5, 3, 2] → [4, 2, 1]', () => {
    // Exact quotas 3.5, 2.1, 1.4: floors 3, 2, 1, the one left seat goes to the largest remainder (0.5).
    expect(allocate([5, 3, 2], 7)).toEqual([4, 2, 1]);
  });

  test('equal remainders go to the larger stratum, then the first seen', () => {
    expect(allocate([1, 3], 2)).toEqual([0, 2]); // 0.5 vs 1.5: remainders tie, larger stratum wins
    expect(allocate([2, 2], 1)).toEqual([1, 0]);
  });

  test('always sums to the size', () => {
    expect(allocate([333, 333, 334], 100).reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('sampleStratified', () => {
  const pool = examples([...repeat(' Yes', 600), ...repeat(' No', 400)]);

  test('60/40 labels give 60/40 of a 100 sample from 1000', () => {
    const ids = sampleStratified(pool, 100, 1);
    expect(ids).toHaveLength(100);
    expect(countLabel(pool, ids, ' Yes')).toBe(60);
    expect(countLabel(pool, ids, ' No')).toBe(40);
  });

  test('the same seed gives the same sample; another seed gives another', () => {
    expect(sampleStratified(pool, 100, 9)).toEqual(sampleStratified(pool, 100, 9));
    expect(sampleStratified(pool, 100, 9)).not.toEqual(sampleStratified(pool, 100, 10));
  });

  test('the sample keeps the original order', () => {
    const ids = sampleStratified(pool, 50, 3);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  test('size 0 gives an empty sample', () => {
    expect(sampleStratified(pool, 0, 1)).toEqual([]);
  });

  test('size at or above n, or "all", gives every id in order', () => {
    const small = examples([' Yes', ' No', null]);
    expect(sampleStratified(small, 3, 1)).toEqual([0, 1, 2]);
    expect(sampleStratified(small, 10, 1)).toEqual([0, 1, 2]);
    expect(sampleStratified(small, 'all', 1)).toEqual([0, 1, 2]);
  });

  test('a single label samples at random within it', () => {
    const one = examples(repeat(' (A)', 300));
    const ids = sampleStratified(one, 30, 4);
    expect(new Set(ids).size).toBe(30);
    expect(ids).not.toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  test('null labels form their own stratum', () => {
    const mixed = examples([...repeat(null, 500), ...repeat(' Yes', 250), ...repeat(' No', 250)]);
    const ids = sampleStratified(mixed, 100, 2);
    expect([null, ' Yes', ' No'].map((label) => countLabel(mixed, ids, label))).toEqual([50, 25, 25]);
  });

  test('string ids are returned as given', () => {
    const withStrings = [' Yes', ' No', ' Yes'].map((proposedLabel, i) => ({ id: `ex-${i}`, proposedLabel }));
    expect(sampleStratified(withStrings, 'all', 1)).toEqual(['ex-0', 'ex-1', 'ex-2']);
  });

  test.each([-1, 1.5, NaN])('an invalid size %p throws a RangeError', (size) => {
    expect(() => sampleStratified(pool, size, 1)).toThrow(RangeError);
  });

  const labelledPool = fc
    .array(fc.constantFrom(' Yes', ' No', ' (A)', null), { maxLength: 300 })
    .map(examples);

  test('property: never more than size, no duplicates, only known ids', () => {
    fc.assert(
      fc.property(labelledPool, fc.nat(400), fc.integer(), (pool, size, seed) => {
        const ids = sampleStratified(pool, size, seed);
        return (
          ids.length === Math.min(size, pool.length) &&
          new Set(ids).size === ids.length &&
          ids.every((id) => id >= 0 && id < pool.length)
        );
      }),
    );
  });

  test('property: deterministic for a seed', () => {
    fc.assert(
      fc.property(labelledPool, fc.nat(400), fc.integer(), (pool, size, seed) => {
        expect(sampleStratified(pool, size, seed)).toEqual(sampleStratified(pool, size, seed));
      }),
    );
  });

  test('property: every stratum gets its floor share and at most one more', () => {
    fc.assert(
      fc.property(labelledPool, fc.nat(400), fc.integer(), (pool, size, seed) => {
        const ids = sampleStratified(pool, size, seed);
        const take = Math.min(size, pool.length);
        for (const label of new Set(pool.map((e) => e.proposedLabel))) {
          const inStratum = pool.filter((e) => e.proposedLabel === label).length;
          const exact = pool.length === 0 ? 0 : (take * inStratum) / pool.length;
          const got = countLabel(pool, ids, label);
          if (got < Math.floor(exact) || got > Math.ceil(exact)) return false;
        }
        return true;
      }),
    );
  });
});
