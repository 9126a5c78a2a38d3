/**
 * The inputs of report assembly: a dataset's sampled examples, each with its non-excluded judgments. Data access
 * builds these; everything in this folder is pure so the statistics can be unit-tested by hand.
 */
export interface ReportJudgment {
  id: number;
  workerId: number;
  /** The worker's own answer, an option key such as " Yes" or " (A)"; null when the template has no answer. */
  answer: string | null;
  relevance: number | null;
  ambiguous: boolean | null;
  comment: string | null;
  /** Every answer as stored, by question id (question-stats.ts reads them); absent in hand-built examples. */
  answers?: Readonly<Record<string, unknown>>;
}

export interface ReportExample {
  exampleId: number;
  datasetId: number;
  position: number;
  proposed: string | null;
  /**
   * Every correct answer when the file gave several (pre-release `corrects`, "; "-joined columns), the proposed
   * label among them; absent or empty when the proposed label is the only one.
   */
  correct?: string[];
  /** The option keys shown to workers. */
  options: string[];
  confidence: number | null;
  /** Judgments the task asked for (the study's k, or more for imported judgments). */
  k: number;
  judgments: ReportJudgment[];
}

export interface DatasetInfo {
  id: number;
  name: string;
  slug: string;
  category: string;
  source: 'lm' | 'human';
  pairingKey: string | null;
  description: string;
}

export const NO_LABEL = '(no proposed label)';

/**
 * Whether an answer agrees with the example's proposed label: it is the label, or one of the example's other
 * correct answers (issue 16: several correct answers count as agreement with any of them). Compare answers
 * unified first (answers.ts), so spelling cannot decide.
 */
export function agreesWithProposed(example: Pick<ReportExample, 'proposed' | 'correct'>, answer: string) {
  if (example.proposed === null) return false;
  return answer === example.proposed || (example.correct?.includes(answer) ?? false);
}

/** Answers given to an example, leaving out judgments without one. */
export function answersOf(example: ReportExample): string[] {
  return example.judgments.flatMap((j) => (j.answer === null ? [] : [j.answer]));
}

export function relevancesOf(example: ReportExample): number[] {
  return example.judgments.flatMap((j) => (j.relevance === null ? [] : [j.relevance]));
}

export function ambiguityFlagsOf(example: ReportExample): number {
  return example.judgments.filter((j) => j.ambiguous === true).length;
}
