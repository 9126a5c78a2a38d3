import type { QuestionTemplate } from '../../domain/studies/question-template';

/** The study as reports (and the judgment import) see it: importable without the reports repo. */
export interface ReportStudy {
  id: number;
  ownerId: number;
  name: string;
  state: string;
  k: number;
  /** Adaptive overlap (k judgments first, more until `agree` agree, at most kMax); null for fixed k. */
  overlap: { kMax: number; agree: number } | null;
  examplesPerDataset: number | null;
  seed: number;
  questions: { id: string; kind: string; role?: string }[];
  /** The whole template, for the per-question statistics (domain/reports/question-stats.ts). */
  template: QuestionTemplate;
  createdAt: Date;
}
