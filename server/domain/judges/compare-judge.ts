/**
 * Everything about one judge over a set of examples (one dataset, or all of them pooled): agreement with the
 * human verdict and with each person against the human–human ceiling, accuracy on gold items, calibration of its
 * confidence, the corrected label-correct rate, the verdict, and the disagreements with what people said.
 */
import { reliabilityBins, wilsonInterval, type Calibration, type Stat } from '../stats';
import { correctedEstimate, type CorrectedEstimate } from './corrected';
import { majorityAgreement, verdictOf, type MajorityAgreement } from './majority';
import { pairwiseAgreement, type PairwiseAgreement } from './pairwise';
import { perHumanAgreement, type HumanAgreement } from './per-human';
import type { JudgeAnswer, JudgeExample } from './types';
import { judgeVerdict, type Verdict } from './verdict';
import { GENERATOR_JUDGE } from './judge-rows';

export interface Disagreement {
  exampleId: number;
  datasetId: number;
  position: number;
  proposed: string | null;
  verdict: string;
  judge: JudgeAnswer;
  humans: { answer: string; comment: string | null }[];
}

export interface JudgeComparison {
  judge: string;
  /** Examples the judge answered, and how many of them people answered too. */
  answered: number;
  validated: number;
  majority: MajorityAgreement;
  pairwise: PairwiseAgreement;
  perHuman: HumanAgreement[];
  gold: Stat;
  /** Confidence against "the judge's answer is the human verdict"; null when the judge gave no confidences. */
  calibration: Calibration | null;
  corrected: CorrectedEstimate;
  verdict: Verdict;
  disagreements: Disagreement[];
}

const BINS = 10;

export function compareJudge(examples: readonly JudgeExample[], judge: string): JudgeComparison {
  const items = examples.flatMap((e) => {
    const answer = e.judges[judge];
    if (!answer) return [];
    const humans = e.judgments.flatMap((j) =>
      j.answer === null ? [] : [{ workerId: j.workerId, answer: j.answer, comment: j.comment }],
    );
    return [{ e, answer, humans, answers: humans.map((h) => h.answer) }];
  });
  const pairwise = pairwiseAgreement(items.map((i) => ({ judge: i.answer.answer, humans: i.answers })));
  const withVerdict = items.flatMap((i) => {
    const verdict = verdictOf(i.answers);
    return verdict === null ? [] : [{ ...i, verdict }];
  });
  return {
    judge,
    answered: items.length,
    validated: items.filter((i) => i.answers.length > 0).length,
    majority: majorityAgreement(
      items.map((i) => ({ judge: i.answer.answer, humans: i.answers, proposed: i.e.proposed })),
    ),
    pairwise,
    perHuman: perHumanAgreement(items.map((i) => ({ judge: i.answer.answer, humans: i.humans }))),
    gold: goldAccuracy(items.map((i) => ({ gold: i.e.gold, answer: i.answer.answer }))),
    calibration: calibrate(
      withVerdict.map((i) => ({ confidence: i.answer.confidence, right: i.answer.answer === i.verdict })),
    ),
    corrected: correctedEstimate(
      items.flatMap((i) => {
        if (i.e.proposed === null) return [];
        const f = supportForProposed(judge, i.answer, i.e.proposed);
        if (f === null) return [];
        const y =
          i.answers.length === 0
            ? null
            : 2 * i.answers.filter((a) => a === i.e.proposed).length > i.answers.length;
        return [{ f, y }];
      }),
    ),
    verdict: judgeVerdict(pairwise),
    disagreements: withVerdict
      .filter((i) => i.answer.answer !== i.verdict)
      .map((i) => ({
        exampleId: i.e.exampleId,
        datasetId: i.e.datasetId,
        position: i.e.position,
        proposed: i.e.proposed,
        verdict: i.verdict,
        judge: i.answer,
        humans: i.humans.map((h) => ({ answer: h.answer, comment: h.comment })),
      })),
  };
}

// f for the corrected estimate: a judge's choice of the proposed label; the generator's label_confidence.
function supportForProposed(judge: string, answer: JudgeAnswer, proposed: string): number | null {
  if (judge === GENERATOR_JUDGE) return answer.confidence;
  return answer.answer === proposed ? 1 : 0;
}

function goldAccuracy(items: readonly { gold: string | null; answer: string }[]): Stat {
  const gold = items.filter((i) => i.gold !== null);
  const stat = wilsonInterval(gold.filter((i) => i.answer === i.gold).length, gold.length);
  return stat.value === null ? { ...stat, reason: 'the judge answered no gold item' } : stat;
}

function calibrate(items: readonly { confidence: number | null; right: boolean }[]): Calibration | null {
  const rated = items.filter((i): i is { confidence: number; right: boolean } => i.confidence !== null);
  if (rated.length === 0) return null;
  return reliabilityBins(
    rated.map((i) => i.confidence),
    rated.map((i) => i.right),
    BINS,
  );
}
