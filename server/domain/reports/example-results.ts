/**
 * One example's aggregated judgments: the row of the examples CSV, the input of the failure and cleaning rules.
 */
import { majorityVote } from '../stats';
import { agreesWithProposed, ambiguityFlagsOf, answersOf, relevancesOf, type ReportExample } from './types';

export interface ExampleResult {
  exampleId: number;
  position: number;
  proposed: string | null;
  confidence: number | null;
  judgments: number;
  answers: number;
  /** Answers equal to the proposed label (or to another of the example's correct answers). */
  agreeing: number;
  /** The most common answer, or null on a tie or with no answers. */
  majorityAnswer: string | null;
  /** Strictly more than half of the answers equal the proposed label; null when unanswered or unlabelled. */
  majorityAgrees: boolean | null;
  unanimous: boolean | null;
  meanRelevance: number | null;
  ambiguousFlags: number;
  /** Dawid–Skene posterior that the proposed label is right, when the label model ran. */
  posteriorProposed: number | null;
}

// Aggregates one example; the posterior is filled in later by the label model.
export function summariseExample(example: ReportExample): ExampleResult {
  const answers = answersOf(example);
  const relevances = relevancesOf(example);
  const agreeing = answers.filter((a) => agreesWithProposed(example, a)).length;
  const judged = answers.length > 0 && example.proposed !== null;
  return {
    exampleId: example.exampleId,
    position: example.position,
    proposed: example.proposed,
    confidence: example.confidence,
    judgments: example.judgments.length,
    answers: answers.length,
    agreeing,
    majorityAnswer: majorityVote(answers).answer,
    majorityAgrees: judged ? 2 * agreeing > answers.length : null,
    unanimous: judged ? agreeing === answers.length : null,
    meanRelevance: relevances.length ? relevances.reduce((a, b) => a + b, 0) / relevances.length : null,
    ambiguousFlags: ambiguityFlagsOf(example),
    posteriorProposed: null,
  };
}
