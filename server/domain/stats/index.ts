/** Statistics for validation reports: pure functions, no I/O. See each module for the why. */
export * from './result';
export { wilsonInterval, wilsonBounds, Z95 } from './wilson-interval';
export { clusteredProportion, clusteredMean, type Cluster } from './clustered';
export { meanWithInterval, standardDeviation, type MeanSummary } from './mean-interval';
export { normalQuantile, tQuantile, tCdf } from './special-functions';
export { fleissKappa, countTable } from './fleiss-kappa';
export { fleissKappaInterval, percentile, type BootstrapOptions } from './fleiss-kappa-interval';
export { krippendorffAlpha, type AlphaLevel, type AlphaOptions } from './krippendorff-alpha';
export { cohensKappa } from './cohens-kappa';
export {
  majorityVote,
  labelAgreement,
  type MajorityVote,
  type LabelAgreement,
  type JudgedExample,
} from './label-agreement';
export {
  dawidSkene,
  pickItems,
  posteriorOfLabel,
  prepareDawidSkene,
  runEm,
  startingPosteriors,
  type EmRun,
  type Observations,
  type PreparedJudgments,
  type Judgment,
  type DawidSkeneOptions,
  type DawidSkeneResult,
  type ItemPosterior,
  type WorkerModel,
  type WorkerModelKind,
} from './dawid-skene';
export { MIN_SHARED_FOR_WORKER_MODEL, workerOverlap, type WorkerOverlap } from './worker-overlap';
export { auroc } from './auroc';
export { reliabilityBins, type ReliabilityBin, type Calibration } from './calibration';
export { distribution, countBy, type Distribution, type CategoryShare } from './distribution';
export { twoProportionDifference, meanDifference } from './differences';
export { seededRandom, randomIndex, type Random } from './random';
export {
  answerIdentity,
  canonicalOptions,
  isCaseInsensitive,
  matchOption,
  sameAnswer,
  type AnswerIdentity,
  type CanonicalOptions,
} from './answer-identity';
export { agreementWeights, type AgreementWeights } from './agreement-weights';
export { ratingCounts, type RatingCounts } from './rating-counts';
export { gwetAgreement, gwetAgreementTwoRaters, type GwetAgreement, type GwetOptions } from './gwet-ac';
export { krippendorffAlphaInterval, type AlphaIntervalOptions } from './krippendorff-alpha-interval';
export { ppiMean, type PpiResult } from './ppi';
