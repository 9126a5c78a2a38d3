/**
 * Dawid–Skene (1979) label model: estimates each worker's confusion matrix and each item's
 * posterior over true classes by EM, so reliable workers count for more than careless or
 * adversarial ones. Initialised from the soft majority vote, which anchors the classes
 * (EM alone cannot tell a label set from a permutation of it). Deterministic: no randomness.
 */
import { estimateParameters, inferPosteriors, Observation } from './dawid-skene-steps';

export type Judgment = { item: string; worker: string; answer: string };
export type DawidSkeneOptions = {
  classes?: readonly string[];
  maxIter?: number;
  tol?: number;
  smoothing?: number;
};
export type ItemPosterior = { posterior: number[]; label: string };
export type WorkerModel = { confusion: number[][]; accuracy: number };
export type DawidSkeneResult = {
  classes: string[];
  priors: number[];
  items: Map<string, ItemPosterior>;
  workers: Map<string, WorkerModel>;
  iterations: number;
  converged: boolean;
};

// Runs EM until no posterior moves by more than tol, or maxIter iterations.
export function dawidSkene(
  judgments: readonly Judgment[],
  options: DawidSkeneOptions = {},
): DawidSkeneResult {
  const { maxIter = 100, tol = 1e-6, smoothing = 0.01 } = options;
  const classes = classList(judgments, options.classes);
  const { itemIds, workerIds, observations } = index(judgments, classes);
  let posteriors = observations.map((obs) => softMajority(obs, classes.length));
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter && !converged) {
    iterations++;
    const parameters = estimateParameters(posteriors, observations, workerIds.length, smoothing);
    const next = inferPosteriors(parameters, observations);
    converged = maxChange(posteriors, next) < tol;
    posteriors = next;
  }
  const { priors, confusions } = estimateParameters(posteriors, observations, workerIds.length, smoothing);
  return {
    classes,
    priors,
    items: new Map(itemIds.map((id, i) => [id, describeItem(posteriors[i] as number[], classes)])),
    workers: new Map(
      workerIds.map((id, w) => {
        const confusion = confusions[w] as number[][];
        return [
          id,
          { confusion, accuracy: priors.reduce((acc, p, k) => acc + p * (confusion[k]?.[k] ?? 0), 0) },
        ];
      }),
    ),
    iterations,
    converged,
  };
}

// The posterior probability that an item's true class is label; null for an unknown item.
export function posteriorOfLabel(result: DawidSkeneResult, item: string, label: string): number | null {
  const found = result.items.get(item);
  if (!found) return null;
  const k = result.classes.indexOf(label);
  return k < 0 ? 0 : (found.posterior[k] ?? 0);
}

// Given classes first (some may never be chosen), then any other answers seen, sorted.
function classList(judgments: readonly Judgment[], given: readonly string[] = []): string[] {
  const known = new Set(given);
  const extra = [...new Set(judgments.map((j) => j.answer))].filter((a) => !known.has(a)).sort();
  return [...new Set(given), ...extra];
}

// Turns ids into dense indexes (first-seen order) and groups judgments by item.
function index(judgments: readonly Judgment[], classes: readonly string[]) {
  const itemIndex = new Map<string, number>();
  const workerIndex = new Map<string, number>();
  const classIndex = new Map(classes.map((c, k) => [c, k]));
  const observations: Observation[][] = [];
  for (const { item, worker, answer } of judgments) {
    if (!itemIndex.has(item)) {
      itemIndex.set(item, itemIndex.size);
      observations.push([]);
    }
    if (!workerIndex.has(worker)) workerIndex.set(worker, workerIndex.size);
    observations[itemIndex.get(item) as number]?.push({
      worker: workerIndex.get(worker) as number,
      answer: classIndex.get(answer) as number,
    });
  }
  return { itemIds: [...itemIndex.keys()], workerIds: [...workerIndex.keys()], observations };
}

function softMajority(observations: readonly Observation[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const { answer } of observations) counts[answer] = (counts[answer] ?? 0) + 1;
  return counts.map((c) => c / observations.length);
}

function describeItem(posterior: number[], classes: readonly string[]): ItemPosterior {
  let best = 0;
  posterior.forEach((p, k) => {
    if (p > (posterior[best] ?? 0)) best = k;
  });
  return { posterior, label: classes[best] as string };
}

function maxChange(a: readonly number[][], b: readonly number[][]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((p, k) => (max = Math.max(max, Math.abs(p - (b[i]?.[k] ?? 0))))));
  return max;
}
