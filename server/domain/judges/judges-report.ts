/**
 * The judges report of a study: for each judge (the generator first, then the imported ones), its comparison on
 * every dataset and pooled over all of them, and the verdict sentence over the datasets. Answers are unified
 * once over the whole study (unify.ts), so the pooled figures compare the same answers the datasets do.
 */
import type { DatasetInfo } from '../reports';
import { compareJudge, type JudgeComparison } from './compare-judge';
import { unifyJudgeExamples, withGenerator } from './unify';
import type { JudgeExample, JudgeInfo } from './types';
import { verdictSentence } from './verdict';

export interface JudgeSection {
  judge: JudgeInfo;
  pooled: JudgeComparison;
  datasets: { dataset: DatasetInfo; comparison: JudgeComparison }[];
  verdicts: { asOften: number; lessOften: number; undecided: number };
  sentence: string;
}

export interface JudgesReport {
  judges: JudgeSection[];
}

export function buildJudgesReport(
  datasets: readonly { dataset: DatasetInfo; examples: readonly JudgeExample[] }[],
  judges: readonly JudgeInfo[],
): JudgesReport {
  const unified = unifyJudgeExamples(datasets.flatMap((d) => d.examples));
  const all = withGenerator(unified);
  const byDataset = new Map<number, JudgeExample[]>(datasets.map((d) => [d.dataset.id, []]));
  for (const e of all) byDataset.get(e.datasetId)?.push(e);
  return {
    judges: judges.map((judge) => {
      const perDataset = datasets
        .map(({ dataset }) => ({
          dataset,
          comparison: compareJudge(byDataset.get(dataset.id) ?? [], judge.key),
        }))
        .filter((d) => d.comparison.answered > 0);
      const verdicts = perDataset.map((d) => d.comparison.verdict);
      const pooled = compareJudge(all, judge.key);
      return {
        judge,
        pooled: { ...pooled, disagreements: [] },
        datasets: perDataset,
        verdicts: {
          asOften: verdicts.filter((v) => v.kind === 'as-often').length,
          lessOften: verdicts.filter((v) => v.kind === 'less-often').length,
          undecided: verdicts.filter((v) => v.kind === 'undecided').length,
        },
        sentence: verdictSentence(judge.key, verdicts),
      };
    }),
  };
}
