import { verdictOf, type JudgeExample, type JudgeInfo } from '../../domain/judges';
import { answersOf } from '../../domain/reports';
import type { DatasetInfo } from '../../domain/reports';

/**
 * The judges CSV: one row per example of the study's datasets, sampled or not, with the human verdict and each
 * judge's answer and confidence (the generator's are the proposed label and label_confidence columns). Answers
 * are in their canonical display form, as on the report pages.
 */
export const JUDGE_EXPORT_COLUMNS = [
  'dataset',
  'example',
  'sampled',
  'proposed_label',
  'label_confidence',
  'human_answers',
  'human_verdict',
  'verdict_is_proposed',
] as const;

export type JudgeExportRow = Record<string, string | number | boolean | null>;

/** The judge columns, two per judge in report order: `<judge>_answer`, `<judge>_confidence`. */
export function judgeColumns(judges: readonly JudgeInfo[]): string[] {
  return judges.flatMap((j) => [`${j.key}_answer`, `${j.key}_confidence`]);
}

export function* judgeExportRows(
  datasets: readonly DatasetInfo[],
  examples: readonly JudgeExample[],
  judges: readonly JudgeInfo[],
): Generator<JudgeExportRow> {
  const slug = new Map(datasets.map((d) => [d.id, d.slug]));
  for (const e of examples) {
    const answers = answersOf(e);
    const verdict = answers.length > 0 ? verdictOf(answers) : null;
    const row: JudgeExportRow = {
      dataset: slug.get(e.datasetId) ?? '',
      example: e.position,
      sampled: e.sampled,
      proposed_label: e.proposed,
      label_confidence: e.confidence,
      human_answers: answers.length,
      human_verdict: verdict,
      verdict_is_proposed: verdict === null || e.proposed === null ? null : verdict === e.proposed,
    };
    for (const j of judges) {
      const a = e.judges[j.key];
      row[`${j.key}_answer`] = a?.answer ?? null;
      row[`${j.key}_confidence`] = a?.confidence ?? null;
    }
    yield row;
  }
}
