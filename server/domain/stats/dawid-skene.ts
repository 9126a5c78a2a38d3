/**
 * Dawid–Skene (1979) label model: estimates each worker's confusion matrix and each item's
 * posterior over true classes by EM, so reliable workers count for more than careless or
 * adversarial ones. Initialised from the soft majority vote, which anchors the classes
 * (EM alone cannot tell a label set from a permutation of it). Deterministic: no randomness.
 */
import { estimateParameters, inferPosteriors, Observations } from './dawid-skene-steps';

export type { Observations } from './dawid-skene-steps';

export type Judgment = { item: string; worker: string; answer: string };
export type WorkerModelKind = 'full' | 'one-coin';
export type DawidSkeneOptions = {
  classes?: readonly string[];
  maxIter?: number;
  tol?: number;
  smoothing?: number;
  /**
   * 'full' (the default) fits a confusion matrix per worker; 'one-coin' one accuracy per worker, errors spread
   * evenly over the other classes: far fewer parameters, for when workers judge too few examples to identify
   * a whole matrix.
   */
  model?: WorkerModelKind;
  /** Starting posteriors by item (e.g. a previous fit's, to refit a bootstrap resample quickly); else majority. */
  initial?: (item: string) => readonly number[] | undefined;
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
  /** The largest change of any posterior in the last iteration (below tol when converged). */
  finalChange: number;
  model: WorkerModelKind;
};

// Runs EM until no posterior moves by more than tol, or maxIter iterations.
export function dawidSkene(
  judgments: readonly Judgment[],
  options: DawidSkeneOptions = {},
): DawidSkeneResult {
  const { smoothing = 0.01, model = 'full' } = options;
  const prepared = prepareDawidSkene(judgments, options.classes);
  const { classes, itemIds, workerIds, data } = prepared;
  const c = classes.length;
  const fit = runEm(data, startingPosteriors(data, itemIds, options.initial), options);
  const posteriors = fit.posteriors;
  const { priors, confusion } = estimateParameters(posteriors, data, smoothing, model === 'one-coin');
  const priorList = [...priors];
  return {
    classes,
    priors: priorList,
    items: new Map(
      itemIds.map((id, i) => [id, describeItem([...posteriors.subarray(i * c, (i + 1) * c)], classes)]),
    ),
    workers: new Map(
      workerIds.map((id, w) => {
        const matrix = classes.map((_, k) => [...confusion.subarray((w * c + k) * c, (w * c + k + 1) * c)]);
        return [
          id,
          {
            confusion: matrix,
            accuracy: priorList.reduce((acc, p, k) => acc + p * (matrix[k]?.[k] ?? 0), 0),
          },
        ];
      }),
    ),
    iterations: fit.iterations,
    converged: fit.converged,
    finalChange: fit.finalChange,
    model,
  };
}

/** Judgments indexed for EM: items and workers in first-seen order, classes as given then any others. */
export type PreparedJudgments = {
  classes: string[];
  itemIds: string[];
  workerIds: string[];
  data: Observations;
};

export function prepareDawidSkene(
  judgments: readonly Judgment[],
  given?: readonly string[],
): PreparedJudgments {
  const classes = classList(judgments, given);
  return { classes, ...index(judgments, classes) };
}

export type EmRun = { posteriors: Float64Array; iterations: number; converged: boolean; finalChange: number };

// EM from the given posteriors (items × classes, flat) until no posterior moves by more than tol, or maxIter.
export function runEm(
  data: Observations,
  start: Float64Array,
  { maxIter = 1000, tol = 1e-6, smoothing = 0.01, model = 'full' }: DawidSkeneOptions = {},
): EmRun {
  let posteriors = start;
  let next: Float64Array = new Float64Array(posteriors.length);
  let iterations = 0;
  let converged = false;
  let finalChange = 0;
  while (iterations < maxIter && !converged) {
    iterations++;
    inferPosteriors(estimateParameters(posteriors, data, smoothing, model === 'one-coin'), data, next);
    finalChange = maxChange(posteriors, next);
    converged = finalChange < tol;
    [posteriors, next] = [next, posteriors];
  }
  return { posteriors, iterations, converged, finalChange };
}

/**
 * The observations of the picked items (indexes into data, repeats allowed: a bootstrap resample), as a new
 * data set whose item i is picks[i]; workers keep their indexes.
 */
export function pickItems(data: Observations, picks: Int32Array): Observations {
  const start = new Int32Array(picks.length + 1);
  picks.forEach(
    (item, i) =>
      (start[i + 1] = (start[i] as number) + (data.start[item + 1] as number) - (data.start[item] as number)),
  );
  const total = start[picks.length] as number;
  const worker = new Int32Array(total);
  const answer = new Int32Array(total);
  picks.forEach((item, i) => {
    const from = data.start[item] as number;
    const to = data.start[item + 1] as number;
    worker.set(data.worker.subarray(from, to), start[i] as number);
    answer.set(data.answer.subarray(from, to), start[i] as number);
  });
  return { ...data, items: picks.length, start, worker, answer };
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

// Turns ids into dense indexes (first-seen order) and groups judgments by item into flat arrays.
function index(judgments: readonly Judgment[], classes: readonly string[]) {
  const itemIndex = new Map<string, number>();
  const workerIndex = new Map<string, number>();
  const classIndex = new Map(classes.map((c, k) => [c, k]));
  const perItem: number[] = [];
  for (const { item, worker } of judgments) {
    if (!itemIndex.has(item)) {
      itemIndex.set(item, itemIndex.size);
      perItem.push(0);
    }
    const i = itemIndex.get(item) as number;
    perItem[i] = (perItem[i] as number) + 1;
    if (!workerIndex.has(worker)) workerIndex.set(worker, workerIndex.size);
  }
  const start = new Int32Array(perItem.length + 1);
  perItem.forEach((count, i) => (start[i + 1] = (start[i] as number) + count));
  const fill = start.slice(0, perItem.length);
  const worker = new Int32Array(judgments.length);
  const answer = new Int32Array(judgments.length);
  for (const j of judgments) {
    const i = itemIndex.get(j.item) as number;
    const at = fill[i] as number;
    fill[i] = at + 1;
    worker[at] = workerIndex.get(j.worker) as number;
    answer[at] = classIndex.get(j.answer) as number;
  }
  const data: Observations = {
    items: perItem.length,
    workers: workerIndex.size,
    classes: classes.length,
    start,
    worker,
    answer,
  };
  return { itemIds: [...itemIndex.keys()], workerIds: [...workerIndex.keys()], data };
}

// The given starting posterior of each item, or the share of its judgments in each class (soft majority), which
// anchors the classes.
export function startingPosteriors(
  data: Observations,
  itemIds: readonly string[] = [],
  initial?: DawidSkeneOptions['initial'],
): Float64Array {
  const c = data.classes;
  const posteriors = new Float64Array(data.items * c);
  for (let i = 0; i < data.items; i++) {
    const id = itemIds[i];
    const given = id === undefined ? undefined : initial?.(id);
    if (given && given.length === c) {
      posteriors.set(given, i * c);
      continue;
    }
    const from = data.start[i] as number;
    const to = data.start[i + 1] as number;
    for (let j = from; j < to; j++) {
      const cell = i * c + (data.answer[j] as number);
      posteriors[cell] = (posteriors[cell] as number) + 1 / (to - from);
    }
  }
  return posteriors;
}

function describeItem(posterior: number[], classes: readonly string[]): ItemPosterior {
  let best = 0;
  posterior.forEach((p, k) => {
    if (p > (posterior[best] ?? 0)) best = k;
  });
  return { posterior, label: classes[best] as string };
}

function maxChange(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}
