import { countTable, fleissKappa, fleissKappaInterval } from '../../../server/domain/stats';

// Fleiss (1971) worked example as reproduced in Wikipedia's "Fleiss' kappa" article:
// 10 subjects, 14 raters, 5 categories; P̄ = 0.378, P̄e = 0.213, kappa = 0.210.
const FLEISS_EXAMPLE = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

describe('fleissKappa', () => {
  it('gives 0.210 on the Fleiss (1971) / Wikipedia worked example', () => {
    expect(fleissKappa(FLEISS_EXAMPLE)).toEqual({ value: expect.closeTo(0.21, 3), n: 10 });
  });

  it('gives 1 for perfect agreement when more than one category is used', () => {
    expect(
      fleissKappa([
        [3, 0],
        [0, 3],
        [3, 0],
      ]).value,
    ).toBeCloseTo(1, 10);
  });

  it('is undefined when only one category is ever used (chance agreement is 1)', () => {
    const stat = fleissKappa([
      [3, 0],
      [3, 0],
    ]);
    expect(stat).toEqual({ value: null, reason: expect.stringContaining('chance agreement is 1'), n: 2 });
  });

  it('is undefined with one rater per subject', () => {
    expect(
      fleissKappa([
        [1, 0],
        [0, 1],
      ]),
    ).toMatchObject({ value: null, reason: 'fewer than two judgments per example' });
  });

  it('is undefined when subjects have different numbers of raters', () => {
    expect(
      fleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toMatchObject({ value: null, reason: expect.stringContaining('different numbers') });
  });

  it('is undefined for an empty table', () => {
    expect(fleissKappa([])).toMatchObject({ value: null, reason: 'no examples judged' });
  });

  it('gives a negative kappa when raters systematically split', () => {
    // Every subject split 1–1 while both categories are equally common: P̄ = 0, P̄e = 0.5 → −1.
    expect(
      fleissKappa([
        [1, 1],
        [1, 1],
      ]).value,
    ).toBeCloseTo(-1, 10);
  });

  it('throws on ragged rows or negative counts', () => {
    expect(() => fleissKappa([[1, 2], [3]])).toThrow(RangeError);
    expect(() => fleissKappa([[-1, 4]])).toThrow(RangeError);
  });
});

describe('countTable', () => {
  it("counts each subject's answers per category, categories sorted by default", () => {
    expect(
      countTable([
        ['Yes', 'Yes', 'No'],
        ['No', 'No', 'No'],
      ]),
    ).toEqual([
      [1, 2],
      [3, 0],
    ]);
  });

  it('keeps given categories even when unused, in the given order', () => {
    expect(countTable([['(A)', '(A)']], ['(A)', '(B)', '(C)'])).toEqual([[2, 0, 0]]);
  });

  it('throws on an answer outside the given categories', () => {
    expect(() => countTable([['(D)']], ['(A)'])).toThrow(RangeError);
  });
});

describe('fleissKappaInterval', () => {
  it('brackets the point estimate on the worked example', () => {
    const stat = fleissKappaInterval(FLEISS_EXAMPLE);
    expect(stat.value).toBeCloseTo(0.21, 3);
    expect(stat.value !== null && stat.low! < 0.21 && stat.high! > 0.21).toBe(true);
  });

  it('is deterministic for a given seed and changes with the seed', () => {
    const a = fleissKappaInterval(FLEISS_EXAMPLE, { seed: 7, resamples: 200 });
    const b = fleissKappaInterval(FLEISS_EXAMPLE, { seed: 7, resamples: 200 });
    const c = fleissKappaInterval(FLEISS_EXAMPLE, { seed: 8, resamples: 200 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('gives [1, 1] under perfect agreement (single-category resamples count as agreement)', () => {
    expect(
      fleissKappaInterval([
        [3, 0],
        [0, 3],
      ]),
    ).toEqual({ value: 1, n: 2, low: 1, high: 1 });
  });

  it('passes through the reason when kappa is undefined', () => {
    expect(fleissKappaInterval([[1, 0]])).toMatchObject({
      value: null,
      reason: 'fewer than two judgments per example',
    });
  });
});
