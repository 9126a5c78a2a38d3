import { VERDICT_RULE, type JudgeComparison, type JudgeSection } from '../../domain/judges';
import { reliabilityChart, type ReliabilityChart } from '../reports/charts';
import type { JudgesPage } from './service';
import { SHOWN_DISAGREEMENTS } from './service';

/**
 * Shapes the judges report for the page: reliability chart geometry, the verdict words, the disagreements shown
 * (with their question texts) and how many more there are, so the template only loops and prints.
 */
export interface ComparisonView {
  comparison: JudgeComparison;
  reliability: ReliabilityChart | null;
  disagreements: (JudgeComparison['disagreements'][number] & { question: string })[];
  moreDisagreements: number;
  verdictText: string;
}

const VERDICT_TEXT = {
  'as-often': 'as often as people',
  'less-often': 'less often than people',
  undecided: 'not counted',
} as const;

const PER_HUMAN_SHOWN = 20;

function comparisonView(c: JudgeComparison, questions: Map<number, string>): ComparisonView {
  const shown = c.disagreements.slice(0, SHOWN_DISAGREEMENTS);
  return {
    comparison: { ...c, perHuman: c.perHuman.slice(0, PER_HUMAN_SHOWN) },
    reliability: c.calibration ? reliabilityChart(c.calibration.bins) : null,
    disagreements: shown.map((d) => ({ ...d, question: questions.get(d.exampleId) ?? '' })),
    moreDisagreements: c.disagreements.length - shown.length,
    verdictText: VERDICT_TEXT[c.verdict.kind],
  };
}

export function judgesView(page: JudgesPage) {
  return {
    study: page.study,
    versions: page.versions,
    generatedAt: page.generatedAt,
    rule: VERDICT_RULE,
    perHumanShown: PER_HUMAN_SHOWN,
    sections: page.report.judges.map((s: JudgeSection) => ({
      judge: s.judge,
      sentence: s.sentence,
      verdicts: s.verdicts,
      pooled: comparisonView(s.pooled, page.questions),
      datasets: s.datasets.map((d) => ({
        dataset: d.dataset,
        ...comparisonView(d.comparison, page.questions),
      })),
    })),
  };
}
