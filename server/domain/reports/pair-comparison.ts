/**
 * LM-written against human-written datasets of one behaviour (datasets sharing a pairing key): the differences
 * in label agreement (Newcombe's interval) and mean relevance (Welch), and which answer each dataset calls
 * matching, so a reversed label direction shows at a glance. Several datasets on one side are pooled.
 * Relevance is compared over per-example means, since examples (not single ratings) are the independent units.
 */
import { meanDifference, twoProportionDifference, undefinedStat, type Stat } from '../stats';
import type { DatasetReport } from './dataset-report';
import type { DatasetInfo } from './types';

export interface AnswerShare {
  answer: string;
  proposed: number;
  humanMajority: number;
}

export interface PairSide {
  source: 'lm' | 'human';
  datasets: DatasetInfo[];
  labelAgreement: { agreeing: number; judged: number; share: number | null };
  meanRelevance: number | null;
  /** Per answer key: how many examples propose it, and how many the human majority chose. */
  answers: AnswerShare[];
}

export interface PairComparison {
  pairingKey: string;
  lm: PairSide;
  human: PairSide;
  agreementDifference: Stat;
  relevanceDifference: Stat;
}

export function comparePair(pairingKey: string, reports: readonly DatasetReport[]): PairComparison {
  const lm = reports.filter((r) => r.dataset.source === 'lm');
  const human = reports.filter((r) => r.dataset.source === 'human');
  const a = side('lm', lm);
  const b = side('human', human);
  const noSide = !lm.length || !human.length;
  return {
    pairingKey,
    lm: a,
    human: b,
    agreementDifference: noSide
      ? undefinedStat('the pair needs an LM-written and a human-written dataset', 0)
      : twoProportionDifference(
          a.labelAgreement.agreeing,
          a.labelAgreement.judged,
          b.labelAgreement.agreeing,
          b.labelAgreement.judged,
        ),
    relevanceDifference: noSide
      ? undefinedStat('the pair needs an LM-written and a human-written dataset', 0)
      : meanDifference(exampleRelevances(lm), exampleRelevances(human)),
  };
}

function side(source: 'lm' | 'human', reports: readonly DatasetReport[]): PairSide {
  const results = reports.flatMap((r) => r.examples);
  const labelled = results.filter((r) => r.majorityAgrees !== null);
  const agreeing = labelled.filter((r) => r.majorityAgrees).length;
  const relevances = results.flatMap((r) => (r.meanRelevance === null ? [] : [r.meanRelevance]));
  const answers = new Map<string, AnswerShare>();
  const bump = (answer: string, key: 'proposed' | 'humanMajority') => {
    const share = answers.get(answer) ?? { answer, proposed: 0, humanMajority: 0 };
    share[key] += 1;
    answers.set(answer, share);
  };
  for (const r of results) {
    if (r.proposed !== null) bump(r.proposed, 'proposed');
    if (r.majorityAnswer !== null) bump(r.majorityAnswer, 'humanMajority');
  }
  return {
    source,
    datasets: reports.map((r) => r.dataset),
    labelAgreement: {
      agreeing,
      judged: labelled.length,
      share: labelled.length ? agreeing / labelled.length : null,
    },
    meanRelevance: relevances.length ? relevances.reduce((x, y) => x + y, 0) / relevances.length : null,
    answers: [...answers.values()].sort((x, y) => x.answer.localeCompare(y.answer)),
  };
}

function exampleRelevances(reports: readonly DatasetReport[]): number[] {
  return reports.flatMap((r) =>
    r.examples.flatMap((e) => (e.meanRelevance === null ? [] : [e.meanRelevance])),
  );
}
