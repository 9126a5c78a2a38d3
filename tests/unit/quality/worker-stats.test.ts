import { computeWorkerStats, type JudgmentRow } from '../../../server/domain/quality/worker-stats';

const row = (
  workerId: number,
  exampleId: number,
  answer: string,
  proposed = ' Yes',
  seconds = 10,
): JudgmentRow => ({ workerId, exampleId, answer, proposed, seconds });

describe('worker statistics', () => {
  it('measures agreement against the majority of the other workers (hand-computed)', () => {
    // Examples 1-4. Workers 1 and 2 always answer the truth; worker 3 disagrees on examples 3 and 4.
    const truth = [' Yes', ' No', ' Yes', ' No'];
    const rows: JudgmentRow[] = [];
    truth.forEach((t, i) => {
      rows.push(row(1, i + 1, t), row(2, i + 1, t));
      rows.push(row(3, i + 1, i < 2 ? t : t === ' Yes' ? ' No' : ' Yes'));
    });
    const [w1, , w3] = computeWorkerStats(rows);
    // For worker 3 the others (1 and 2) agree on every example: 2 of 4 agree.
    expect(w3!.majorityAgreement.value).toBeCloseTo(0.5);
    // For worker 1 the others are 2 and 3: on examples 3-4 they tie, so only examples 1-2 count, both agree.
    expect(w1!.majorityAgreement).toMatchObject({ value: 1, n: 2 });
    // Acquiescence: worker 3 said " Yes" on examples 1 and 4 — both have proposed " Yes" here.
    expect(w3!.acquiescence.value).toBeCloseTo(0.5);
  });

  it('gives no reliability where workers share too few examples for a worker model (one example each)', () => {
    // 30 examples, each judged by three workers never seen elsewhere: every worker shares exactly one example.
    const rows = Array.from({ length: 30 }, (_, i) =>
      [0, 1, 2].map((w) => row(100 + 3 * i + w, i + 1, w === 2 ? ' No' : ' Yes')),
    ).flat();
    const stats = computeWorkerStats(rows);
    expect(stats).toHaveLength(90);
    expect(stats.every((s) => s.reliability === null)).toBe(true);
  });

  it('flags a worker who always picks the proposed label while others do not', () => {
    const rows: JudgmentRow[] = [];
    for (let e = 1; e <= 10; e += 1) {
      const truth = e % 2 ? ' Yes' : ' No';
      rows.push(row(1, e, truth), row(2, e, truth), row(3, e, ' Yes', ' Yes', 1));
    }
    const bad = computeWorkerStats(rows).find((s) => s.workerId === 3)!;
    expect(bad.acquiescence.value).toBe(1);
    expect(bad.majorityAgreement.value).toBeCloseTo(0.5);
    expect(bad.flags).toEqual([
      'low agreement with the majority',
      'mostly faster than 3 s',
      'always picks the proposed label',
    ]);
    expect(bad.medianSeconds).toBe(1);
    // Dawid–Skene weighs the two consistent workers above the one who always says " Yes".
    expect(bad.reliability!).toBeLessThan(0.75);
    const honest = computeWorkerStats(rows).find((s) => s.workerId === 1)!;
    expect(honest.reliability!).toBeGreaterThan(0.9);
  });

  it('leaves statistics undefined, with a reason, for a worker alone on their examples', () => {
    const [only] = computeWorkerStats([row(1, 1, ' Yes'), row(1, 2, ' No')]);
    expect(only!.majorityAgreement.value).toBeNull();
    expect(only!.kappaVsMajority).toMatchObject({ value: null });
    expect(only!.flags).toEqual([]);
  });

  it('does not flag workers with too few judgments', () => {
    const rows = [row(1, 1, ' Yes'), row(2, 1, ' Yes'), row(3, 1, ' No')];
    expect(computeWorkerStats(rows).every((s) => s.flags.length === 0)).toBe(true);
  });
});
