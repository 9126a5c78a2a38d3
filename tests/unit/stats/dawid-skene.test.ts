import {
  dawidSkene,
  Judgment,
  majorityVote,
  posteriorOfLabel,
  seededRandom,
} from '../../../server/domain/stats';

// Synthetic crowd: three reliable workers (90% accurate) and one adversary who always gives the
// other answer. Each item is judged by the adversary and two of the reliable workers, so whenever
// one reliable worker slips, the plain majority is wrong.
function syntheticCrowd(items: number, seed: number): { truth: Map<string, string>; judgments: Judgment[] } {
  const random = seededRandom(seed);
  const truth = new Map<string, string>();
  const judgments: Judgment[] = [];
  const flip = (answer: string) => (answer === 'Yes' ? 'No' : 'Yes');
  for (let i = 0; i < items; i++) {
    const item = `item-${i}`;
    const label = random() < 0.6 ? 'Yes' : 'No';
    truth.set(item, label);
    const reliable = ['r1', 'r2', 'r3'].filter((_, w) => w !== i % 3);
    for (const worker of reliable) {
      judgments.push({ item, worker, answer: random() < 0.9 ? label : flip(label) });
    }
    judgments.push({ item, worker: 'adversary', answer: flip(label) });
  }
  return { truth, judgments };
}

function accuracy(truth: Map<string, string>, predicted: (item: string) => string | null): number {
  let correct = 0;
  for (const [item, label] of truth) if (predicted(item) === label) correct++;
  return correct / truth.size;
}

describe('dawidSkene', () => {
  it('recovers the truth despite an adversarial worker, beating the majority vote', () => {
    const { truth, judgments } = syntheticCrowd(300, 42);
    const result = dawidSkene(judgments);
    const majority = accuracy(
      truth,
      (item) => majorityVote(judgments.filter((j) => j.item === item).map((j) => j.answer)).answer,
    );
    const ds = accuracy(truth, (item) => result.items.get(item)?.label ?? null);
    expect(ds).toBeGreaterThan(0.97);
    expect(ds).toBeGreaterThan(majority);
    expect(result.converged).toBe(true);
  });

  it('learns that the adversary is unreliable and the others are reliable', () => {
    const result = dawidSkene(syntheticCrowd(300, 42).judgments);
    expect(result.workers.get('adversary')?.accuracy).toBeLessThan(0.05);
    for (const worker of ['r1', 'r2', 'r3'])
      expect(result.workers.get(worker)?.accuracy).toBeGreaterThan(0.8);
  });

  it('gives posteriors near 1 when all workers agree', () => {
    const judgments = ['a', 'b', 'c'].flatMap((item, i) =>
      ['w1', 'w2', 'w3'].map((worker) => ({ item, worker, answer: i === 1 ? 'No' : 'Yes' })),
    );
    const result = dawidSkene(judgments);
    expect(posteriorOfLabel(result, 'a', 'Yes')).toBeGreaterThan(0.99);
    expect(posteriorOfLabel(result, 'b', 'No')).toBeGreaterThan(0.99);
    expect(result.items.get('c')?.label).toBe('Yes');
  });

  it('works with a single worker, following their answers', () => {
    const result = dawidSkene([
      { item: 'x', worker: 'solo', answer: '(A)' },
      { item: 'y', worker: 'solo', answer: '(B)' },
    ]);
    expect(result.items.get('x')?.label).toBe('(A)');
    expect(result.items.get('y')?.label).toBe('(B)');
    expect(result.workers.size).toBe(1);
  });

  it('keeps classes nobody chose, with small but finite probabilities', () => {
    const result = dawidSkene(
      [
        { item: 'x', worker: 'w1', answer: '(A)' },
        { item: 'x', worker: 'w2', answer: '(A)' },
        { item: 'y', worker: 'w1', answer: '(B)' },
      ],
      { classes: ['(A)', '(B)', '(C)'] },
    );
    expect(result.classes).toEqual(['(A)', '(B)', '(C)']);
    const c = posteriorOfLabel(result, 'x', '(C)');
    expect(c).toBeLessThan(0.01);
    expect(Number.isFinite(c)).toBe(true);
    expect(result.priors.every(Number.isFinite)).toBe(true);
  });

  it('adds answers outside the given classes after them, sorted', () => {
    const result = dawidSkene(
      [
        { item: 'x', worker: 'w', answer: 'z' },
        { item: 'y', worker: 'w', answer: 'b' },
      ],
      {
        classes: ['a'],
      },
    );
    expect(result.classes).toEqual(['a', 'b', 'z']);
  });

  it('stays finite with zero smoothing', () => {
    const { judgments } = syntheticCrowd(30, 3);
    const result = dawidSkene(judgments, { smoothing: 0 });
    for (const { posterior } of result.items.values()) {
      expect(posterior.every(Number.isFinite)).toBe(true);
      expect(posterior.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
  });

  it('is deterministic', () => {
    const { judgments } = syntheticCrowd(50, 5);
    expect(dawidSkene(judgments)).toEqual(dawidSkene(judgments));
  });

  it('reports non-convergence when stopped after one iteration', () => {
    const result = dawidSkene(syntheticCrowd(50, 5).judgments, { maxIter: 1 });
    expect(result).toMatchObject({ iterations: 1, converged: false });
  });

  it('returns an empty model for no judgments', () => {
    const result = dawidSkene([]);
    expect(result.items.size).toBe(0);
    expect(result.classes).toEqual([]);
  });
});

describe('posteriorOfLabel', () => {
  const result = dawidSkene([{ item: 'x', worker: 'w', answer: 'Yes' }], { classes: ['Yes', 'No'] });

  it('returns null for an unknown item', () => {
    expect(posteriorOfLabel(result, 'nope', 'Yes')).toBeNull();
  });

  it('returns 0 for a label that is not a class', () => {
    expect(posteriorOfLabel(result, 'x', 'Maybe')).toBe(0);
  });
});
