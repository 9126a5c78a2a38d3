/**
 * The label model over one dataset: a latent-class (Dawid–Skene) model of the true answer, with every worker's
 * error rates and, as a separate variable, the proposed label — the generator is one more rater whose accuracy
 * is exactly the share of correct labels. Each example gets the posterior probability that its proposed label
 * is the true answer, and the dataset's estimated share of correct labels is the mean of those posteriors over
 * judged, labelled examples. Unlike label agreement it allows for the workers' own mistakes (with noisy workers
 * agreement runs several points below the truth). It is shown beside majority vote, never in its place.
 *
 * Honesty rules (see issue 18's findings):
 * - EM runs to a tolerance of 1e-6 on any posterior (up to 1000 iterations); the report states iterations, the
 *   final change and whether it converged.
 * - Worker error rates are only identifiable where workers share examples. Below MIN_SHARED_ONE_COIN shared
 *   examples for the median worker the estimate is "not estimable"; below MIN_SHARED_PER_CLASS × classes the
 *   one-coin model (one accuracy per worker) is fitted instead of full confusion matrices.
 * - The interval is a percentile bootstrap over examples (each resampled example keeps its judgments), refitting
 *   the model on every resample (k-step, from the full fit); without `interval` only the point estimate is
 *   computed (the cross-dataset table, which shows no interval).
 */
import {
  estimate,
  MIN_SHARED_FOR_WORKER_MODEL,
  percentile,
  pickItems,
  prepareDawidSkene,
  randomIndex,
  runEm,
  seededRandom,
  startingPosteriors,
  undefinedStat,
  workerOverlap,
  type PreparedJudgments,
  type Stat,
  type WorkerModelKind,
  type WorkerOverlap,
} from '../stats';
import type { ReportExample } from './types';

export const MIN_SHARED_ONE_COIN = MIN_SHARED_FOR_WORKER_MODEL;
export const MIN_SHARED_PER_CLASS = 10;
const TOLERANCE = 1e-6;
const MAX_ITERATIONS = 1000;
const RESAMPLES = 200;
const GENERATOR = '\u0000generator';
// A k-step bootstrap (Andrews 2002): each resample starts from the full fit and takes at most this many EM steps,
// which moves it most of the way to its own optimum at a fraction of a full refit's cost.
const BOOTSTRAP_STEPS = 15;

export interface LabelModelReport {
  estimatedAccuracy: Stat;
  /** Which worker model was fitted; null when none could be. */
  model: WorkerModelKind | null;
  iterations: number;
  converged: boolean;
  finalChange: number | null;
  overlap: WorkerOverlap;
  /** Posterior of the proposed label by example id. */
  posteriors: Map<number, number>;
}

// Fits the model on every answer in the dataset; examples without answers or a proposed label get no posterior.
export function fitLabelModel(
  examples: readonly ReportExample[],
  { interval = true }: { interval?: boolean } = {},
): LabelModelReport {
  const judgments = examples.flatMap((e) =>
    e.judgments.flatMap((j) =>
      j.answer === null ? [] : [{ item: String(e.exampleId), worker: String(j.workerId), answer: j.answer }],
    ),
  );
  const overlap = workerOverlap(judgments);
  const none = (reason: string): LabelModelReport => ({
    estimatedAccuracy: undefinedStat(reason, 0),
    model: null,
    iterations: 0,
    converged: false,
    finalChange: null,
    overlap,
    posteriors: new Map(),
  });
  if (judgments.length === 0) return none('no answers to fit');
  if (overlap.medianShared < MIN_SHARED_ONE_COIN) {
    return none(
      `not estimable: workers overlap too little (the median worker shares ${overlap.medianShared} ` +
        `example${overlap.medianShared === 1 ? '' : 's'} with another worker; the label model needs ` +
        `${MIN_SHARED_ONE_COIN}); use majority vote`,
    );
  }
  const given = [...new Set(examples.flatMap((e) => [...e.options, ...(e.proposed ? [e.proposed] : [])]))];
  // The proposed label enters as one more rater, the generator, on every judged example: its accuracy is the
  // quantity estimated, and its label is evidence about the truth like any worker's answer, weighed by that
  // accuracy. Left out, the model would ignore what the label says and understate a good generator.
  const judgedItems = new Set(judgments.map((j) => j.item));
  const generator = examples.flatMap((e) =>
    e.proposed !== null && judgedItems.has(String(e.exampleId))
      ? [{ item: String(e.exampleId), worker: GENERATOR, answer: e.proposed }]
      : [],
  );
  const prepared = prepareDawidSkene([...judgments, ...generator], given);
  const { classes, itemIds, data } = prepared;
  const model: WorkerModelKind =
    overlap.medianShared >= MIN_SHARED_PER_CLASS * Math.max(2, classes.length) ? 'full' : 'one-coin';
  const fit = runEm(data, startingPosteriors(data), { model, tol: TOLERANCE, maxIter: MAX_ITERATIONS });
  // The proposed label's class index for each fitted item (-1 when it has none).
  const proposedByItem = new Map(examples.map((e) => [String(e.exampleId), e.proposed]));
  const proposedClass = Int32Array.from(itemIds, (id) => {
    const proposed = proposedByItem.get(id);
    return proposed === null || proposed === undefined ? -1 : classes.indexOf(proposed);
  });
  const posteriors = new Map<number, number>();
  itemIds.forEach((id, i) => {
    const k = proposedClass[i] as number;
    if (k >= 0) posteriors.set(Number(id), fit.posteriors[i * classes.length + k] as number);
  });
  const values = [...posteriors.values()];
  let estimatedAccuracy: Stat;
  if (values.length === 0) estimatedAccuracy = undefinedStat('no judged example has a proposed label', 0);
  else {
    const point = values.reduce((a, b) => a + b, 0) / values.length;
    estimatedAccuracy = interval
      ? estimate(point, values.length, ...bootstrapBounds(prepared, fit.posteriors, proposedClass, model))
      : estimate(point, values.length);
  }
  return {
    estimatedAccuracy,
    model,
    iterations: fit.iterations,
    converged: fit.converged,
    finalChange: fit.finalChange,
    overlap,
    posteriors,
  };
}

// Percentile bootstrap over examples: each resample refits the model (k-step, from the full fit) and takes the
// mean posterior of the proposed labels again.
function bootstrapBounds(
  { classes, data }: PreparedJudgments,
  full: Float64Array,
  proposedClass: Int32Array,
  model: WorkerModelKind,
): [number, number] {
  const c = classes.length;
  const random = seededRandom(data.items + 17);
  const picks = new Int32Array(data.items);
  const start = new Float64Array(data.items * c);
  const estimates: number[] = [];
  for (let r = 0; r < RESAMPLES; r++) {
    for (let i = 0; i < data.items; i++) {
      const item = randomIndex(random, data.items);
      picks[i] = item;
      start.set(full.subarray(item * c, (item + 1) * c), i * c);
    }
    const run = runEm(pickItems(data, picks), start.slice(), { model, tol: 1e-4, maxIter: BOOTSTRAP_STEPS });
    let total = 0;
    let labelled = 0;
    picks.forEach((item, i) => {
      const k = proposedClass[item] as number;
      if (k < 0) return;
      total += run.posteriors[i * c + k] as number;
      labelled++;
    });
    if (labelled > 0) estimates.push(total / labelled);
  }
  estimates.sort((a, b) => a - b);
  return [percentile(estimates, 0.025), percentile(estimates, 0.975)];
}
