import {
  cohensKappa,
  dawidSkene,
  majorityVote,
  MIN_SHARED_FOR_WORKER_MODEL,
  wilsonInterval,
  workerOverlap,
  type Stat,
} from '../stats';

/**
 * Per-worker quality figures for one study, from the judgments alone: how often a worker agrees with the
 * majority of the *other* workers on the same example (leave-one-out, so a worker never votes for themself),
 * Cohen's kappa against that majority, how often they pick the proposed label (acquiescence: a bot that always
 * says the label would score 1), and speed. Outliers are flagged against study-wide thresholds.
 */
export interface JudgmentRow {
  workerId: number;
  exampleId: number;
  answer: string | null;
  proposed: string | null;
  seconds: number | null;
}

export interface WorkerStats {
  workerId: number;
  judgments: number;
  majorityAgreement: Stat;
  kappaVsMajority: Stat;
  acquiescence: Stat;
  medianSeconds: number | null;
  shareUnderFloor: Stat;
  /** Dawid–Skene: the worker's estimated accuracy (prior-weighted diagonal of their confusion matrix). */
  reliability: number | null;
  flags: string[];
}

export interface QualityThresholds {
  minAgreement: number;
  secondsFloor: number;
  maxShareUnderFloor: number;
  minJudgments: number;
}

export const DEFAULT_THRESHOLDS: QualityThresholds = {
  minAgreement: 0.6,
  secondsFloor: 3,
  maxShareUnderFloor: 0.5,
  minJudgments: 5,
};

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function computeWorkerStats(
  rows: readonly JudgmentRow[],
  thresholds: QualityThresholds = DEFAULT_THRESHOLDS,
): WorkerStats[] {
  const byExample = new Map<number, JudgmentRow[]>();
  const byWorker = new Map<number, JudgmentRow[]>();
  for (const r of rows) {
    if (!byExample.has(r.exampleId)) byExample.set(r.exampleId, []);
    byExample.get(r.exampleId)!.push(r);
    if (!byWorker.has(r.workerId)) byWorker.set(r.workerId, []);
    byWorker.get(r.workerId)!.push(r);
  }
  const answered = rows.filter((r) => r.answer !== null);
  // Reliability needs workers who share examples: where the median worker shares too few, there is none to show.
  const judgments = answered.map((r) => ({
    item: String(r.exampleId),
    worker: String(r.workerId),
    answer: r.answer!,
  }));
  const model =
    answered.length && workerOverlap(judgments).medianShared >= MIN_SHARED_FOR_WORKER_MODEL
      ? dawidSkene(judgments)
      : null;
  const stats: WorkerStats[] = [];
  for (const [workerId, own] of byWorker) {
    const mine: string[] = [];
    const majority: string[] = [];
    for (const r of own) {
      if (r.answer === null) continue;
      const others = byExample.get(r.exampleId)!.filter((o) => o.workerId !== workerId && o.answer !== null);
      const vote = majorityVote(others.map((o) => o.answer!));
      if (vote.answer === null) continue; // nobody else, or a tie: no reference to compare with
      mine.push(r.answer);
      majority.push(vote.answer);
    }
    const agreeing = mine.filter((a, i) => a === majority[i]).length;
    const labelled = own.filter((r) => r.answer !== null && r.proposed !== null);
    const acquiescent = labelled.filter((r) => r.answer === r.proposed).length;
    const seconds = own.map((r) => r.seconds).filter((s): s is number => s !== null);
    const fast = seconds.filter((s) => s < thresholds.secondsFloor).length;
    const s: WorkerStats = {
      workerId,
      judgments: own.length,
      majorityAgreement: wilsonInterval(agreeing, mine.length),
      kappaVsMajority:
        mine.length >= 2
          ? cohensKappa(mine, majority)
          : { value: null, reason: 'fewer than two examples shared with others', n: mine.length },
      acquiescence: wilsonInterval(acquiescent, labelled.length),
      medianSeconds: median(seconds),
      shareUnderFloor: wilsonInterval(fast, seconds.length),
      reliability: model?.workers.get(String(workerId))?.accuracy ?? null,
      flags: [],
    };
    s.flags = flagsFor(s, thresholds);
    stats.push(s);
  }
  return stats.sort((a, b) => a.workerId - b.workerId);
}

function flagsFor(s: WorkerStats, t: QualityThresholds): string[] {
  const flags: string[] = [];
  if (s.judgments < t.minJudgments) return flags;
  if (s.majorityAgreement.value !== null && s.majorityAgreement.value < t.minAgreement)
    flags.push('low agreement with the majority');
  if (s.shareUnderFloor.value !== null && s.shareUnderFloor.value > t.maxShareUnderFloor)
    flags.push(`mostly faster than ${t.secondsFloor} s`);
  if (s.acquiescence.value === 1 && s.majorityAgreement.value !== null && s.majorityAgreement.value < 1)
    flags.push('always picks the proposed label');
  return flags;
}
