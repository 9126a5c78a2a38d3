import type { ReportExample } from '../../../server/domain/reports';
import { seededRandom } from '../../../server/domain/stats';

/** Simulated workers: honest with an accuracy, adversarial (always the wrong answer) or always "Yes". */
export type SimWorker =
  { kind: 'honest'; accuracy: number } | { kind: 'adversarial' } | { kind: 'always-yes' };

export type SimDataset = { examples: ReportExample[]; truth: string[]; trueCorrectRate: number };

const flip = (a: string) => (a === ' Yes' ? ' No' : ' Yes');

/**
 * Examples whose true answer is " Yes" with probability 0.6 and whose proposed label is right with probability
 * `labelRight`, each judged by k distinct workers drawn from the pool (or, with `oneWorkerEach`, by k workers
 * never seen before: the one-judgment-per-worker design).
 */
export function simulateDataset(
  seed: number,
  {
    examples: n,
    k,
    workers,
    labelRight = 0.8,
    oneWorkerEach = false,
  }: { examples: number; k: number; workers: SimWorker[]; labelRight?: number; oneWorkerEach?: boolean },
): SimDataset {
  const random = seededRandom(seed);
  const truth: string[] = [];
  const examples: ReportExample[] = [];
  let judgmentId = 1;
  let freshWorker = 1000;
  for (let i = 0; i < n; i++) {
    const answer = random() < 0.6 ? ' Yes' : ' No';
    truth.push(answer);
    const proposed = random() < labelRight ? answer : flip(answer);
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(oneWorkerEach ? freshWorker++ : Math.floor(random() * workers.length));
    const judgments = [...chosen].map((w) => {
      const worker = oneWorkerEach ? { kind: 'honest' as const, accuracy: 0.8 } : (workers[w] as SimWorker);
      const given =
        worker.kind === 'always-yes'
          ? ' Yes'
          : worker.kind === 'adversarial'
            ? flip(answer)
            : random() < worker.accuracy
              ? answer
              : flip(answer);
      return { id: judgmentId++, workerId: w, answer: given, relevance: 4, ambiguous: false, comment: null };
    });
    examples.push({
      exampleId: i + 1,
      datasetId: 1,
      position: i + 1,
      proposed,
      options: [' Yes', ' No'],
      confidence: null,
      k,
      judgments,
    });
  }
  const trueCorrectRate = examples.filter((e, i) => e.proposed === truth[i]).length / n;
  return { examples, truth, trueCorrectRate };
}

export const honest = (accuracy: number, count: number): SimWorker[] =>
  Array.from({ length: count }, () => ({ kind: 'honest', accuracy }));
