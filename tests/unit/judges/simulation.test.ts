import { compareJudge, type JudgeExample } from '../../../server/domain/judges';
import { seededRandom, type Random, type Stat } from '../../../server/domain/stats';

/**
 * Seeded simulation. Each dataset: 300 examples, true answer " Yes" or " No" at random, the proposed label right
 * with probability 0.85; 3 people of accuracy 0.9 judged the first 100 (the sample the study drew), a judge of
 * planted accuracy answered all 300, and 40 examples are gold items. With binary answers and independent errors:
 *   P(majority of 3 right) m = 0.9³ + 3·0.9²·0.1 = 0.972
 *   P(judge agrees with the verdict) = a·m + (1 − a)(1 − m)
 *   true label-correct rate (the verdict chooses the proposed label) = 0.85·m + 0.15·(1 − m)
 */
const PEOPLE = 0.9;
const LABEL_RIGHT = 0.85;
const M = PEOPLE ** 3 + 3 * PEOPLE ** 2 * (1 - PEOPLE);
const TRUE_RATE = LABEL_RIGHT * M + (1 - LABEL_RIGHT) * (1 - M);
const DATASETS = 40;

const flip = (a: string) => (a === ' Yes' ? ' No' : ' Yes');
const answer = (random: Random, truth: string, accuracy: number) =>
  random() < accuracy ? truth : flip(truth);

function simulate(seed: number, judgeAccuracy: number): JudgeExample[] {
  const random = seededRandom(seed);
  return Array.from({ length: 300 }, (_, i) => {
    const truth = random() < 0.5 ? ' Yes' : ' No';
    const proposed = answer(random, truth, LABEL_RIGHT);
    const validated = i < 100;
    return {
      exampleId: i + 1,
      datasetId: 1,
      position: i + 1,
      proposed,
      options: [' Yes', ' No'],
      confidence: null,
      k: 3,
      sampled: validated,
      gold: i >= 60 && i < 100 ? truth : null,
      judgments: validated
        ? [1, 2, 3].map((w) => ({
            id: i * 10 + w,
            workerId: w,
            answer: answer(random, truth, PEOPLE),
            relevance: null,
            ambiguous: null,
            comment: null,
          }))
        : [],
      judges: {
        planted: { answer: answer(random, truth, judgeAccuracy), confidence: null, rationale: null },
      },
    };
  });
}

const covers = (s: Stat, x: number) => s.value !== null && s.low! <= x && x <= s.high!;

describe('a planted judge of known accuracy', () => {
  const accuracy = 0.8;
  const runs = Array.from({ length: DATASETS }, (_, s) =>
    compareJudge(simulate(1000 + s, accuracy), 'planted'),
  );
  const share = (test: (c: (typeof runs)[number]) => boolean) => runs.filter(test).length / runs.length;

  it('is recovered within its gold-accuracy interval in most datasets', () => {
    const coverage = share((c) => covers(c.gold, accuracy));
    expect(coverage).toBeGreaterThanOrEqual(0.85);
  });

  it('agrees with the human verdict as often as the model says, within the interval in most datasets', () => {
    const expected = accuracy * M + (1 - accuracy) * (1 - M);
    expect(share((c) => covers(c.majority.agreement, expected))).toBeGreaterThanOrEqual(0.85);
  });

  it('gives a corrected label-correct rate whose interval covers the true rate in most datasets', () => {
    const coverage = share((c) => covers(c.corrected.corrected, TRUE_RATE));
    expect(coverage).toBeGreaterThanOrEqual(0.85);
    // The corrected estimate uses all 300 examples: its interval is narrower than people's on their 100.
    const width = (s: Stat) => (s.value === null ? Infinity : s.high! - s.low!);
    const narrower = share((c) => width(c.corrected.corrected) < width(c.corrected.human));
    expect(narrower).toBeGreaterThan(0.5);
  });
});

describe('the verdict on simulated judges', () => {
  it('passes a judge as accurate as people and fails a much worse one, on most datasets', () => {
    const verdicts = (accuracy: number) =>
      Array.from(
        { length: 20 },
        (_, s) => compareJudge(simulate(5000 + s, accuracy), 'planted').verdict.kind,
      );
    const good = verdicts(PEOPLE);
    const poor = verdicts(0.65);
    expect(good.filter((k) => k === 'as-often').length).toBeGreaterThanOrEqual(17);
    expect(poor.filter((k) => k === 'less-often').length).toBeGreaterThanOrEqual(17);
  });
});
